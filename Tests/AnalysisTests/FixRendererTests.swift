import JSON
import SourceDocument
import Testing
import ToolModel

@testable import Analysis

@Suite struct FixRendererTests {
    private func apply(_ text: String, _ operations: [FixOperation]) -> String? {
        let bytes = Array(text.utf8)
        let renderer = FixRenderer(bytes: bytes, tree: SyntaxTree.parse(bytes, format: .json))
        guard let edits = renderer.edits(for: Fix(title: "t", operations: operations)) else { return nil }
        var out = bytes
        for edit in edits.reversed() { out.replaceSubrange(edit.range, with: Array(edit.newText.utf8)) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func addMemberToCompactAndEmptyObjects() {
        #expect(apply(#"{"a": 1}"#, [.addMember(object: .root, key: "b", value: 2)]) == #"{"a": 1, "b": 2}"#)
        #expect(apply(#"{"a":1}"#, [.addMember(object: .root, key: "b", value: 2)]) == #"{"a":1, "b":2}"#)
        #expect(apply("{}", [.addMember(object: .root, key: "b", value: true)]) == #"{"b": true}"#)
    }

    @Test func addContainerMemberIsPrettyPrintedWithTheFileIndent() {
        let text = "{\n\t\"a\": 1\n}"
        let value: JSONValue = ["type": "object", "properties": [:]]
        #expect(
            apply(text, [.addMember(object: .root, key: "s", value: value)])
                == "{\n\t\"a\": 1,\n\t\"s\": {\n\t\t\"type\": \"object\",\n\t\t\"properties\": {}\n\t}\n}")
    }

    @Test func removeFirstMiddleLastAndOnly() {
        let text = #"{"a": 1, "b": 2, "c": 3}"#
        #expect(apply(text, [.remove(JSONPointer("/a")!)]) == #"{"b": 2, "c": 3}"#)
        #expect(apply(text, [.remove(JSONPointer("/b")!)]) == #"{"a": 1, "c": 3}"#)
        #expect(apply(text, [.remove(JSONPointer("/c")!)]) == #"{"a": 1, "b": 2}"#)
        #expect(apply(#"{"only": [1]}"#, [.remove(JSONPointer("/only")!)]) == "{}")
        #expect(apply("[1, 2, 3]", [.remove(JSONPointer("/1")!)]) == "[1, 3]")
    }

    @Test func renameAndReplace() {
        let text = #"{"inputSchema": {"type": "obj"}}"#
        #expect(
            apply(text, [.renameKey(JSONPointer("/inputSchema")!, to: "input_schema")])
                == #"{"input_schema": {"type": "obj"}}"#)
        #expect(
            apply(text, [.replace(JSONPointer("/inputSchema/type")!, "object")])
                == #"{"inputSchema": {"type": "object"}}"#)
    }

    @Test func severalOperationsInOneFix() {
        let text = #"{"name": "A", "x": 1}"#
        let result = apply(text, [.replace(JSONPointer("/name")!, "a"), .remove(JSONPointer("/x")!)])
        #expect(result == #"{"name": "a"}"#)
    }

    @Test func unrenderableOrOverlappingFixesAreRefused() {
        #expect(apply(#"{"a": 1}"#, [.remove(JSONPointer("/missing")!)]) == nil)
        #expect(apply(#"{"a": {"b": 1}}"#, [.replace(JSONPointer("/a")!, 1), .remove(JSONPointer("/a/b")!)]) == nil)
    }
}

/// YAML trees built by hand (the renderer only needs ranges), so these tests do not depend on
/// the YAML parser.
@Suite struct YAMLFixRendererTests {
    private let text = "tools:\n  - name: a\n    extra: 1\n    description: d\n"

    private func span(_ needle: String, after: Int = 0) -> ByteRange {
        let bytes = Array(text.utf8)
        let n = Array(needle.utf8)
        for i in after...(bytes.count - n.count) where Array(bytes[i..<(i + n.count)]) == n {
            return i..<(i + n.count)
        }
        fatalError("\(needle) not in fixture")
    }

    private var tree: SyntaxTree {
        func member(_ key: String, _ value: String, _ typed: SyntaxNode.Value) -> SyntaxMember {
            let keyRange = span(key + ":")
            let keyOnly = keyRange.lowerBound..<(keyRange.upperBound - 1)
            return SyntaxMember(
                key: key, keyRange: keyOnly, value: SyntaxNode(typed, range: span(value, after: keyRange.upperBound)))
        }
        let name = member("name", "a", .string("a"))
        let extra = member("extra", "1", .integer(1))
        let description = member("description", "d", .string("d"))
        let item = SyntaxNode(
            .object([name, extra, description]), range: name.keyRange.lowerBound..<description.value.range.upperBound)
        let list = SyntaxNode(.array([item]), range: span("- ").lowerBound..<item.range.upperBound)
        let root = SyntaxNode(
            .object([SyntaxMember(key: "tools", keyRange: span("tools"), value: list)]),
            range: 0..<list.range.upperBound)
        return SyntaxTree(root: root, diagnostics: [], format: .yaml)
    }

