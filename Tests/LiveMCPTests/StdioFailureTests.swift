import Foundation
import Testing

@testable import LiveMCP

/// Every way a stdio server can fail ends in a clear error, promptly, with no process left.
@Suite struct StdioFailureTests {
    private let quick = MCPTimeouts(initialize: 2, request: 2, exitAfterClose: 0.5, exitAfterTerminate: 0.5)

    @Test func commandNotFound() async throws {
        await #expect {
            try await MCPStdioClient.start(command: "toolwright-no-such-server-xyz")
        } throws: { error in
            "\(error)".hasPrefix("MCP server command not found: toolwright-no-such-server-xyz")
        }
    }

    @Test func serverThatNeverAnswersIsTimedOutAndStopped() async throws {
        let pidFile = TestServers.temporaryFile("pid")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        // sh starts in milliseconds, so its stderr line is there long before the timeout.
        await #expect {
            try await MCPStdioClient.start(
                command: "sh",
                arguments: [
                    "-c", "echo $$ > \"$0\"; echo 'hang server: will not answer' >&2; exec sleep 3600", pidFile,
                ],
                timeouts: quick)
        } throws: { error in
            let text = "\(error)"
            return text.contains("did not answer initialize within 2 s")
                && text.contains("hang server: will not answer")
        }
        let pid = try #require(
            Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!TestServers.isRunning(pid))
    }

    @Test func serverIgnoringSIGTERMIsKilledWithItsChildren() async throws {
        let pidFile = TestServers.temporaryFile("pid")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        // The shell ignores SIGTERM (and so does its child); only SIGKILL to the group ends both.
        await #expect(throws: MCPClientError.self) {
            try await MCPStdioClient.start(
                command: "sh", arguments: ["-c", "trap '' TERM; sleep 3600 & echo $! > \"$0\"; wait", pidFile],
                timeouts: quick)
        }
        let child = try #require(
            Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await TestServers.ends(child))
    }

    @Test func crashDuringInitializeShowsStandardError() async throws {
        await #expect {
            try await MCPStdioClient.start(
                command: "python3", arguments: [TestServers.script("misbehaving_server.py"), "crash"],
                timeouts: MCPTimeouts(initialize: 30, request: 30, exitAfterClose: 1, exitAfterTerminate: 1))
        } throws: { error in
            let text = "\(error)"
            return text.contains("exited with status 3 during initialize")
                && text.contains("RuntimeError: crash_server: missing API_KEY")
        }
    }

    @Test func nonJSONOnStandardOutputIsReported() async throws {
        await #expect {
            try await MCPStdioClient.start(
                command: "python3", arguments: [TestServers.script("misbehaving_server.py"), "noise"],
                timeouts: MCPTimeouts(initialize: 20, request: 20, exitAfterClose: 1, exitAfterTerminate: 1))
        } throws: { error in
            let text = "\(error)"
            return text.contains("not JSON-RPC") && text.contains("Starting noisy server v1.0")
        }
    }

    @Test func droppedClientDoesNotLeaveItsServerRunning() async throws {
        var client: MCPStdioClient? = try await MCPStdioClient.start(
            command: "python3", arguments: [TestServers.script("paging_server.py")])
        let pid = try #require(client?.processIdentifier)
        #expect(TestServers.isRunning(pid))
        client = nil
        #expect(await TestServers.ends(pid))
    }

    @Test func unansweredListIsTimedOutAndTheServerStopped() async throws {
        let client = try await MCPStdioClient.start(
            command: "python3", arguments: [TestServers.script("paging_server.py")], environment: ["IGNORE_LIST": "1"],
            timeouts: MCPTimeouts(initialize: 30, request: 1, exitAfterClose: 1, exitAfterTerminate: 1))
        await #expect {
            try await client.listTools()
        } throws: { error in
            let text = "\(error)"
            return text.contains("did not answer tools/list within 1 s") && text.contains("ignoring tools/list")
        }
        #expect(!TestServers.isRunning(client.processIdentifier))
    }
}
