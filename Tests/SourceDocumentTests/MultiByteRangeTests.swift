import JSON
import SourceDocument
import Testing

/// Byte ranges from the parser, turned into LSP positions over text with 2-, 3- and 4-byte
/// characters (UTF-16 counts 😀 as two units, é and 日 as one).
@Suite struct MultiByteRangeTests {
    /// Character offset of a byte offset on line 0, counted independently by the standard library.
    func units(_ text: String, upTo offset: Int, _ encoding: PositionEncoding) -> Int {
        let prefix = String(decoding: Array(text.utf8)[..<offset], as: UTF8.self)
        switch encoding {
        case .utf8: return prefix.utf8.count
        case .utf16: return prefix.utf16.count
        case .utf32: return prefix.unicodeScalars.count
        }
    }

    @Test func errorAfterEmojiKeyIsAtItsTokenStart() throws {
        let text = #"{"é😀": x}"#
        let document = SourceDocument(uri: "file:///t.json", text: text)
        let diagnostic = try #require(document.tree.diagnostics.first)
        #expect(diagnostic.range == 11..<12)
        // jansson says column 8 in code points, *past* `x`; LSP wants the start of `x`: UTF-16
        // character 8 (column 9 counted from 1), UTF-8 byte 11, UTF-32 scalar 7.
        #expect(
            document.range(of: diagnostic.range)
                == TextRange(
                    start: TextPosition(line: 0, character: 8), end: TextPosition(line: 0, character: 9)))
        #expect(document.range(of: diagnostic.range, encoding: .utf8).start == TextPosition(line: 0, character: 11))
        #expect(document.range(of: diagnostic.range, encoding: .utf32).start == TextPosition(line: 0, character: 7))
    }

    @Test(arguments: PositionEncoding.allCases)
    func everyNodeMapsToTheStandardLibrarysCount(_ encoding: PositionEncoding) throws {
        let text = #"{"日本語": "値", "é😀": ["🚀", "x"], "k": 1}"#
        let document = SourceDocument(uri: "file:///t.json", text: text)
        #expect(document.tree.diagnostics.isEmpty)
        guard case .object(let members) = document.tree.root?.value else {
            Issue.record("root is not an object")
            return
        }
        for member in members {
            let key = document.range(of: member.keyRange, encoding: encoding)
            #expect(key.start.character == units(text, upTo: member.keyRange.lowerBound, encoding))
            #expect(key.end.character == units(text, upTo: member.keyRange.upperBound, encoding))
            let value = document.range(of: member.value.range, encoding: encoding)
            #expect(value.start.character == units(text, upTo: member.value.range.lowerBound, encoding))
            #expect(value.end.character == units(text, upTo: member.value.range.upperBound, encoding))
        }
        let rocket = try #require(document.tree.node(at: JSONPointer("/é😀/0")!))
        #expect(rocket.range == byteRange(of: #""🚀""#, in: text))
    }

    @Test func errorOnALaterLineIgnoresWideCharactersAbove() throws {
        let text = "{\n  \"😀😀\": 1,\n  \"é\": tru\n}"
        let document = SourceDocument(uri: "file:///t.json", text: text)
        let diagnostic = try #require(document.tree.diagnostics.first)
        #expect(diagnostic.range == byteRange(of: "tru", in: text))
        #expect(document.range(of: diagnostic.range).start == TextPosition(line: 2, character: 7))
        #expect(document.range(of: diagnostic.range, encoding: .utf8).start == TextPosition(line: 2, character: 8))
    }

    @Test func pointerRangesUseUTF16() throws {
        let text = "{\"😀\": {\"日本\": \"é\"}}"
        let document = SourceDocument(uri: "file:///t.json", text: text)
        let range = try #require(document.range(of: JSONPointer.root / "😀" / "日本"))
        #expect(
            range == TextRange(start: TextPosition(line: 0, character: 14), end: TextPosition(line: 0, character: 17)))
        let key = try #require(document.range(of: JSONPointer.root / "😀" / "日本", preferKey: true))
        #expect(key == TextRange(start: TextPosition(line: 0, character: 8), end: TextPosition(line: 0, character: 12)))
        #expect(document.pointer(at: TextPosition(line: 0, character: 15)) == JSONPointer.root / "😀" / "日本")
        #expect(document.pointer(at: TextPosition(line: 0, character: 2)) == JSONPointer.root / "😀")
    }
}
