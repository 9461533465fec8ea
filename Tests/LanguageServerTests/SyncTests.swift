import JSON
import SourceDocument
import Testing

@testable import LanguageServer

@Suite struct SyncTests {
    private func info(_ client: TestClient, _ uri: String) async throws -> JSONValue {
        try await client.request("toolwright/documentInfo", ["textDocument": ["uri": .string(uri)]])
    }

    @Test func incrementalChangesAreApplied() async throws {
        let client = TestClient()
        try await client.initialize()
        let marked = MarkedText(#"{"tools": [{"name": "1️⃣a2️⃣", "description": "x"}]}"#)
        client.open("file:///t.json", marked.text)
        client.change("file:///t.json", version: 2, [TestClient.edit(marked.range(1, 2), "alpha")])
        // Positions in the second change refer to the text after the first one.
        let afterAlpha = TextPosition(line: 0, character: marked[1].character + 5)
        client.change(
            "file:///t.json", version: 3, [TestClient.edit(TextRange(start: afterAlpha, end: afterAlpha), "_beta")])
        let info = try await info(client, "file:///t.json")
        #expect(info["version"] == 3)
        #expect(info.at("tools.0.name") == "alpha_beta")
    }

    @Test func languageIdIsIgnoredExtensionAndContentDecide() async throws {
        let client = TestClient()
        try await client.initialize()
        // eglot on Emacs 28 sends `js` for .json files.
        client.open("file:///eglot.json", #"{"tools":[{"name":"Bad Name"}]}"#, languageId: "js")
        let diagnostics = try await client.diagnostics("file:///eglot.json")
        #expect(diagnostics["diagnostics"]?.arrayValue?.isEmpty == false)
        client.open("untitled:Untitled-1", #"{"tools":[{"name":"ok"}]}"#, languageId: "plaintext")
        #expect(try await info(client, "untitled:Untitled-1")["isToolDocument"] == true)
        client.open("file:///notes.txt", #"{"tools":[{"name":"Bad Name"}]}"#, languageId: "json")
        #expect(try await info(client, "file:///notes.txt")["isToolDocument"] == false)
        #expect(client.notifications("textDocument/publishDiagnostics").allSatisfy { $0["uri"] != "file:///notes.txt" })
    }

    @Test func closingClearsDiagnostics() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///c.json", #"{"tools":[{"name":"Bad Name"}]}"#)
        _ = try await client.diagnostics("file:///c.json", version: 1)
        client.notify("textDocument/didClose", ["textDocument": ["uri": "file:///c.json"]])
        let cleared = try await client.waitFor("cleared diagnostics") {
            client.notifications("textDocument/publishDiagnostics").last {
                $0["uri"] == "file:///c.json" && $0["diagnostics"] == []
            }
        }
        #expect(cleared["diagnostics"] == [])
    }

    @Test func utf8PositionsWhenNegotiated() async throws {
        let client = TestClient()
        try await client.initialize(capabilities: ["general": ["positionEncodings": ["utf-8"]]])
        // "é" is 2 bytes, "😀" 4 bytes: UTF-8 columns differ from UTF-16 ones.
        let text = #"{"tools":[{"description":"é😀","name":"ab"}]}"#
        client.open("file:///u.json", text)
        let nameStart = Array(text.utf8).firstIndex(of: UInt8(ascii: "b"))!
        let at = TextPosition(line: 0, character: nameStart)
        client.change("file:///u.json", version: 2, [TestClient.edit(TextRange(start: at, end: at), "c")])
        let info = try await info(client, "file:///u.json")
        #expect(info.at("tools.0.name") == "acb")
    }

    @Test func workspaceFolderChangesAreAccepted() async throws {
        let client = TestClient()
        try await client.initialize(rootUri: "file:///nonexistent-root")
        client.notify(
            "workspace/didChangeWorkspaceFolders",
            [
                "event": [
                    "added": [["uri": "file:///other", "name": "other"]],
                    "removed": [["uri": "file:///nonexistent-root", "name": "r"]],
                ]
            ])
        client.open("file:///w.json", #"{"tools":[]}"#)
        #expect(try await info(client, "file:///w.json")["isToolDocument"] == true)
        #expect(client.server.queue.sync { client.server.workspaceFolders } == ["file:///other"])
    }
}