    private func apply(_ operations: [FixOperation], to text: String? = nil, tree: SyntaxTree? = nil) -> String? {
        let source = text ?? self.text
        let bytes = Array(source.utf8)
        let renderer = FixRenderer(bytes: bytes, tree: tree ?? self.tree)
        guard let edits = renderer.edits(for: Fix(title: "t", operations: operations)) else { return nil }
        var out = bytes
        for edit in edits.reversed() { out.replaceSubrange(edit.range, with: Array(edit.newText.utf8)) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func removeMiddleAndFirstMembersOfABlockMapping() {
        #expect(apply([.remove(JSONPointer("/tools/0/extra")!)]) == "tools:\n  - name: a\n    description: d\n")
        #expect(apply([.remove(JSONPointer("/tools/0/name")!)]) == "tools:\n  - extra: 1\n    description: d\n")
    }

    @Test func addMemberGoesOnANewLineAtTheKeysColumn() {
        #expect(
            apply([.addMember(object: JSONPointer("/tools/0")!, key: "title", value: "Get A")])
                == "tools:\n  - name: a\n    extra: 1\n    description: d\n    title: \"Get A\"\n")
        #expect(
            apply([.addMember(object: JSONPointer("/tools/0")!, key: "read only", value: true)])
                == "tools:\n  - name: a\n    extra: 1\n    description: d\n    \"read only\": true\n")
    }

    @Test func renameAndReplaceWriteYAML() {
        #expect(
            apply([.renameKey(JSONPointer("/tools/0/extra")!, to: "extra_info")])
                == "tools:\n  - name: a\n    extra_info: 1\n    description: d\n")
        #expect(
            apply([.renameKey(JSONPointer("/tools/0/extra")!, to: "yes")])
                == "tools:\n  - name: a\n    \"yes\": 1\n    description: d\n")
        #expect(
            apply([.replace(JSONPointer("/tools/0/extra")!, ["type": "object"])])
                == "tools:\n  - name: a\n    extra: {\"type\": \"object\"}\n    description: d\n")
    }

    @Test func onlyEntryOfABlockCollectionBecomesAnEmptyFlowCollection() {
        #expect(apply([.remove(JSONPointer("/tools/0")!)]) == "tools:\n  []\n")
    }

    @Test func flowMappingsKeepTheirCommas() {
        let flow = "tool: {name: a, x: 1}\n"
        let bytes = Array(flow.utf8)
        func at(_ s: String) -> ByteRange {
            let n = Array(s.utf8)
            let i = (0...(bytes.count - n.count)).first { Array(bytes[$0..<($0 + n.count)]) == n }!
            return i..<(i + n.count)
        }
        let object = SyntaxNode(
            .object([
                SyntaxMember(
                    key: "name", keyRange: at("name"),
                    value: SyntaxNode(.string("a"), range: at(" a,").dropFirst().dropLast().range)),
                SyntaxMember(
                    key: "x", keyRange: at("x:").lowerBound..<(at("x:").lowerBound + 1),
                    value: SyntaxNode(.integer(1), range: at("1"))),
            ]), range: at("{name: a, x: 1}"))
        let tree = SyntaxTree(
            root: SyntaxNode(
                .object([SyntaxMember(key: "tool", keyRange: at("tool"), value: object)]),
                range: 0..<object.range.upperBound),
            diagnostics: [], format: .yaml)
        #expect(apply([.remove(JSONPointer("/tool/x")!)], to: flow, tree: tree) == "tool: {name: a}\n")
        #expect(
            apply([.addMember(object: JSONPointer("/tool")!, key: "z", value: 2)], to: flow, tree: tree)
                == "tool: {name: a, x: 1, z: 2}\n")
    }
}

extension Range where Bound == Int {
    /// Narrowing helpers for hand-built ranges.
    fileprivate func dropFirst() -> Range { (lowerBound + 1)..<upperBound }
    fileprivate func dropLast() -> Range { lowerBound..<(upperBound - 1) }
    fileprivate var range: Range { self }
}

/// `appendElement` on real parse trees: the new element follows the array's own layout, and
/// the result parses to the old array plus the element.
@Suite struct AppendElementRenderingTests {
    private func append(_ text: String, _ format: DocumentFormat, at pointer: String, _ value: JSONValue) -> String? {
        let bytes = Array(text.utf8)
        let renderer = FixRenderer(bytes: bytes, tree: SyntaxTree.parse(bytes, format: format))
        let fix = Fix(title: "t", operations: [.appendElement(array: JSONPointer(pointer)!, value: value)])
        guard let edits = renderer.edits(for: fix) else { return nil }
        return String(decoding: FixApplier.apply(edits, to: bytes), as: UTF8.self)
    }

