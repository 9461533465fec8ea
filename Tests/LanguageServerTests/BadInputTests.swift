import Foundation
import JSON
import JSONRPC
import Testing

/// Hostile or broken input over the binary's pipes. After each, the server must still answer
/// and still hold the documents opened before.
@Suite(.serialized) struct BadInputTests {
    private static let keptURI = "file:///bad/kept.json"
    private static let keptText = #"{"tools":[{"name":"kept_tool","description":"Still here."}]}"#

    /// A server with one document open, version 9.
    private func start(environment: [String: String] = [:]) async throws -> ServerProcess {
        let server = try ServerProcess(environment: environment)
        _ = try await server.initialize()
        server.open(Self.keptURI, Self.keptText, version: 9)
        return server
    }

    /// The server answers and still has the document open at its version.
    private func expectStillServing(_ server: ServerProcess, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        let info = try await server.call("toolwright/documentInfo", ["textDocument": ["uri": .string(Self.keptURI)]])
        #expect(info.at("result.version") == 9, sourceLocation: sourceLocation)
        let symbols = try await server.call(
            "textDocument/documentSymbol", ["textDocument": ["uri": .string(Self.keptURI)]])
        #expect(symbols.at("result")?.arrayValue != nil, sourceLocation: sourceLocation)
        #expect(server.process.isRunning, sourceLocation: sourceLocation)
    }

    private func finish(_ server: ServerProcess) async throws {
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        #expect(server.garbageCount == 0)
    }

    @Test func garbageHeaders() async throws {
        let server = try await start()
        server.writeRaw("GET / HTTP/1.1\r\nHost: nowhere\r\n\r\n\u{1}\u{2}binary junk\r\n\r\n")
        try await expectStillServing(server)
        try await finish(server)
    }

    @Test func missingContentLength() async throws {
        let server = try await start()
        server.writeRaw(
            "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}"
        )
        try await expectStillServing(server)
        try await finish(server)
    }

    @Test func invalidContentLength() async throws {
        let server = try await start()
        server.writeRaw("Content-Length: twelve\r\n\r\n")
        server.writeRaw("Content-Length: -3\r\n\r\n")
        try await expectStillServing(server)
        try await finish(server)
    }

    @Test func oversizedContentLengthIsRejectedAndSkipped() async throws {
        let server = try await start(environment: ["TOOLWRIGHT_LSP_MAX_MESSAGE_BYTES": "1000000"])
        let size = 1_500_000
        server.writeRaw("Content-Length: \(size)\r\n\r\n")
        server.writeRaw([UInt8](repeating: UInt8(ascii: " "), count: size))
        let error = try await server.waitFor("oversize error") { server.nullIDErrors().first }
        #expect(error.at("error.code") == .integer(Int64(ErrorCode.invalidRequest)))
        #expect(error.at("error.message")?.stringValue?.contains("exceeds the limit") == true)
        try await expectStillServing(server)
        try await finish(server)
    }

    @Test func invalidJSONBodyIsAParseError() async throws {
        let server = try await start()
        server.writeBody(Array(#"{"jsonrpc":"2.0","id":77,"method":"#.utf8))
        let error = try await server.waitFor("parse error") { server.nullIDErrors().first }
        #expect(error.at("error.code") == .integer(Int64(ErrorCode.parseError)))
        try await expectStillServing(server)
        try await finish(server)
    }

    @Test func wrongJSONRPCVersion() async throws {
        let server = try await start()
        server.writeBody(Array(#"{"jsonrpc":"1.0","id":5,"method":"shutdown"}"#.utf8))
        let reply = try await server.response(5)
        #expect(reply.at("error.code") == .integer(Int64(ErrorCode.invalidRequest)))
        try await expectStillServing(server)
        try await finish(server)
    }

    @Test func unknownMethodsAndNotifications() async throws {
        let server = try await start()
        server.notify("nonsense/notification", ["a": 1])
        server.notify("$/nonsense", [:])
        let reply = try await server.call("nonsense/request", [:])
        #expect(reply.at("error.code") == .integer(Int64(ErrorCode.methodNotFound)))
        try await expectStillServing(server)
        try await finish(server)
    }

    @Test func clientDisappearingWithoutShutdown() async throws {
        let server = try await start()
        try await expectStillServing(server)
        server.closeInput()
        #expect(try await server.exitStatus() == 1)
    }

    @Test func clientClosingTheServerOutputEndsTheServerWithoutSIGPIPE() async throws {
        // Nobody reads the output (a blocked reader would keep the pipe open), then it is closed.
        let server = try ServerProcess(readOutput: false)
        server.closeOutputReader()
        server.sendRequest("initialize", ["processId": .null, "rootUri": .null, "capabilities": [:]])
        await #expect(try server.exitStatus() == 1)
        #expect(server.process.terminationReason == .exit)
    }

    @Test func fiftyMegabyteDocument() async throws {
        let server = try await start()
        var text = #"{"tools":[{"name":"big","description":""#
        text += String(decoding: [UInt8](repeating: UInt8(ascii: "a"), count: 50_000_000), as: UTF8.self)
        text += #""}]}"#
        server.open("file:///bad/big.json", text)
        let published = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"] == "file:///bad/big.json"
        }
        #expect(published.at("params.version") == 1)
        try await expectStillServing(server)
        server.notify("textDocument/didClose", ["textDocument": ["uri": "file:///bad/big.json"]])
        try await finish(server)
    }

    @Test func hundredThousandDeepNesting() async throws {
        let server = try await start()
        let depth = 100_000
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        // Deep inside a document: the document parser must cope.
        server.open("file:///bad/deep.json", nested)
        _ = try await server.notification("textDocument/publishDiagnostics") { $0["uri"] == "file:///bad/deep.json" }
        // Deep as the message itself: the wire decoder must refuse, not crash.
        server.writeBody(Array(("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":" + nested + "}").utf8))
        let error = try await server.waitFor("parse error for deep message") { server.nullIDErrors().first }
        #expect(error.at("error.code") == .integer(Int64(ErrorCode.parseError)))
        try await expectStillServing(server)
        try await finish(server)
    }

    @Test func invalidUTF8InADocument() async throws {
        let server = try await start()
        var body = Array(
            #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///bad/utf8.json","languageId":"json","version":1,"text":"{\"tools\":[{\"name\":\""#
                .utf8)
        body += [0xC3, 0x28, 0xFF]
        body += Array(#"\"}]}"}}}"#.utf8)
        server.writeBody(body)
        let error = try await server.waitFor("parse error for invalid UTF-8") { server.nullIDErrors().first }
        #expect(error.at("error.code") == .integer(Int64(ErrorCode.parseError)))
        let notOpen = try await server.call(
            "toolwright/documentInfo", ["textDocument": ["uri": "file:///bad/utf8.json"]])
        #expect(notOpen.at("error.code") == .integer(Int64(ErrorCode.invalidParams)))
        try await expectStillServing(server)
        try await finish(server)
    }
}
