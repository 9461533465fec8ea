import JSON
import SourceDocument
import Testing

/// Parses `text` as JSON (or JSON Lines).
func parse(_ text: String, lines: Bool = false) -> SyntaxTree {
    SyntaxTree.parse(Array(text.utf8), format: lines ? .jsonLines : .json)
}

/// Byte range of the `occurrence`-th (1-based) appearance of `needle` in `text`, so tests can
/// name the offending token instead of counting bytes by hand.
func byteRange(of needle: String, in text: String, occurrence: Int = 1) -> ByteRange {
    let haystack = Array(text.utf8)
    let pattern = Array(needle.utf8)
    var seen = 0
    var i = 0
    while i + pattern.count <= haystack.count {
        if haystack[i..<(i + pattern.count)].elementsEqual(pattern) {
            seen += 1
            if seen == occurrence { return i..<(i + pattern.count) }
        }
        i += 1
    }
    Issue.record("'\(needle)' occurs fewer than \(occurrence) times in the text")
    return 0..<0
}

/// The value at `pointer` (as plain JSON), or nil when the pointer does not resolve.
func value(_ tree: SyntaxTree, _ pointer: String) -> JSONValue? {
    guard let pointer = JSONPointer(pointer), let node = tree.node(at: pointer) else { return nil }
    return node.jsonValue()
}

/// Structural equality with doubles compared bit for bit (so -0.0 and 0.0 differ).
func exactlyEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.double(let x), .double(let y)): x.bitPattern == y.bitPattern
    // Code points, not Swift's canonical equivalence.
    case (.string(let x), .string(let y)): x.utf8.elementsEqual(y.utf8)
    case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy { exactlyEqual($0, $1) }
    case (.object(let x), .object(let y)):
        x.count == y.count
            && zip(x, y).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && exactlyEqual($0.value, $1.value) }
    default: a == b
    }
}

extension SyntaxNode.Value {
    var isInvalid: Bool {
        if case .invalid = self { return true }
        return false
    }
}
