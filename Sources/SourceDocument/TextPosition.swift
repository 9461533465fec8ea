/// How LSP `character` offsets are counted. UTF-16 is the LSP default; a client may offer UTF-8.
public enum PositionEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"
}

/// A zero-based line and character, with the character counted in some `PositionEncoding`.
public struct TextPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
        (lhs.line, lhs.character) < (rhs.line, rhs.character)
    }

    public var description: String { "\(line):\(character)" }
}

public struct TextRange: Sendable, Hashable, CustomStringConvertible {
    public var start: TextPosition
    public var end: TextPosition

    public init(start: TextPosition, end: TextPosition) {
        self.start = start
        self.end = end
    }

    public var description: String { "\(start)-\(end)" }
}

/// A half-open range of UTF-8 byte offsets into a document's text.
public typealias ByteRange = Range<Int>
