import JSON
import SourceDocument
import Testing

@Suite struct SourceDocumentEditTests {
    func range(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> TextRange {
        TextRange(start: TextPosition(line: l1, character: c1), end: TextPosition(line: l2, character: c2))
    }

    @Test func singleEditReparses() {
        var document = SourceDocument(uri: "file:///a.json", text: "{\"a\": tru}\n", version: 1)
        #expect(document.tree.hasErrors)
        document.apply([TextChange(range: range(0, 6, 0, 9), text: "true")], version: 2)
        #expect(document.text == "{\"a\": true}\n")
        #expect(document.version == 2)
        #expect(!document.tree.hasErrors)
        #expect(document.tree.jsonValue() == ["a": true])
    }

    @Test func changesInABatchApplyInOrder() {
        // Each change's range refers to the text left by the previous one (LSP semantics).
        var document = SourceDocument(uri: "file:///a.txt", text: "abc\ndef", format: .json)
        document.apply(
            [
                TextChange(range: range(0, 0, 0, 0), text: "X"),
                TextChange(range: range(1, 0, 1, 3), text: "ghi\njkl"),
                TextChange(range: range(0, 1, 0, 2), text: ""),
                TextChange(range: range(2, 3, 2, 3), text: "!"),
            ], version: 5)
        #expect(document.text == "Xbc\nghi\njkl!")
        #expect(document.lineIndex.lineCount == 3)
        #expect(document.lineText(2) == "jkl!")
    }

    @Test func utf16PositionsAroundEmoji() {
        var document = SourceDocument(uri: "file:///a.json", text: "[\"😀a😀\", 1]")
        // UTF-16: [ " 😀(2 units) a → `a` is at character 4.
        document.apply([TextChange(range: range(0, 4, 0, 5), text: "é")], version: 1)
        #expect(document.text == "[\"😀é😀\", 1]")
        document.apply([TextChange(range: range(0, 5, 0, 7), text: "日本")], version: 2, encoding: .utf16)
        #expect(document.text == "[\"😀é日本\", 1]")
        document.apply([TextChange(range: range(0, 2, 0, 6), text: "")], version: 3, encoding: .utf8)
        #expect(document.text == "[\"é日本\", 1]")
        #expect(document.tree.jsonValue() == ["é日本", 1])
    }

    @Test func fullReplacement() {
        var document = SourceDocument(uri: "file:///a.json", text: "{\"a\": 1}")
        document.apply([TextChange(range: nil, text: "[1,\n2]")], version: 9)
        #expect(document.text == "[1,\n2]")
        #expect(document.lineIndex.lineCount == 2)
        #expect(document.tree.jsonValue() == [1, 2])
        #expect(document.range(of: JSONPointer.root / 1)?.start == TextPosition(line: 1, character: 0))
    }

    @Test func editsThatBreakAndFixTheDocument() {
        var document = SourceDocument(uri: "file:///a.json", text: "{\"tools\": [{\"name\": \"a\"}]}")
        document.apply([TextChange(range: range(0, 24, 0, 24), text: ", {\"name\": ")], version: 1)
        #expect(document.tree.hasErrors)
        #expect(document.tree.diagnostics.first?.message == "expected a value")
        document.apply([TextChange(range: range(0, 35, 0, 35), text: "\"b\"}")], version: 2)
        #expect(!document.tree.hasErrors)
        #expect(document.tree.jsonValue()?["tools"]?[1]?["name"] == "b")
    }
}
