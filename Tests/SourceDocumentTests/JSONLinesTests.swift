import JSON
import SourceDocument
import Testing

@Suite struct JSONLinesTests {
    @Test func eachNonBlankLineIsOneElement() throws {
        let text = "{\"a\": 1}\n\n   \n{\"b\": 2}\r\n[3]\n"
        let tree = parse(text, lines: true)
        #expect(tree.format == .jsonLines)
        #expect(tree.diagnostics.isEmpty)
        #expect(tree.jsonValue() == [["a": 1], ["b": 2], [3]])
        #expect(tree.root?.range == 0..<text.utf8.count)
        guard case .array(let items) = tree.root?.value else {
            Issue.record("root is not an array")
            return
        }
        #expect(
            items.map(\.range) == [
                byteRange(of: "{\"a\": 1}", in: text), byteRange(of: "{\"b\": 2}", in: text),
                byteRange(of: "[3]", in: text),
            ])
    }

    @Test func anErrorStaysOnItsLine() throws {
        let text = "{\"id\": 1}\n{\"id\": 2, \"q\": \"open\n{\"id\": 3, \"x\": [1, 2}\n{\"id\": 4}"
        let tree = parse(text, lines: true)
        #expect(value(tree, "/0/id") == 1)
        #expect(value(tree, "/1/id") == 2)
        #expect(value(tree, "/1/q") == "open")
        #expect(value(tree, "/2/id") == 3)
        #expect(value(tree, "/3/id") == 4)
        let messages = tree.diagnostics.map(\.message)
        #expect(
            messages == [
                "unclosed '{': expected '}' before the end of the line", "unterminated string",
                "expected ',' or ']' after array element",
            ])
        #expect(tree.diagnostics[1].range == byteRange(of: "\"open", in: text))
        // `[1, 2}`: the brace closes the object, so the array is taken as left open.
        #expect(tree.diagnostics[2].range == byteRange(of: "}", in: text, occurrence: 2))
        #expect(value(tree, "/2/x") == [1, 2])
    }

    @Test func twoValuesOnOneLine() {
        let text = "{\"a\": 1} {\"b\": 2}\n[1]"
        let tree = parse(text, lines: true)
        #expect(tree.diagnostics.map(\.message) == ["unexpected content after the value on this line"])
        #expect(tree.diagnostics.first?.range == byteRange(of: "{", in: text, occurrence: 2))
        #expect(tree.jsonValue() == [["a": 1], [1]])
    }

    @Test func emptyInputIsAnEmptyList() {
        for text in ["", "\n\n", "  \r\n"] {
            let tree = parse(text, lines: true)
            #expect(tree.diagnostics.isEmpty)
            #expect(tree.jsonValue() == [])
        }
    }

    @Test func byteOrderMarkBeforeTheFirstLine() {
        let text = "\u{FEFF}{\"a\": 1}\n{\"a\": 2}"
        let tree = parse(text, lines: true)
        #expect(tree.diagnostics.isEmpty)
        #expect(tree.jsonValue() == [["a": 1], ["a": 2]])
        #expect(tree.node(at: JSONPointer.root / 0)?.range == 3..<11)
    }

    @Test func pointersAndPositionsUseTheLineIndex() throws {
        let text = "{\"name\": \"a\"}\n{\"name\": \"😀\", \"x\": 1}\n"
        let document = SourceDocument(uri: "file:///data.jsonl", text: text)
        #expect(document.format == .jsonLines)
        let range = try #require(document.range(of: JSONPointer.root / 1 / "x"))
        #expect(range.start == TextPosition(line: 1, character: 20))
        #expect(document.pointer(at: TextPosition(line: 1, character: 11)) == JSONPointer.root / 1 / "name")
    }
}
