import JSON

/// One LSP `TextDocumentContentChangeEvent`: replace `range` (or the whole text when `nil`).
public struct TextChange: Sendable {
    public var range: TextRange?
    public var text: String

    public init(range: TextRange?, text: String) {
        self.range = range
        self.text = text
    }
}

extension TextChange {
    /// Applies LSP content changes in order, each relative to the text after the previous one,
    /// keeping the line index current (the server's text buffers and `SourceDocument` share it).
    public static func apply(
        _ changes: [TextChange], to bytes: inout [UInt8], lineIndex: inout LineIndex, encoding: PositionEncoding
    ) {
        for change in changes {
            let replacement = Array(change.text.utf8)
            if let range = change.range {
                let start = lineIndex.offset(of: range.start, encoding: encoding)
                let end = max(start, lineIndex.offset(of: range.end, encoding: encoding))
                bytes.replaceSubrange(start..<end, with: replacement)
            } else {
                bytes = replacement
            }
            lineIndex = LineIndex(bytes)
        }
    }
}

/// A document's text at one version, with its line index and (lazily) its syntax tree.
/// Text is kept as UTF-8 bytes as read, so invalid UTF-8 from disk is reported, not repaired.
public struct SourceDocument: Sendable {
    public let uri: String
    public private(set) var version: Int
    public private(set) var bytes: [UInt8]
    public private(set) var lineIndex: LineIndex
    public let format: DocumentFormat
    public private(set) var tree: SyntaxTree

    /// `lineIndex`, when given, must be the index of `bytes` (the language server has one
    /// already, and building it again is a pass over the whole text); `tree`, when given, must
    /// be what `SyntaxTree.parse(bytes, format:)` returns (the server re-reads only an edit).
    public init(
        uri: String, bytes: [UInt8], version: Int = 0, format: DocumentFormat? = nil, lineIndex: LineIndex? = nil,
        tree: SyntaxTree? = nil
    ) {
        self.uri = uri
        self.version = version
        self.bytes = bytes
        self.lineIndex = lineIndex ?? LineIndex(bytes)
        let format = format ?? DocumentFormat.detect(uri: uri, bytes: bytes)
        self.format = format
        self.tree = tree ?? SyntaxTree.parse(bytes, format: format)
    }

    public init(uri: String, text: String, version: Int = 0, format: DocumentFormat? = nil) {
        self.init(uri: uri, bytes: Array(text.utf8), version: version, format: format)
    }

    /// The text, with any invalid UTF-8 replaced by U+FFFD.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Applies LSP content changes in order, then re-parses once.
    public mutating func apply(_ changes: [TextChange], version: Int, encoding: PositionEncoding = .utf16) {
        TextChange.apply(changes, to: &bytes, lineIndex: &lineIndex, encoding: encoding)
        self.version = version
        tree = SyntaxTree.parse(bytes, format: format)
    }

    public func range(of bytes: ByteRange, encoding: PositionEncoding = .utf16) -> TextRange {
        lineIndex.range(of: bytes, encoding: encoding)
    }

    public func offset(of position: TextPosition, encoding: PositionEncoding = .utf16) -> Int {
        lineIndex.offset(of: position, encoding: encoding)
    }

    /// Text range for a pointer (see `SyntaxTree.location`).
    public func range(of pointer: JSONPointer, preferKey: Bool = false, encoding: PositionEncoding = .utf16)
        -> TextRange?
    {
        tree.location(of: pointer, preferKey: preferKey).map { range(of: $0.range, encoding: encoding) }
    }

    public func pointer(at position: TextPosition, encoding: PositionEncoding = .utf16) -> JSONPointer {
        tree.pointer(at: offset(of: position, encoding: encoding))
    }

    /// Source text of one line, without its terminator (for compiler-style output).
    public func lineText(_ line: Int) -> String {
        String(decoding: bytes[lineIndex.contentRange(ofLine: line)], as: UTF8.self)
    }
}

extension DocumentFormat {
    /// By extension first, then by content: editors send unreliable `languageId`s.
    public static func detect(uri: String, bytes: [UInt8]) -> DocumentFormat {
        let lower = uri.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        if lower.hasSuffix(".json") || lower.hasSuffix(".jsonc") {
            // BFCL ships JSON Lines under `.json` names. `sniff` says JSON Lines only when the
            // first line is a whole object followed by another, which is never one JSON text.
            return sniff(bytes) == .jsonLines ? .jsonLines : .json
        }
        return sniff(bytes)
    }

    /// `{` or `[` as the first significant character means JSON; several top-level JSON
    /// objects on separate lines mean JSON Lines; anything else is read as YAML.
    public static func sniff(_ bytes: [UInt8]) -> DocumentFormat {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") else { return .yaml }
        // JSON Lines: a line that ends with `}` followed by a line that starts with `{`.
        // Straight to the first line break (a one-line file is scanned whole).
        var j = bytes.withUnsafeBufferPointer { all in
            var j = i
            // Eight bytes at a time while none of them is a line feed (the classic zero-byte
            // test on the word XOR 0x0A…).
            while j + 8 < all.count {
                let x = UnsafeRawPointer(all.baseAddress! + j).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0 { break }
                j += 8
            }
            while j + 1 < all.count && all[j] != 0x0A { j += 1 }
            return j
        }
        while j + 1 < bytes.count {
            if bytes[j] == 0x0A {
                var k = j - 1
                while k > i, bytes[k] == 0x20 || bytes[k] == 0x0D { k -= 1 }
                var m = j + 1
                while m < bytes.count, bytes[m] == 0x20 { m += 1 }
                if bytes[k] == UInt8(ascii: "}") && m < bytes.count && bytes[m] == UInt8(ascii: "{") {
                    return .jsonLines
                }
                // Only the first line decides: a pretty-printed object spans many lines.
                return .json
            }
            j += 1
        }
        return .json
    }
}
