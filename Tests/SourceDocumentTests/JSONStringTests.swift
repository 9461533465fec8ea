import JSON
import SourceDocument
import Testing

@Suite struct JSONStringTests {
    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""q\"b\\s\/n\nr\rt\tb\bf\f""#, "q\"b\\s/n\nr\rt\tb\u{08}f\u{0C}"),
        (#""\u00e9\u65E5\u672c""#, "é日本"),
        (#""\ud83d\ude00 and \uD83D\uDE80""#, "😀 and 🚀"),
        (#""raw é 日本語 😀""#, "raw é 日本語 😀"),
        (#""\u0000""#, "\u{0}"),
    ])
    func decodes(_ text: String, _ expected: String) {
        let tree = parse(text)
        #expect(tree.diagnostics.isEmpty)
        #expect(tree.jsonValue() == .string(expected))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() {
        let text = #"["\ud800x", "\udc00", "\ud800\u0041"]"#
        let tree = parse(text)
        #expect(tree.jsonValue() == ["\u{FFFD}x", "\u{FFFD}", "\u{FFFD}A"])
        #expect(
            tree.diagnostics.map(\.range) == [
                byteRange(of: #"\ud800"#, in: text), byteRange(of: #"\udc00"#, in: text),
                byteRange(of: #"\ud800"#, in: text, occurrence: 2),
            ])
        #expect(tree.diagnostics.first?.message == #"lone surrogate '\ud800' in string (read as U+FFFD)"#)
    }

    @Test func badEscapesAreReportedAndSkipped() {
        let text = #"{"a": "x\qy", "b": "\u12G4", "c": 1}"#
        let tree = parse(text)
        #expect(
            tree.diagnostics.map(\.message) == [
                #"invalid escape sequence '\q'"#, #"invalid \u escape '\u12': expected four hex digits"#,
            ])
        #expect(tree.diagnostics.map(\.range) == [byteRange(of: #"\q"#, in: text), byteRange(of: #"\u12"#, in: text)])
        #expect(value(tree, "/a") == "xqy")
        #expect(value(tree, "/b") == "\u{FFFD}G4")
        #expect(value(tree, "/c") == 1)
    }

    @Test func rawControlCharactersAreReported() {
        let text = "[\"a\tb\", 1]"
        let tree = parse(text)
        #expect(tree.diagnostics.map(\.message) == ["control character U+0009 must be escaped in a string"])
        #expect(tree.diagnostics.first?.range == byteRange(of: "\t", in: text))
        #expect(tree.jsonValue() == ["a\tb", 1])
    }

    @Test func keysAreUnescapedAndKeepTheirQuotedRange() throws {
        let text = #"{"a\/b": 1, "\u00e9": 2}"#
        let tree = parse(text)
        guard case .object(let members) = tree.root?.value else {
            Issue.record("root is not an object")
            return
        }
        #expect(members.map(\.key) == ["a/b", "é"])
        #expect(
            members.map(\.keyRange) == [byteRange(of: #""a\/b""#, in: text), byteRange(of: #""\u00e9""#, in: text)])
    }

    @Test func invalidUTF8IsReportedWithItsBytes() {
        // C3 28: a lead byte without its continuation; FF never occurs; ED A0 80 is a UTF-8
        // encoded surrogate; F0 9F 98 is a truncated emoji.
        var bytes = Array(#"{"a": "x"#.utf8) + [0xC3, 0x28] + Array(#"", "b": "#.utf8) + [0xFF]
        bytes += Array(#", "c": ""#.utf8) + [0xED, 0xA0, 0x80] + Array(#"", "d": ""#.utf8) + [0xF0, 0x9F, 0x98]
        bytes += Array(#"", "e": 5}"#.utf8)
        let tree = SyntaxTree.parse(bytes, format: .json)
        let bad = tree.diagnostics.filter { $0.code == .invalidUTF8 }
        let c3 = bytes.firstIndex(of: 0xC3)!
        let ff = bytes.firstIndex(of: 0xFF)!
        let ed = bytes.firstIndex(of: 0xED)!
        let f0 = bytes.firstIndex(of: 0xF0)!
        #expect(
            bad.map(\.range) == [
                c3..<(c3 + 1), ff..<(ff + 1), ed..<(ed + 1), (ed + 1)..<(ed + 2), (ed + 2)..<(ed + 3), f0..<(f0 + 3),
            ])
        #expect(bad.first?.message == "invalid UTF-8 (0xC3)")
        #expect(tree.diagnostics.count == bad.count, "only the bad bytes are reported: \(tree.diagnostics)")
        #expect(tree.jsonValue()?["a"] == "x\u{FFFD}(")
        #expect(tree.jsonValue()?["c"] == "\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(tree.jsonValue()?["d"] == "\u{FFFD}")
        #expect(tree.jsonValue()?["e"] == 5)
    }

    @Test func invalidUTF8InCommentsAndKeysIsReported() {
        let bytes = Array("{/* ".utf8) + [0xC0] + Array(" */ \"k".utf8) + [0xFE] + Array("\": 1}".utf8)
        let tree = SyntaxTree.parse(bytes, format: .json)
        let c0 = bytes.firstIndex(of: 0xC0)!
        let fe = bytes.firstIndex(of: 0xFE)!
        #expect(tree.diagnostics.filter { $0.code == .invalidUTF8 }.map(\.range) == [c0..<(c0 + 1), fe..<(fe + 1)])
        #expect(tree.jsonValue() == ["k\u{FFFD}": 1])
    }

    @Test func byteOrderMarkIsSkippedAndOffsetsStayAbsolute() throws {
        let text = "\u{FEFF}{\"a\": tru}"
        let tree = parse(text)
        #expect(tree.jsonValue() == ["a": nil])
        #expect(tree.root?.range == 3..<text.utf8.count)
        #expect(tree.diagnostics.map(\.range) == [byteRange(of: "tru", in: text)])
        // The BOM is one UTF-16 unit, so the LSP position of `tru` counts it.
        let document = SourceDocument(uri: "file:///t.json", text: text)
        let range = try #require(document.range(of: JSONPointer("/a")!))
        #expect(range.start == TextPosition(line: 0, character: 7))
    }

    @Test func byteOrderMarkAloneInTheMiddleIsGarbage() {
        let tree = parse("[1, \u{FEFF}2]")
        #expect(tree.diagnostics.map(\.message) == ["invalid value '\u{FEFF}2'"])
    }
}
