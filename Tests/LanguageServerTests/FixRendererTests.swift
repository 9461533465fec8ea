import JSON
import SourceDocument
import Testing
import ToolModel

@testable import LanguageServer

@Suite struct FixRendererTests {
    private func apply(_ text: String, _ operations: [FixOperation]) -> String? {
        let bytes = Array(text.utf8)
        let renderer = FixRenderer(bytes: bytes, tree: MiniJSONParser.parse(bytes))
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
