import Foundation
import JSON
import SourceDocument
import ToolModel

/// One tool of a `document/analyze` request, encoded to compact JSON once and reused for every
/// plugin and, through `ToolEncodingCache`, for later versions of the document in which the
/// tool did not change. A class: a version shares the unchanged tools of the previous one (one
/// reference each), and the per-plugin memory of the last answer (`LastAnswers`) recognises an
/// unchanged tool by identity.
final class EncodedTool: Sendable {
    /// `{"index":…,"dialect":…,…,"pointers":{…}}`, the form plugins that did not negotiate
    /// `toolHashes` get.
    let plain: [UInt8]
    /// An opaque id of `plain` (60 bits of FNV-1a 64 in 10 URL-safe base64 digits, short enough
    /// to be a Swift small string, which needs no allocation): equal ids, equal tools.
    let hash: String
    /// Where the tool is in its document.
    let pointer: JSONPointer
    let dialect: Dialect
    /// Set by `ToolEncodingCache`: equal ids, the same text at the same pointer of one
    /// document (JSON without syntax errors), so any pointer below `pointer` resolves in one
    /// version exactly when it does in the other. nil when that is not known.
    let sourceID: UInt64?
    /// The tool's source text when `sourceID` is set (the cache compares the next version's
    /// text with it).
    let source: [UInt8]?

    init(_ tool: ToolDefinition, index: Int, sourceID: UInt64? = nil, source: [UInt8]? = nil) {
        plain = Self.encode(tool, index: index)
        hash = Self.fnv1a(plain)
        pointer = tool.pointer
        dialect = tool.dialect
        self.sourceID = sourceID
        self.source = source
    }

    /// `{"hash":"…",` followed by the rest of `plain`.
    func hashed(into out: inout [UInt8]) {
        out.append(contentsOf: Self.hashKey)
        out.append(contentsOf: hash.utf8)
        out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ",")])
        out.append(contentsOf: plain.dropFirst())
    }

    /// `"…"`: the tool by reference (its hash as a string), for a plugin that has seen it. A
    /// string rather than `{"hash": …}`: a hundred small objects cost a JSON parser far more.
    func reference(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: hash.utf8)
        out.append(UInt8(ascii: "\""))
    }

    private static let hashKey = Array(#"{"hash":""#.utf8)

    /// Whether `source` is `bytes[range]`.
    func hasSource(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        guard let source, source.count == range.count, range.upperBound <= bytes.count else { return false }
        guard !source.isEmpty else { return true }
        return source.withUnsafeBytes { x in
            bytes.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress! + range.lowerBound, x.count) == 0 }
        }
    }

    /// The same bytes as `JSONWriter.bytes` of the tool's entry in
    /// `PluginMessages.analyzeParams` (tested), written without building that value.
    static func encode(_ tool: ToolDefinition, index: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        func key(_ name: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        out.append(UInt8(ascii: "{"))
        key("index", first: true)
        JSONWriter.write(.integer(Int64(index)), into: &out)
        key("dialect")
        JSONWriter.write(.string(tool.dialect.rawValue), into: &out)
        if let name = tool.name {
            key("name")
            JSONWriter.write(.string(name.value), into: &out)
        }
        if let title = tool.title {
            key("title")
            JSONWriter.write(.string(title.value), into: &out)
        }
        if let description = tool.description {
            key("description")
            JSONWriter.write(.string(description.value), into: &out)
        }
        if let schema = tool.inputSchema {
            key("inputSchema")
            JSONWriter.write(schema.value, into: &out)
        }
        if let schema = tool.outputSchema {
            key("outputSchema")
            JSONWriter.write(schema.value, into: &out)
        }
        if let annotations = tool.annotations {
            key("annotations")
            JSONWriter.write(annotations.value, into: &out)
        }
        key("pointers")
        out.append(UInt8(ascii: "{"))
        key("tool", first: true)
        JSONWriter.write(.string(tool.pointer.description), into: &out)
        key("definition")
        JSONWriter.write(.string(tool.definitionPointer.description), into: &out)
        key("inputSchema")
        JSONWriter.write(.string((tool.inputSchema?.pointer ?? tool.inputSchemaPointer).description), into: &out)
        if let name = tool.name {
            key("name")
            JSONWriter.write(.string(name.pointer.description), into: &out)
        }
        if let description = tool.description {
            key("description")
            JSONWriter.write(.string(description.pointer.description), into: &out)
        }
        out.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "}")])
        return out
    }

    /// URL-safe base64 digits: 10 of them carry 60 bits, a third fewer bytes than hex for
    /// a plugin to parse per tool.
    private static let digits64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        var digits = [UInt8](repeating: 0, count: 10)
        for i in 0..<10 { digits[i] = digits64[Int((hash >> UInt64(54 - 6 * i)) & 0x3F)] }
        return String(decoding: digits, as: UTF8.self)
    }
}

/// Byte ranges of tools by pointer. Tools are siblings (`/tools/0`, `/tools/1`, …): their
/// container is resolved once, not once per tool from the root.
private struct ToolRanges {
    let tree: SyntaxTree
    private var parentTokens: [String]?
    private var parent: SyntaxNode?
    /// The parent's items when it is an array (taken out once, not once per tool).
    private var items: [SyntaxNode]?

    init(_ tree: SyntaxTree) { self.tree = tree }

