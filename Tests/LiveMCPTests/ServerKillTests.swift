import Foundation
import Testing

@testable import LiveMCP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An MCP server killed with SIGKILL while a request to it is outstanding: the request fails
/// with an error that says so (not a timeout: the request timeout is far away), later requests
/// fail at once, and the process is reaped.
@Suite struct ServerKillTests {
    @Test func killDuringToolsListIsAClearErrorAndNoZombie() async throws {
        // IGNORE_LIST=1: the server reads tools/list, logs it, and never answers.
        let client = try await MCPStdioClient.start(
            command: "python3", arguments: [TestServers.script("paging_server.py")], environment: ["IGNORE_LIST": "1"],
            timeouts: MCPTimeouts(initialize: 120, request: 600, exitAfterClose: 1, exitAfterTerminate: 1))
        let pid = client.processIdentifier
        let pending = Task { () -> String in
            do {
                let list = try await client.listTools()
                return "answered with \(list.tools.count) tools"
            } catch {
                return "\(error)"
            }
        }
        // Kill only once the server holds the request.
        for _ in 0..<6000 where !client.standardError.contains("ignoring tools/list") {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(client.standardError.contains("ignoring tools/list"))
        #expect(kill(pid, SIGKILL) == 0)

        let message = await pending.value
        #expect(message.contains("killed by signal 9"), "\(message)")
        #expect(message.contains("tools/list"), "\(message)")
        #expect(!message.contains("did not answer"), "timed out instead of noticing the exit: \(message)")

        // The next request fails straight away with the same story.
        let next = await { () -> String in
            do {
                _ = try await client.request("tools/call", params: ["name": "alpha", "arguments": [:]])
                return "answered"
            } catch {
                return "\(error)"
            }
        }()
        #expect(next != "answered")
        #expect(!next.contains("did not answer"), "\(next)")

        // Reaped, not a zombie: /proc has no entry for the pid any more.
        var reaped = false
        for _ in 0..<3000 {
            if !FileManager.default.fileExists(atPath: "/proc/\(pid)") {
                reaped = true
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(reaped, "pid \(pid) still in /proc")
        #expect(await client.close() == .signalled(SIGKILL))
    }
}
