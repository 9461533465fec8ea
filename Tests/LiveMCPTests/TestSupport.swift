import Foundation
import JSON
import Testing

@testable import LiveMCP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the test servers and the real PyPI servers live.
enum TestServers {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repositoryRoot = folder.deletingLastPathComponent().deletingLastPathComponent()

    /// Python servers started alongside parallel tests on a busy machine took up to 20 s to
    /// answer initialize here; the tests are about behaviour, not speed.
    static let slowStart = MCPTimeouts(initialize: 120, request: 60)

    static func script(_ name: String) -> String { folder.appendingPathComponent("Servers/\(name)").path }

    /// The venv made by install-servers.sh: $TOOLWRIGHT_MCP_VENV or ~/.cache/toolwright/mcp-venv.
    static var venv: String {
        if let path = ProcessInfo.processInfo.environment["TOOLWRIGHT_MCP_VENV"], !path.isEmpty { return path }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/toolwright/mcp-venv").path
    }

    /// A program from the venv; the test fails (never skips) when it is missing.
    static func venvProgram(_ name: String) throws -> String {
        let path = venv + "/bin/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record(
                """
                \(name) is not installed in \(venv). Install the real MCP servers with \
                Tests/LiveMCPTests/install-servers.sh (or set TOOLWRIGHT_MCP_VENV to a venv that has them).
                """)
            throw MissingServer()
        }
        return path
    }

    struct MissingServer: Error {}

    /// The tools/list captures in ../shared/samples (or $TOOLWRIGHT_SHARED/samples).
    static func sampleToolNames(_ server: String) throws -> [String] {
        let shared =
            ProcessInfo.processInfo.environment["TOOLWRIGHT_SHARED"]
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared").path
        let path = shared + "/samples/\(server).tools-list.json"
        let bytes = try #require(FileManager.default.contents(atPath: path), "missing capture \(path)")
        let value = try Jansson.decode(Array(bytes))
        let tools = try #require(value["result"]?["tools"]?.arrayValue)
        return tools.compactMap { $0["name"]?.stringValue }
    }

    /// False once the process is gone or a zombie (an orphan waits for init to reap it).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno != ESRCH else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return !stat[close...].hasPrefix(") Z")
    }

    /// A grandchild dies a moment after its group is killed; give it up to two seconds.
    static func ends(_ pid: Int32) async -> Bool {
        for _ in 0..<40 {
            if !isRunning(pid) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("livemcp-\(UUID().uuidString)-\(name)").path
    }
}
