import JSON
import SourceDocument
import ToolModel

/// Turns a `Fix` (structural edits at JSON Pointers) into byte-range text edits that keep the
/// file's layout: new members go after the last one with the indentation found there, removed
/// members take their separator (comma, or line break in block YAML) with them. In YAML, new
/// values are written as JSON, which is valid YAML flow syntax.
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

    /// The edits for a fix, sorted, or `nil` when an operation cannot be rendered or two overlap,
    /// or when the text has syntax errors: the recovering parser's ranges near an error are
    /// guesses, and an edit placed by them could land inside a broken string.
    public func edits(for fix: Fix) -> [Edit]? {
        guard tree.diagnostics.allSatisfy({ $0.code == .duplicateKey }) else { return nil }
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
            // In YAML a JSON value is valid flow syntax; keep it on one line.
            let multiline = bytes[node.range].contains(0x0A)
            let text =
                isJSON && multiline ? render(value, indent: lineIndent(at: node.range.lowerBound)) : inline(value)
            return Edit(range: node.range, newText: text)
        case .addMember(let objectPointer, let key, let value):
            guard let object = tree.node(at: objectPointer), case .object(let members) = object.value else {
                return nil
            }
            return isFlow(object) ? addToFlow(object, members, key, value) : addToBlock(members, key, value)
        case .remove(let pointer):
            guard let parentPointer = pointer.parent, let token = pointer.lastToken,
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
                if isFlow(parent) {
                    guard parent.range.count >= 2 else { return nil }
                    return Edit(range: (parent.range.lowerBound + 1)..<(parent.range.upperBound - 1), newText: "")
                }
                // A block collection cannot be empty; write the empty flow form instead.
                guard case .object = parent.value else { return Edit(range: parent.range, newText: "[]") }
                return Edit(range: parent.range, newText: "{}")
            }
            // The separator before (or, for the first entry, after) goes with the entry: a comma
            // in JSON and flow YAML, the line break and indentation in block YAML.
            if index > 0 {
                return Edit(range: spans[index - 1].end..<spans[index].end, newText: "")
            }
            return Edit(range: spans[0].start..<spans[1].start, newText: "")
        case .renameKey(let pointer, let newKey):
            guard let parentPointer = pointer.parent, let token = pointer.lastToken,
                let parent = tree.node(at: parentPointer), case .object(let members) = parent.value,
                let member = members.last(where: { $0.key == token })
            else { return nil }
            return Edit(range: member.keyRange, newText: keyText(newKey))
        case .appendElement(let arrayPointer, let value):
            guard let array = tree.node(at: arrayPointer), case .array(let items) = array.value else { return nil }
            return isFlow(array) ? appendToFlow(array, items, value) : appendToBlock(items, value)
        }
    }

    /// JSON, or a YAML collection written in flow style (`{…}` / `[…]`).
    private func isFlow(_ node: SyntaxNode) -> Bool {
        guard !isJSON else { return true }
        guard node.range.lowerBound < bytes.count else { return false }
        let first = bytes[node.range.lowerBound]
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    private func keyText(_ key: String) -> String {
        isJSON || !Self.isPlainYAMLKey(key) ? JSONValue.quoted(key) : key
    }

    private func addToFlow(_ object: SyntaxNode, _ members: [SyntaxMember], _ key: String, _ value: JSONValue)
        -> Edit?
    {
        guard object.range.count >= 2 else { return nil }
        let name = keyText(key)
        if let last = members.last {
            let separator = keyValueSeparator(last)
            let at = last.value.range.upperBound..<last.value.range.upperBound
            if isJSON && lineStart(of: last.keyRange.lowerBound) != lineStart(of: object.range.lowerBound) {
                let indent = lineIndent(at: last.keyRange.lowerBound)
                return Edit(range: at, newText: ",\n" + indent + name + separator + render(value, indent: indent))
            }
            return Edit(range: at, newText: ", " + name + separator + inline(value))
        }
        let inner = (object.range.lowerBound + 1)..<(object.range.upperBound - 1)
        // JSON Lines keeps each document on one line.
        if !isJSON || tree.format == .jsonLines || value.isScalar || value.isEmptyContainer {
            return Edit(range: inner, newText: name + ": " + inline(value))
        }
        let outer = lineIndent(at: object.range.lowerBound)
        let indent = outer + indentUnit
        return Edit(range: inner, newText: "\n" + indent + name + ": " + render(value, indent: indent) + "\n" + outer)
    }

    /// A new `key: value` line in a block mapping, at the column of the existing keys (which
    /// may follow a `- ` on the first line of a sequence item).
    private func addToBlock(_ members: [SyntaxMember], _ key: String, _ value: JSONValue) -> Edit? {
        guard let last = members.last else { return nil }
        let column = last.keyRange.lowerBound - lineStart(of: last.keyRange.lowerBound)
        let at = last.value.range.upperBound..<last.value.range.upperBound
        let text = "\n" + String(repeating: " ", count: column) + keyText(key) + ": " + inline(value)
        return Edit(range: at, newText: text)
    }

    /// After the last element, on its own line when the elements are one per line, else after
    /// `, ` (or `,` when the array is written without spaces).
    private func appendToFlow(_ array: SyntaxNode, _ items: [SyntaxNode], _ value: JSONValue) -> Edit? {
        guard array.range.count >= 2 else { return nil }
        guard let last = items.last else {
            return Edit(range: (array.range.lowerBound + 1)..<(array.range.upperBound - 1), newText: valueText(value))
        }
        let at = last.range.upperBound..<last.range.upperBound
        if lineStart(of: last.range.lowerBound) != lineStart(of: array.range.lowerBound) {
            let indent = lineIndent(at: last.range.lowerBound)
            let text = isJSON ? render(value, indent: indent) : valueText(value)
            return Edit(range: at, newText: ",\n" + indent + text)
        }
        var separator = ", "
        if items.count >= 2 {
            let between = bytes[items[items.count - 2].range.upperBound..<last.range.lowerBound]
            if !between.contains(0x20) { separator = "," }
        }
        return Edit(range: at, newText: separator + valueText(value))
    }

    /// A new `- value` line at the column of the last item's dash.
    private func appendToBlock(_ items: [SyntaxNode], _ value: JSONValue) -> Edit? {
        guard let last = items.last else { return nil }
        var dash = last.range.lowerBound - 1
        while dash >= 0 && (bytes[dash] == 0x20 || bytes[dash] == 0x09) { dash -= 1 }
        guard dash >= 0, bytes[dash] == UInt8(ascii: "-") else { return nil }
        let column = dash - lineStart(of: dash)
        let at = last.range.upperBound..<last.range.upperBound
        return Edit(range: at, newText: "\n" + String(repeating: " ", count: column) + "- " + valueText(value))
    }

    /// A value on one line: JSON, or in YAML a plain scalar when the string needs no quotes.
    private func valueText(_ value: JSONValue) -> String {
        if !isJSON, case .string(let text) = value, Self.isPlainYAMLKey(text) { return text }
        return inline(value)
    }

    /// JSON on one line with a space after `,` and `:` (as people write inline objects), not
    /// the compact form.
    func inline(_ value: JSONValue) -> String {
        let compact = value.serialized()
        guard !value.isScalar else { return compact }
        var out = ""
        out.reserveCapacity(compact.utf8.count + 16)
        var inString = false
        var escaped = false
        for character in compact.unicodeScalars {
            out.unicodeScalars.append(character)
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else if character == "\"" {
                inString = true
            } else if character == "," || character == ":" {
                out.unicodeScalars.append(" ")
            }
        }
        return out
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
