import Foundation
import JSON
import SourceDocument
import ToolModel

/// The `document/analyze` params for one document, encoded straight to bytes: each tool once
/// (reused from `ToolEncodingCache` when it did not change since the document's last version),
/// the document header once per variant, and for each plugin only the splice of those pieces:
/// with or without the text, and, for plugins that negotiated `toolHashes`, each tool in full
/// or by reference.
final class AnalyzeRequest: @unchecked Sendable {
    let document: SourceDocument
    private let set: ToolSet
    private let settings: JSONValue
    private let pluginSettings: [String: JSONValue]
    private let cache: ToolEncodingCache
    private let lock = NSLock()
    private var _tools: [EncodedTool]?
    private var heads: [Bool: [UInt8]] = [:]
    /// The closing bytes with the settings, per plugin id (nil: the shared settings).
    private var tails: [String?: [UInt8]] = [:]
    private var _lastEncodedCount = 0

    /// - Parameter pluginSettings: settings of the plugins that have their own (by id); the
    ///   others get `settings`.
    init(
        document: SourceDocument, tools: ToolSet, settings: JSONValue, pluginSettings: [String: JSONValue] = [:],
        cache: ToolEncodingCache
    ) {
        self.document = document
        self.set = tools
        self.settings = settings
        self.pluginSettings = pluginSettings
        self.cache = cache
    }

    /// The encoded tools, in document order.
    var tools: [EncodedTool] {
        lock.withLock {
            if let _tools { return _tools }
            let built = cache.tools(of: document, set)
            _tools = built
            return built
        }
    }

    /// The params as compact JSON, with the settings of plugin `id`. With `hashes`, every tool
    /// carries its `hash` and those whose index `known` accepts are sent as their hash alone.
    func encoded(
        for id: String? = nil, withText: Bool, hashes: Bool = false, known: (Int) -> Bool = { _ in false }
    ) -> [UInt8] {
        let tools = self.tools
        let key = id.flatMap { pluginSettings[$0] == nil ? nil : $0 }
        let (head, tail) = lock.withLock { () -> ([UInt8], [UInt8]) in
            let head = heads[withText] ?? makeHead(withText: withText)
            heads[withText] = head
            let tail = tails[key] ?? makeTail(key.flatMap { pluginSettings[$0] } ?? settings)
            tails[key] = tail
            return (head, tail)
        }
        var out: [UInt8] = []
        out.reserveCapacity(head.count + tail.count + tools.reduce(0) { $0 + $1.plain.count + 30 })
        out.append(contentsOf: head)
        for (index, tool) in tools.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if !hashes {
                out.append(contentsOf: tool.plain)
            } else if known(index) {
                tool.reference(into: &out)
            } else {
                tool.hashed(into: &out)
            }
        }
        out.append(contentsOf: tail)
        lock.withLock { _lastEncodedCount = out.count }
        return out
    }

    /// Size of the params `encoded` last returned (for the benchmark's report).
    var lastEncodedCount: Int { lock.withLock { _lastEncodedCount } }

    /// `{"document":{…},"dialect":…,"tools":[`, in the member order of
    /// `PluginMessages.analyzeParams`.
    private func makeHead(withText: Bool) -> [UInt8] {
        var out = Array(#"{"document":{"uri":"#.utf8)
        JSONWriter.write(.string(document.uri), into: &out)
        out.append(contentsOf: #","version":"#.utf8)
        JSONWriter.write(.integer(Int64(document.version)), into: &out)
        out.append(contentsOf: #","languageId":"#.utf8)
        JSONWriter.write(.string(document.format == .yaml ? "yaml" : "json"), into: &out)
        if withText {
            out.append(contentsOf: #","text":"#.utf8)
            out.append(contentsOf: cache.encodedText(of: document))
        }
        out.append(contentsOf: #"},"dialect":"#.utf8)
        JSONWriter.write(set.dialect.map { .string($0.rawValue) } ?? .null, into: &out)
        out.append(contentsOf: #","tools":["#.utf8)
        return out
    }

    private func makeTail(_ settings: JSONValue) -> [UInt8] {
        var out = Array(#"],"settings":"#.utf8)
        JSONWriter.write(settings, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
