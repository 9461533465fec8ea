import Foundation
import JSON
import Testing

@testable import LiveMCP

/// Streamable HTTP against the official Python SDK's server on 127.0.0.1, in both reply modes.
@Suite struct HTTPTransportTests {
    @Test(arguments: ["json", "sse"])
    func listsToolsAndCallsOne(mode: String) async throws {
        let python = try TestServers.venvProgram("python")
        let server = try await LocalHTTPServer.start(python: python, script: "http_server.py", arguments: ["0", mode])
        defer { server.stop() }
        let client = try await MCPHTTPClient.connect(url: server.url)
        let list = try await client.listTools()
        let call = try await client.request("tools/call", params: ["name": "add", "arguments": ["a": 2, "b": 3]])
        let sessionID = client.sessionID
        await client.close()

        #expect(client.serverInfo.name == "http-test")
        #expect(client.serverInfo.protocolVersion == MCPProtocol.latestVersion)
        #expect(list.names == ["add", "echo"])
        #expect(list.tools.first?["description"] == "Add two integers.")
        // The call only succeeds when the session id and protocol version went back in headers.
        #expect(call["content"]?[0]?["text"] == "5")
        #expect(sessionID?.isEmpty == false)
    }

    @Test func httpErrorStatusIsReported() async throws {
        let server = try await LocalHTTPServer.start(
            python: nil, script: "failing_http_server.py", arguments: ["0"])
        defer { server.stop() }
        await #expect {
            try await MCPHTTPClient.connect(url: server.url)
        } throws: { error in
            "\(error)" == "MCP server answered initialize with HTTP status 500: internal failure: database unavailable"
        }
    }

    @Test func connectionRefusedIsReported() async throws {
        // A port that was just free: start a server, stop it, connect to its port.
        let server = try await LocalHTTPServer.start(
            python: nil, script: "failing_http_server.py", arguments: ["0"])
        server.stop()
        await #expect {
            try await MCPHTTPClient.connect(url: server.url, timeouts: MCPTimeouts(initialize: 5))
        } throws: { error in
            "\(error)" == "Could not reach MCP server at http://127.0.0.1:\(server.port)/mcp: connection refused"
        }
    }

    @Test func parsesEventStreamData() {
        let body = Array(
            ": comment\r\nevent: message\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\nid: 7\ndata:{\"b\":2}\n\n".utf8)
        #expect(ServerSentEvents.dataFields(body) == ["{\"a\":\n1}", "{\"b\":2}"])
    }
}
