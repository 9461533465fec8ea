import JSON
import SourceDocument
import Testing

/// Byte ranges of YAML keys and values, seen as LSP positions.
@Suite struct YAMLRangeTests {
    private func document(_ text: String) -> SourceDocument {
        SourceDocument(uri: "x.yaml", text: text)
    }

    private func source(_ doc: SourceDocument, _ range: ByteRange) -> String {
        String(decoding: doc.bytes[range], as: UTF8.self)
    }

    private func position(_ line: Int, _ character: Int) -> TextPosition {
        TextPosition(line: line, character: character)
    }

    @Test func multiByteTextGivesUTF16Columns() throws {
        let doc = document(
            """
            name: café
            日本語: "値 🙂"
            emoji🙂key: plain 🙂 text
            list:
              - é
            """)
        #expect(doc.format == .yaml)
        #expect(doc.tree.diagnostics.isEmpty)
        let root = JSONPointer.root
        #expect(
            doc.range(of: root / "name")
                == TextRange(start: position(0, 6), end: position(0, 10)))
        #expect(
            doc.range(of: root / "日本語", preferKey: true)
                == TextRange(start: position(1, 0), end: position(1, 3)))
        #expect(
            doc.range(of: root / "日本語")
                == TextRange(start: position(1, 5), end: position(1, 11)))
        #expect(
            doc.range(of: root / "emoji🙂key", preferKey: true)
                == TextRange(start: position(2, 0), end: position(2, 10)))
        #expect(
            doc.range(of: root / "emoji🙂key")
                == TextRange(start: position(2, 12), end: position(2, 25)))
        #expect(
            doc.range(of: root / "list" / 0)
                == TextRange(start: position(4, 4), end: position(4, 5)))
        // UTF-8 columns count bytes instead.
        #expect(
            doc.range(of: root / "日本語", encoding: .utf8)
                == TextRange(start: position(1, 11), end: position(1, 21)))
        let value = try #require(doc.tree.node(at: root / "日本語"))
        #expect(source(doc, value.range) == "\"値 🙂\"")
        if case .string(let s) = value.value { #expect(s == "値 🙂") } else { Issue.record("not a string") }
    }

    @Test func blockAndFlowCollections() throws {
        let doc = document(
            """
            block:
              - one
              - two: 2
                three: [3, {four: 4}]
            flow: {a: [1, 2], "b c": null}
            indentless:
            - x
            - y

            """)
        #expect(doc.tree.diagnostics.isEmpty)
        let tree = doc.tree
        let block = try #require(tree.node(at: JSONPointer.root / "block"))
        #expect(source(doc, block.range) == "- one\n  - two: 2\n    three: [3, {four: 4}]")
        let item = try #require(tree.node(at: JSONPointer.root / "block" / 1))
        #expect(source(doc, item.range) == "two: 2\n    three: [3, {four: 4}]")
        let three = try #require(tree.node(at: JSONPointer.root / "block" / 1 / "three"))
        #expect(source(doc, three.range) == "[3, {four: 4}]")
        let four = try #require(tree.node(at: JSONPointer.root / "block" / 1 / "three" / 1 / "four"))
        #expect(source(doc, four.range) == "4")
        let flow = try #require(tree.node(at: JSONPointer.root / "flow"))
        #expect(source(doc, flow.range) == "{a: [1, 2], \"b c\": null}")
        let quotedKey = try #require(tree.location(of: JSONPointer.root / "flow" / "b c", preferKey: true))
        #expect(source(doc, quotedKey.range) == "\"b c\"")
        let indentless = try #require(tree.node(at: JSONPointer.root / "indentless"))
        #expect(source(doc, indentless.range) == "- x\n- y")
        #expect(
            tree.jsonValue()
                == .object([
                    JSONMember(
                        "block",
                        .array([
                            .string("one"),
                            .object([
                                JSONMember("two", .integer(2)),
                                JSONMember("three", .array([.integer(3), .object([JSONMember("four", .integer(4))])])),
                            ]),
                        ])),
                    JSONMember(
                        "flow",
                        .object([JSONMember("a", .array([.integer(1), .integer(2)])), JSONMember("b c", .null)])),
                    JSONMember("indentless", .array([.string("x"), .string("y")])),
                ]))
    }

    @Test func scalarStylesKeepTheirRangesAndValues() throws {
        let doc = document(
            """
            literal: |
              line one
              line two
            folded: >
              folded
              text
            strip: |-
              kept
            single: 'it''s'
            double: "tab\\there \\u00e9"
            plain: multi
              line plain
            last: end

            """)
        #expect(doc.tree.diagnostics.isEmpty)
        let cases: [(String, String, String)] = [
            ("literal", "line one\nline two\n", "|\n  line one\n  line two"),
            ("folded", "folded text\n", ">\n  folded\n  text"),
            ("strip", "kept", "|-\n  kept"),
            ("single", "it's", "'it''s'"),
            ("double", "tab\there é", "\"tab\\there \\u00e9\""),
            ("plain", "multi line plain", "multi\n  line plain"),
            ("last", "end", "end"),
        ]
        for (key, value, text) in cases {
            let node = try #require(doc.tree.node(at: JSONPointer.root / key))
            #expect(node.jsonValue() == .string(value), "\(key)")
            #expect(source(doc, node.range) == text, "\(key)")
        }
    }

    @Test func emptyValuesSitAfterTheirIndicator() throws {
        let doc = document("a:\nb: # note\nlist:\n- \n- x\n")
        let a = try #require(doc.tree.node(at: JSONPointer.root / "a"))
        #expect(a.range == 2..<2)
        #expect(a.jsonValue() == .null)
        let b = try #require(doc.tree.node(at: JSONPointer.root / "b"))
        #expect(b.range == 5..<5)
        let item = try #require(doc.tree.node(at: JSONPointer.root / "list" / 0))
        #expect(item.range == 20..<20)
        #expect(item.jsonValue() == .null)
    }

    @Test func pointerAtOffsets() {
        let text = """
            tools:
              - name: get_weather
                description: "Weather for 日本語 cities"
                inputSchema: {type: object, required: [city]}

            """
        let doc = document(text)
        let tree = doc.tree
        let bytes = Array(text.utf8)
        func offset(of needle: String) -> Int {
            let n = Array(needle.utf8)
            for i in 0...(bytes.count - n.count) where Array(bytes[i..<(i + n.count)]) == n { return i }
            Issue.record("\(needle) not found")
            return 0
        }
        let tool = JSONPointer.root / "tools" / 0
        #expect(tree.pointer(at: offset(of: "tools")) == JSONPointer.root / "tools")
        #expect(tree.pointer(at: offset(of: "name") + 1) == tool / "name")
        #expect(tree.pointer(at: offset(of: "get_weather") + 4) == tool / "name")
        #expect(tree.pointer(at: offset(of: "日本語") + 3) == tool / "description")
        #expect(tree.pointer(at: offset(of: "object")) == tool / "inputSchema" / "type")
        #expect(tree.pointer(at: offset(of: "city")) == tool / "inputSchema" / "required" / 0)
        // Between tokens: the innermost collection around the offset.
        #expect(tree.pointer(at: offset(of: ", required")) == tool / "inputSchema")
        // The same through LSP positions (UTF-16: 日 is one unit, three bytes).
        #expect(doc.pointer(at: TextPosition(line: 2, character: 30)) == tool / "description")
        #expect(doc.pointer(at: TextPosition(line: 3, character: 19)) == tool / "inputSchema" / "type")
    }

    @Test func crlfLineEndings() throws {
        let doc = document("a: 1\r\nb:\r\n  - é\r\n  - x\r\n")
        #expect(doc.tree.diagnostics.isEmpty)
        #expect(doc.range(of: JSONPointer.root / "b" / 1) == TextRange(start: position(3, 4), end: position(3, 5)))
        let b = try #require(doc.tree.node(at: JSONPointer.root / "b"))
        #expect(source(doc, b.range) == "- é\r\n  - x")
    }
}
