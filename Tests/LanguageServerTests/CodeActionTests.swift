import JSON
import SourceDocument
import Testing

@testable import LanguageServer

@Suite struct CodeActionTests {
    private func actions(_ client: TestClient, _ uri: String, _ range: TextRange, only: [String]? = nil) async throws
        -> [JSONValue]
    {
        let context: JSONValue = .object(["diagnostics": [], "only": only.map { .array($0.map { .string($0) }) }])
        let result = try await client.request(
            "textDocument/codeAction", ["textDocument": ["uri": .string(uri)], "range": range.json, "context": context])
        return result.arrayValue ?? []
    }

    @Test func renameQuickFixReplacesTheName() async throws {
        let client = TestClient()
        try await client.initialize()
        let marked = MarkedText(#"{"tools": [{"name": "Send1️⃣ Email", "description": "d"}]}"#)
        client.open("file:///q.json", marked.text)
        let list = try await actions(client, "file:///q.json", marked.range(1, 1))
        #expect(list.count == 1)
        let action = list[0]
        #expect(action["kind"] == "quickfix")
        #expect(action["isPreferred"] == true)
        #expect(action["title"] == "Rename to 'send_email'")
        #expect(action.at("diagnostics.0.code") == "test/snake-case")
        #expect(action.at("edit.documentChanges") == nil)
        let edits = try #require(action.at("edit.changes")?["file:///q.json"]?.arrayValue)
        #expect(try applyEdits(edits, to: marked.text) == #"{"tools": [{"name": "send_email", "description": "d"}]}"#)
    }

    @Test func addMemberKeepsTheFileIndentation() async throws {
        let client = TestClient()
        try await client.initialize(capabilities: ["workspace": ["workspaceEdit": ["documentChanges": true]]])
        let text = """
            {
                "tools": [
                    {
                        "name": "ok1️⃣"
                    }
                ]
            }
            """
        let marked = MarkedText(text)
        client.open("file:///i.json", marked.text, version: 3)
        let list = try await actions(client, "file:///i.json", marked.range(1, 1))
        let action = try #require(list.first { $0["title"] == "Add a description" })
        #expect(action.at("edit.documentChanges.0.textDocument.version") == 3)
        let edits = try #require(action.at("edit.documentChanges.0.edits")?.arrayValue)
        #expect(
            try applyEdits(edits, to: marked.text) == """
                {
                    "tools": [
                        {
                            "name": "ok",
                            "description": "TODO"
                        }
                    ]
                }
                """)
    }

    @Test func removeTakesItsComma() async throws {
        let client = TestClient()
        try await client.initialize()
        let marked = MarkedText(#"{"tools":[{"name":"a","ex1️⃣tra":1,"description":"d"}]}"#)
        client.open("file:///r.json", marked.text)
        let list = try await actions(client, "file:///r.json", marked.range(1, 1))
        let action = try #require(list.first { $0["title"] == "Remove 'extra'" })
        let edits = try #require(action.at("edit.changes")?["file:///r.json"]?.arrayValue)
        #expect(try applyEdits(edits, to: marked.text) == #"{"tools":[{"name":"a","description":"d"}]}"#)
    }

    @Test func onlyOtherKindsGetNothingAndRangesOutsideFindingsGetNothing() async throws {
        let client = TestClient()
        try await client.initialize()
        let marked = MarkedText(#"1️⃣{"tools":[{"name":"Bad Name2️⃣","description":"d"}]}"#)
        client.open("file:///o.json", marked.text)
        #expect(try await actions(client, "file:///o.json", marked.range(2, 2), only: ["refactor"]).isEmpty)
        #expect(try await actions(client, "file:///o.json", marked.range(2, 2), only: ["quickfix"]).count == 1)
        #expect(try await actions(client, "file:///o.json", marked.range(1, 1)).isEmpty)
    }
}