    mutating func range(of pointer: JSONPointer) -> Range<Int>? {
        let tokens = pointer.tokens
        guard let last = tokens.last else { return tree.root?.range }
        if !hasParent(tokens) {
            let path = Array(tokens.dropLast())
            parentTokens = path
            parent = tree.node(at: JSONPointer(tokens: path))
            items = nil
            if let parent, case .array(let found) = parent.value { items = found }
        }
        if let items {
            guard let i = JSONPointer.arrayIndex(last), i < items.count else { return nil }
            return items[i].range
        }
        return parent?.child(last)?.node.range
    }

    /// `tokens` without its last is `parentTokens` (compared in place, no slice).
    private func hasParent(_ tokens: [String]) -> Bool {
        guard let parentTokens, parentTokens.count == tokens.count - 1 else { return false }
        for index in parentTokens.indices where parentTokens[index] != tokens[index] { return false }
        return true
    }
}

/// Source ids unique in the process, whichever cache hands them out (a plugin process may see
/// requests built with more than one cache).
private final class SourceIDs: @unchecked Sendable {
    static let shared = SourceIDs()
    private let lock = NSLock()
    private var last: UInt64 = 0

    func next() -> UInt64 {
        lock.withLock {
            last += 1
            return last
        }
    }
}

/// Encoded tools of recently analysed documents, by URI. A tool whose source text, position
/// and dialect are byte-for-byte what they were in the previous version of its document is not
/// encoded again (so after a one-tool edit only that tool is). Only for JSON documents without
/// syntax errors: there a tool's value is a function of its own text, whereas a YAML alias can
/// pull in text from elsewhere.
final class ToolEncodingCache: @unchecked Sendable {
    private struct Document {
        /// The last version's tools; each keeps its own source text.
        var tools: [EncodedTool]
        /// The text `tools` were read from.
        var toolsText: [UInt8] = []
        var text: [UInt8]
        var encodedText: [UInt8]?

        /// What `measure()` said when the document was last stored.
        var byteCount = 0

        func measure() -> Int {
            var total = toolsText.count + text.count + (encodedText?.count ?? 0)
            for tool in tools { total += (tool.source?.count ?? 0) + tool.plain.count }
            return total
        }
    }

    private let lock = NSLock()
    private var documents: [String: Document] = [:]
    private var order: [String] = []
    private let capacity: Int
    private let maxBytes: Int
    private var totalBytes = 0

    /// Keeps at most `capacity` documents and about `maxBytes` of source and encoded text;
    /// the least recently stored go first.
    init(capacity: Int = 64, maxBytes: Int = 64 << 20) {
        self.capacity = capacity
        self.maxBytes = maxBytes
    }

    func tools(of document: SourceDocument, _ set: ToolSet) -> [EncodedTool] {
        let cacheable = document.format != .yaml && !document.tree.hasErrors
        guard cacheable else { return set.tools.enumerated().map { EncodedTool($1, index: $0) } }
        let (previous, previousText) = lock.withLock {
            (documents[document.uri]?.tools ?? [], documents[document.uri]?.toolsText ?? [])
        }
        // The same text (a re-analysis without an edit): the same tools, nothing to compare.
        if previous.count == set.tools.count, !previous.isEmpty, Self.same(previousText, document.bytes) {
            return previous
        }
        var out: [EncodedTool] = []
        out.reserveCapacity(set.tools.count)
        // Indices rather than elements: a `ToolDefinition` is large, and copying one per tool
        // costs more than the comparison.
        var ranges = ToolRanges(document.tree)
        let bytes = document.bytes
        // Through element pointers: reading a field of `tools[index]` copied the whole
        // `ToolDefinition` (a retain per field) on every tool, and so did `tools[index].dialect`
        // through a buffer's subscript. Cheapest checks first: the dialect, the text, the pointer.
        set.tools.withUnsafeBufferPointer { tools in
            guard let base = tools.baseAddress else { return }
            for index in 0..<tools.count {
                let tool = base + index
                let range = ranges.range(of: tool.pointee.pointer)
                if let range, index < previous.count {
                    let old = previous[index]
                    if old.dialect == tool.pointee.dialect, old.hasSource(bytes, range),
                        old.pointer == tool.pointee.pointer
                    {
                        out.append(old)
                        continue
                    }
                }
                out.append(
                    EncodedTool(
                        tool.pointee, index: index, sourceID: range.map { _ in SourceIDs.shared.next() },
                        source: range.map { Array(bytes[$0]) }))
            }
        }
        store(document.uri) {
            $0.tools = out
            $0.toolsText = document.bytes
        }
        return out
    }

    /// How many documents are kept (tests check the bounds).
    var documentCount: Int { lock.withLock { documents.count } }

    /// The document text as a JSON string, reused while the text is unchanged.
    func encodedText(of document: SourceDocument) -> [UInt8] {
        if let cached = lock.withLock({ documents[document.uri] }), let text = cached.encodedText,
            Self.same(cached.text, document.bytes)
        {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(document.bytes.count + 64)
        JSONWriter.write(.string(document.text), into: &out)
        store(document.uri) {
            $0.text = document.bytes
            $0.encodedText = out
        }
        return out
    }

    private func store(_ uri: String, _ update: (inout Document) -> Void) {
        lock.withLock {
            if let index = order.firstIndex(of: uri) { order.remove(at: index) }
            order.append(uri)
            var document = documents.removeValue(forKey: uri) ?? Document(tools: [], text: [], encodedText: nil)
            totalBytes -= document.byteCount
            update(&document)
            document.byteCount = document.measure()
            totalBytes += document.byteCount
            documents[uri] = document
            while order.count > 1 && (order.count > capacity || totalBytes > maxBytes) {
                totalBytes -= documents.removeValue(forKey: order.removeFirst())?.byteCount ?? 0
            }
        }
    }

    private static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 }
        }
    }
}
