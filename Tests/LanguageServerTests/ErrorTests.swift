import JSON
import JSONRPC
import Testing

@testable import LanguageServer

@Suite struct ErrorTests {
    @Test func invalidParamsAreReportedAsSuch() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///e.json", #"{"tools":[]}"#)
        let noPosition = await client.requestError("textDocument/hover", ["textDocument": ["uri": "file:///e.json"]])
        #expect(noPosition?.code == ErrorCode.invalidParams)
        let noDocument = await client.requestError("textDocument/documentSymbol", [:])
        #expect(noDocument?.code == ErrorCode.invalidParams)
        let notOpen = await client.requestError(
            "textDocument/documentSymbol", ["textDocument": ["uri": "file:///nope.json"]])
        #expect(notOpen?.code == ErrorCode.invalidParams)
        let badRange = await client.requestError(
            "textDocument/codeAction", ["textDocument": ["uri": "file:///e.json"], "range": ["start": 1]])
        #expect(badRange?.code == ErrorCode.invalidParams)
        let command = await client.requestError("workspace/executeCommand", ["command": "toolwright.nope"])
        #expect(command?.code == ErrorCode.invalidParams)
        // Still serving.
        #expect(
            try await client.request("textDocument/documentSymbol", ["textDocument": ["uri": "file:///e.json"]]) == [])
    }

    @Test func malformedNotificationsAreIgnored() async throws {
        let client = TestClient()
        try await client.initialize()
        client.notify("textDocument/didOpen", ["textDocument": ["uri": 5]])
        client.notify(
            "textDocument/didChange", ["textDocument": ["uri": "file:///never-opened.json"], "contentChanges": []])
        client.notify("textDocument/didClose", [:])
        client.notify("workspace/didChangeConfiguration", ["settings": 3])
        client.open("file:///fine.json", #"{"tools":[{"name":"ok","description":"d"}]}"#)
        #expect(try await client.diagnostics("file:///fine.json", version: 1)["diagnostics"] == [])
    }
}