    private func parsed(_ text: String, _ format: DocumentFormat) -> JSONValue? {
        let tree = SyntaxTree.parse(Array(text.utf8), format: format)
        return tree.diagnostics.isEmpty ? tree.jsonValue() : nil
    }

    @Test func jsonArraysKeepTheirSpacing() {
        #expect(append(#"{"r": ["a", "b"]}"#, .json, at: "/r", "c") == #"{"r": ["a", "b", "c"]}"#)
        #expect(append(#"{"r":["a","b"]}"#, .json, at: "/r", "c") == #"{"r":["a","b","c"]}"#)
        #expect(append(#"{"r": []}"#, .json, at: "/r", "c") == #"{"r": ["c"]}"#)
        #expect(append(#"{"r": [1]}"#, .json, at: "/r", ["k": 2]) == #"{"r": [1, {"k": 2}]}"#)
    }

    @Test func oneElementPerLineGetsANewLine() {
        let text = "{\n  \"r\": [\n    \"a\",\n    \"b\"\n  ]\n}\n"
        let out = append(text, .json, at: "/r", "c")
        #expect(out == "{\n  \"r\": [\n    \"a\",\n    \"b\",\n    \"c\"\n  ]\n}\n")
        #expect(parsed(out ?? "", .json)?["r"] == ["a", "b", "c"])
    }

    @Test func yamlBlockSequencesGetADashLine() {
        let text = "schema:\n  required:\n    - city\n    - units\n  type: object\n"
        let out = append(text, .yaml, at: "/schema/required", "days")
        #expect(out == "schema:\n  required:\n    - city\n    - units\n    - days\n  type: object\n")
        #expect(parsed(out ?? "", .yaml)?["schema"]?["required"] == ["city", "units", "days"])
        // A value that would read as another type keeps its quotes.
        let quoted = append(text, .yaml, at: "/schema/required", "true")
        #expect(parsed(quoted ?? "", .yaml)?["schema"]?["required"] == ["city", "units", "true"])
    }

    @Test func yamlSequenceAtTheKeysColumnAndFlowSequences() {
        let text = "required:\n- a\nenum: [x, y]\n"
        let block = append(text, .yaml, at: "/required", "b")
        #expect(block == "required:\n- a\n- b\nenum: [x, y]\n")
        let flow = append(text, .yaml, at: "/enum", "z")
        #expect(flow == "required:\n- a\nenum: [x, y, z]\n")
        #expect(parsed(flow ?? "", .yaml)?["enum"] == ["x", "y", "z"])
    }

    @Test func notAnArrayIsRefused() {
        #expect(append(#"{"r": {"a": 1}}"#, .json, at: "/r", "c") == nil)
        #expect(append(#"{"r": [1]}"#, .json, at: "/missing", "c") == nil)
    }
}

@Suite struct BrokenTextFixRenderingTests {
    @Test func noEditsWhileTheTextHasSyntaxErrors() {
        let fix = Fix(title: "t", operations: [.replace(JSONPointer("/a")!, 2)])
        let broken = Array(#"{"a": 1, "b": "open}"#.utf8)
        #expect(FixRenderer(bytes: broken, tree: SyntaxTree.parse(broken, format: .json)).edits(for: fix) == nil)
        // Duplicate keys do not disturb ranges: fixes still render.
        let duplicated = Array(#"{"a": 1, "a": 3}"#.utf8)
        let tree = SyntaxTree.parse(duplicated, format: .json)
        #expect(!tree.diagnostics.isEmpty)
        #expect(FixRenderer(bytes: duplicated, tree: tree).edits(for: fix)?.count == 1)
    }
}

@Suite struct JSONLinesFixRenderingTests {
    @Test func jsonLinesStayOneDocumentPerLine() throws {
        let text = "{\"name\":\"a\",\"parameters\":{}}\n{\"name\":\"b\"}\n"
        let bytes = Array(text.utf8)
        let renderer = FixRenderer(bytes: bytes, tree: SyntaxTree.parse(bytes, format: .jsonLines))
        let fix = Fix(
            title: "t",
            operations: [
                .addMember(object: JSONPointer("/0/parameters")!, key: "properties", value: ["x": ["type": "string"]])
            ])
        let edits = try #require(renderer.edits(for: fix))
        let out = String(decoding: FixApplier.apply(edits, to: bytes), as: UTF8.self)
        #expect(
            out
                == "{\"name\":\"a\",\"parameters\":{\"properties\": {\"x\": {\"type\": \"string\"}}}}\n{\"name\":\"b\"}\n"
        )
    }
}
