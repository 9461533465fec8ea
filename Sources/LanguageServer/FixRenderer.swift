import JSON
import SourceDocument
import ToolModel

/// Turns a `Fix` (structural edits at JSON Pointers) into byte-range text edits that keep the
/// file's layout: new members go after the last one with the indentation found there, removed
/// members take their separating comma with them. JSON is fully supported; in YAML only key
/// renames and scalar replacements are rendered (others make the fix unavailable).
public struct FixRenderer: Sendable {
    public struct Edit: Sendable, Hashable {
        public var range: ByteRange
        public var newText: String
    }

    public let bytes: [UInt8]
    public let tree: SyntaxTree

    public init(bytes: [UInt8], tree: SyntaxTree) {
        self.bytes = bytes
        self.tree = tree
    }

    /// The edits for a fix, sorted, or `nil` when an operation cannot be rendered or two overlap.
    public func edits(for fix: Fix) -> [Edit]? {
        var edits: [Edit] = []
        for operation in fix.operations {
            guard let edit = edit(for: operation) else { return nil }
            edits.append(edit)
        }
        edits.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        for (a, b) in zip(edits, edits.dropFirst()) where a.range.upperBound > b.range.lowerBound {
            return nil
        }
        return edits
    }

    private var isJSON: Bool { tree.format != .yaml }

    func edit(for operation: FixOperation) -> Edit? {
        switch operation {
        case .replace(let pointer, let value):
            guard let node = tree.node(at: pointer) else { return nil }
            if !isJSON {
                guard value.isScalar else { return nil }
                return Edit(range: node.range, newText: value.serialized())
            }
            return Edit(range: node.range, newText: render(value, indent: lineIndent(at: node.range.lowerBound)))
        case .addMember(let objectPointer, let key, let value):
            guard isJSON, let object = tree.node(at: objectPointer), case .object(let members) = object.value,
                object.range.count >= 2
            else { return nil }
            if let last = members.last {
                let separator = keyValueSeparator(last)
                if lineStart(of: last.keyRange.lowerBound) != lineStart(of: object.range.lowerBound) {
                    let indent = lineIndent(at: last.keyRange.lowerBound)
                    let text = ",\n" + indent + JSONValue.quoted(key) + separator + render(value, indent: indent)
                    return Edit(range: last.value.range.upperBound..<last.value.range.upperBound, newText: text)
                }
                let text = ", " + JSONValue.quoted(key) + separator + value.serialized()
                return Edit(range: last.value.range.upperBound..<last.value.range.upperBound, newText: text)
            }
            let inner = (object.range.lowerBound + 1)..<(object.range.upperBound - 1)
            if value.isScalar || value.isEmptyContainer {
                return Edit(range: inner, newText: JSONValue.quoted(key) + ": " + value.serialized())
            }
            let outer = lineIndent(at: object.range.lowerBound)
            let indent = outer + indentUnit
            let text = "\n" + indent + JSONValue.quoted(key) + ": " + render(value, indent: indent) + "\n" + outer
            return Edit(range: inner, newText: text)
        case .remove(let pointer):
            guard isJSON, let parentPointer = pointer.parent, let token = pointer.lastToken,
                let parent = tree.node(at: parentPointer)
            else { return nil }
            let spans: [(start: Int, end: Int)]
            let index: Int
            switch parent.value {
            case .object(let members):
                guard let i = members.lastIndex(where: { $0.key == token }) else { return nil }
                spans = members.map { ($0.keyRange.lowerBound, $0.value.range.upperBound) }
                index = i
            case .array(let items):
                guard let i = JSONPointer.arrayIndex(token), i < items.count else { return nil }
                spans = items.map { ($0.range.lowerBound, $0.range.upperBound) }
                index = i
            default:
                return nil
            }
            if spans.count == 1 {
                return Edit(range: (parent.range.lowerBound + 1)..<(parent.range.upperBound - 1), newText: "")
            }
            if index > 0 {
                return Edit(range: spans[index - 1].end..<spans[index].end, newText: "")
            }
            return Edit(range: spans[0].start..<spans[1].start, newText: "")
        case .renameKey(let pointer, let newKey):
            guard let parentPointer = pointer.parent, let token = pointer.lastToken,
                let parent = tree.node(at: parentPointer), case .object(let members) = parent.value,
                let member = members.last(where: { $0.key == token })
            else { return nil }
            let text = isJSON || !Self.isPlainYAMLKey(newKey) ? JSONValue.quoted(newKey) : newKey
            return Edit(range: member.keyRange, newText: text)
        }
    }

    // MARK: Layout

    /// Pretty-prints containers with the document's indent unit, continuation lines indented
    /// from `indent`; scalars and empty containers stay on one line.
    func render(_ value: JSONValue, indent: String) -> String {
        guard !value.isScalar, !value.isEmptyContainer else { return value.serialized() }
        let pretty = value.serialized(.init(indent: 1))
        var out = ""
        for (i, line) in pretty.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { out += "\n" + indent }
            let depth = line.prefix { $0 == " " }.count
            out += String(repeating: indentUnit, count: depth) + line.dropFirst(depth)
        }
        return out
    }

    /// `": "` or `":"`, as the neighbouring member writes it.
    private func keyValueSeparator(_ member: SyntaxMember) -> String {
        let between = bytes[member.keyRange.upperBound..<min(member.value.range.lowerBound, bytes.count)]
        return between.contains(0x20) ? ": " : ":"
    }

    private func lineStart(of offset: Int) -> Int {
        var i = min(offset, bytes.count)
        while i > 0 && bytes[i - 1] != 0x0A && bytes[i - 1] != 0x0D { i -= 1 }
        return i
    }

    func lineIndent(at offset: Int) -> String {
        var i = lineStart(of: offset)
        var out = ""
        while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) {
            out.append(bytes[i] == 0x09 ? "\t" : " ")
            i += 1
        }
        return out
    }

    /// The indentation step of the file: a tab if lines start with tabs, else the smallest
    /// non-zero run of leading spaces (2 when the file has no indented lines).
    var indentUnit: String {
        var smallest = Int.max
        var i = 0
        var atLineStart = true
        var run = 0
        while i < bytes.count {
            let b = bytes[i]
            if atLineStart {
                if b == 0x09 { return "\t" }
                if b == 0x20 {
                    run += 1
                } else {
                    if run > 0 && b != 0x0A && b != 0x0D { smallest = min(smallest, run) }
                    atLineStart = false
                }
            }
            if b == 0x0A {
                atLineStart = true
                run = 0
            }
            i += 1
        }
        return String(repeating: " ", count: smallest == Int.max ? 2 : smallest)
    }

    private static func isPlainYAMLKey(_ key: String) -> Bool {
        // Words YAML would read as booleans or null must stay quoted.
        if ["true", "false", "null", "yes", "no", "on", "off", "y", "n"].contains(key.lowercased()) { return false }
        guard let first = key.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return key.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-"
                || $0 == "."
        }
    }
}

extension JSONValue {
    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    var isEmptyContainer: Bool {
        switch self {
        case .array(let items): items.isEmpty
        case .object(let members): members.isEmpty
        default: false
        }
    }
}
