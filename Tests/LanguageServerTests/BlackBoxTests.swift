import Foundation
import JSON
import JSONRPC
import Testing

/// The real binary over real pipes: the lifecycle a client sees.
@Suite(.serialized) struct BlackBoxTests {
    @Test func initializeOpenDiagnosticsShutdownExit() throws {
        let server = try ServerProcess()
        let result = try server.initialize()
        #expect(result.at("result.capabilities.textDocumentSync.change") == 2)
        #expect(result.at("result.serverInfo.name") == "toolwright")
        server.open(
            "file:///bb/tools.json",
            #"{"tools":[{"name":"get_weather","description":"Weather.","inputSchema":{"type":"object"}}]}"#, version: 4)
        let published = try server.notification("textDocument/publishDiagnostics") {
            $0["uri"] == "file:///bb/tools.json"
        }
        #expect(published.at("params.version") == 4)
        #expect(published.at("params.diagnostics")?.arrayValue != nil)
        let info = try server.call("toolwright/documentInfo", ["textDocument": ["uri": "file:///bb/tools.json"]])
        #expect(info.at("result.version") == 4)
        #expect(try server.call("shutdown").at("result") == .null)
        server.notify("exit")
        #expect(try server.exitStatus() == 0)
    }

    @Test func exitWithoutShutdownIsOne() throws {
        let server = try ServerProcess()
        _ = try server.initialize()
        server.notify("exit")
        #expect(try server.exitStatus() == 1)
    }

    @Test func requestBeforeInitializeIsRefused() throws {
        let server = try ServerProcess()
        let reply = try server.call("textDocument/documentSymbol", ["textDocument": ["uri": "file:///x.json"]])
        #expect(reply.at("error.code") == .integer(Int64(ErrorCode.serverNotInitialized)))
        _ = try server.initialize()
        server.closeInput()
        #expect(try server.exitStatus() == 1)
    }

    @Test func strayOutputNeverReachesTheWire() throws {
        // Everything on stdout must parse as frames: the reader saw only JSON messages.
        let server = try ServerProcess()
        _ = try server.initialize()
        server.open("file:///bb/a.json", #"{"tools":[]}"#)
        _ = try server.notification("textDocument/publishDiagnostics")
        _ = try server.call("shutdown")
        server.notify("exit")
        #expect(try server.exitStatus() == 0)
        #expect(server.allMessages().allSatisfy { $0["jsonrpc"] == "2.0" })
        #expect(server.garbageCount == 0)
    }
}
