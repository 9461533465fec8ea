import JSON
import JSONRPC
import Testing

@testable import LanguageServer

@Suite struct LifecycleTests {
    @Test func initializeAdvertisesOnlyImplementedFeatures() async throws {
        let client = TestClient()
        let result = try await client.initialize()
        let caps = try #require(result["capabilities"])
        #expect(caps["positionEncoding"] == "utf-16")
        #expect(caps.at("textDocumentSync.change") == 2)
        #expect(caps["hoverProvider"] == true)
        #expect(caps["documentSymbolProvider"] == true)
        #expect(caps.at("codeActionProvider.codeActionKinds") == ["quickfix"])
        #expect(
            caps.at("executeCommandProvider.commands") == [
                "toolwright.reanalyze", "toolwright.showFindings", "toolwright.costPreview",
                "toolwright.simulateSelection", "toolwright.openMCPToolList", "toolwright.refreshMCPServers",
            ])
        #expect(caps["diagnosticProvider"] == nil)
        #expect(caps["inlayHintProvider"] == nil)
        #expect(caps["completionProvider"] == nil)
        #expect(caps["semanticTokensProvider"] == nil)
        #expect(result.at("serverInfo.name") == "toolwright")
    }

    @Test func utf8IsUsedWhenTheClientOffersIt() async throws {
        let client = TestClient()
        let result = try await client.initialize(capabilities: ["general": ["positionEncodings": ["utf-16", "utf-8"]]])
        #expect(result.at("capabilities.positionEncoding") == "utf-8")
    }

    @Test func requestsBeforeInitializeAreRefusedAndNotificationsDropped() async throws {
        let client = TestClient()
        let error = await client.requestError("textDocument/hover", ["textDocument": ["uri": "file:///a.json"]])
        #expect(error?.code == ErrorCode.serverNotInitialized)
        client.open("file:///early.json", #"{"tools":[]}"#)
        try await client.initialize()
        let symbols = await client.requestError(
            "textDocument/documentSymbol", ["textDocument": ["uri": "file:///early.json"]])
        #expect(symbols?.code == ErrorCode.invalidParams)
    }

    @Test func secondInitializeIsInvalid() async throws {
        let client = TestClient()
        try await client.initialize()
        let error = await client.requestError("initialize", ["capabilities": [:]])
        #expect(error?.code == ErrorCode.invalidRequest)
    }

    @Test func shutdownThenExitEndsWithZero() async throws {
        let client = TestClient()
        try await client.initialize()
        #expect(try await client.request("shutdown") == .null)
        let after = await client.requestError(
            "textDocument/documentSymbol", ["textDocument": ["uri": "file:///a.json"]])
        #expect(after?.code == ErrorCode.invalidRequest)
        client.notify("exit")
        #expect(try await client.exitCode() == 0)
    }

    @Test func exitWithoutShutdownEndsWithOne() async throws {
        let client = TestClient()
        try await client.initialize()
        client.notify("exit")
        #expect(try await client.exitCode() == 1)
    }

    @Test func clientDisappearingEndsTheServerOnce() async throws {
        let client = TestClient()
        try await client.initialize()
        client.closeInput()
        #expect(try await client.exitCode() == 1)
        #expect(client.exitCount == 1)
    }

    @Test func unknownMethodsAndNotifications() async throws {
        let client = TestClient()
        try await client.initialize()
        client.notify("custom/unknownNotification", ["x": 1])
        client.notify("$/setTrace", ["value": "off"])
        let error = await client.requestError("custom/unknownRequest", [:])
        #expect(error?.code == ErrorCode.methodNotFound)
        let dollar = await client.requestError("$/unknownRequest", [:])
        #expect(dollar?.code == ErrorCode.methodNotFound)
        #expect(try await client.request("shutdown") == .null)
    }
}

@Suite struct ShutdownTests {
    @Test func requestsSentBeforeShutdownAreStillAnswered() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///late.json", #"{"tools":[{"name":"SLOW"}]}"#)
        client.analysis.gate.awaitWaiter()
        let reply = ReplyBox()
        client.connection.send(
            request: "textDocument/documentSymbol", params: ["textDocument": ["uri": "file:///late.json"]]
        ) { reply.set($0) }
        #expect(try await client.request("shutdown") == .null)
        client.analysis.gate.release()
        let result = try await client.waitFor("symbols") { reply.value }
        #expect(try result.get().arrayValue?.count == 1)
        #expect(client.notifications("textDocument/publishDiagnostics").isEmpty)
    }
}
