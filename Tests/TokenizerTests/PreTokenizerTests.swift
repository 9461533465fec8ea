import Testing

@testable import Tokenizer

/// Pieces as the tiktoken split patterns produce them (expectations from Python's `regex` module
/// running the same patterns; none of these inputs depends on its `$`-before-final-newline quirk).
@Suite struct PreTokenizerTests {
    static let both: [(String, [String])] = [
        ("hello   world", ["hello", "  ", " world"]),
        ("x = 12345678;\r\n\r\n  y", ["x", " =", " ", "123", "456", "78", ";\r\n\r\n", " ", " y"]),
        ("  \n\t \u{a0}foo", ["  \n", "\t ", "\u{a0}foo"]),
        ("\u{1c5}emal \u{1c4} \u{1c6}", ["\u{1c5}emal", " \u{1c4}", " \u{1c6}"]),
        ("😀👍🏽 hi!!!\n\n", ["😀👍🏽", " hi", "!!!\n\n"]),
        ("path/to/file.swift// x", ["path", "/to", "/file", ".swift", "//", " x"]),
        ("١٢٣٤ ²³ Ⅻ", ["١٢٣", "٤", " ", "²³", " ", "Ⅻ"]),
        ("日本語のテキスト", ["日本語のテキスト"]),
        ("\u{3000}\u{3000}a\u{2028}b\u{85}", ["\u{3000}", "\u{3000}a", "\u{2028}b", "\u{85}"]),
        ("\r\n", ["\r\n"]),
    ]

    static let cl100k: [(String, [String])] = [
        ("a\n  ", ["a", "\n  "]),
        ("It'ſ'SS", ["It", "'ſ", "'S", "S"]),
        ("HTTPServer parseJSON", ["HTTPServer", " parseJSON"]),
        ("don't I'LL we'Re", ["don", "'t", " I", "'LL", " we", "'Re"]),
        ("e\u{301}\u{301}tude \u{301}a", ["e", "\u{301}\u{301}", "tude", " \u{301}", "a"]),
        ("'s's '\u{17f}  'x", ["'s", "'s", " '", "\u{17f}", " ", " '", "x"]),
    ]

    static let o200k: [(String, [String])] = [
        ("a\n  ", ["a", "\n", "  "]),
        ("It'ſ'SS", ["It'ſ", "'SS"]),
        ("HTTPServer parseJSON", ["HTTPServer", " parse", "JSON"]),
        ("don't I'LL we'Re", ["don't", " I'LL", " we'Re"]),
        ("e\u{301}\u{301}tude \u{301}a", ["e\u{301}\u{301}tude", " \u{301}a"]),
        ("'s's '\u{17f}  'x", ["'s's", " '", "\u{17f}", " ", " '", "x"]),
    ]

    @Test func cl100kPieces() throws {
        let encoding = try Encoding.named(.cl100kBase)
        for (text, expected) in Self.both + Self.cl100k {
            #expect(encoding.pieces(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func o200kPieces() throws {
        let encoding = try Encoding.named(.o200kBase)
        for (text, expected) in Self.both + Self.o200k {
            #expect(encoding.pieces(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func piecesCoverTheInputExactly() throws {
        let encoding = try Encoding.named(.o200kBase)
        let text = "Mixed: ÀB́c 'LL 12 \r\n\t 日本 🇺🇸\u{200d} end   "
        #expect(encoding.pieces(text).joined() == text)
        #expect(try Encoding.named(.cl100kBase).pieces(text).joined() == text)
    }
}
