import Foundation
import Testing

@testable import LiveMCP

/// Connect + list for `mcp-server-time` from PyPI, repeated, with the machine's load: the
/// figures in docs/LIVE-MCP.md. Prints only (no timing assertions); it does check that every run
/// listed the real tools.
@Suite(.serialized) struct TimeServerBenchmarkTests {
    static let runs = 5
    static let warmRequests = 20

    @Test func connectAndListTheTimeServer() async throws {
        let command = try TestServers.venvProgram("mcp-server-time")
        let expected = try TestServers.sampleToolNames("mcp-server-time")
        let clock = ContinuousClock()
        var connect: [Duration] = []
        var first: [Duration] = []
        var warm: [Duration] = []
        var close: [Duration] = []
        let load = Self.loadAverage()
        for _ in 0..<Self.runs {
            let start = clock.now
            let client = try await MCPStdioClient.start(
                command: command, arguments: ["--local-timezone=UTC"], timeouts: TestServers.slowStart)
            let connected = clock.now
            let list = try await client.listTools()
            let listed = clock.now
            #expect(list.names == expected)
            for _ in 0..<Self.warmRequests {
                let before = clock.now
                _ = try await client.listTools()
                warm.append(clock.now - before)
            }
            let closing = clock.now
            _ = await client.close()
            close.append(clock.now - closing)
            connect.append(connected - start)
            first.append(listed - connected)
        }
        print(
            """
            time server, \(Self.runs) runs (load average before: \(load), after: \(Self.loadAverage())):
              start + initialize   \(Self.summary(connect))
              first tools/list     \(Self.summary(first))
              warm tools/list      \(Self.summary(warm)) (\(warm.count) requests)
              close (stdin EOF)    \(Self.summary(close))
            """)
    }

    /// `min / median / max` in milliseconds.
    static func summary(_ values: [Duration]) -> String {
        let ms = values.map { Double($0.components.attoseconds) / 1e15 + Double($0.components.seconds) * 1000 }.sorted()
        guard let low = ms.first, let high = ms.last else { return "-" }
        return String(format: "min %.2f ms, median %.2f ms, max %.2f ms", low, ms[ms.count / 2], high)
    }

    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
