import Foundation
import JSON
import Testing

/// `toolwright mcp tools|check` and `check --live` against real MCP servers from PyPI
/// (installed by Tests/LiveMCPTests/install-servers.sh, which the test command runs).
@Suite struct CLIMCPTests {
    static var venvBin: String {
        let venv =
            ProcessInfo.processInfo.environment["TOOLWRIGHT_MCP_VENV"]
            ?? NSHomeDirectory() + "/.cache/toolwright/mcp-venv"
        return venv + "/bin"
    }

    private func server(_ name: String) throws -> String {
        let path = Self.venvBin + "/" + name
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "\(path) missing: run Tests/LiveMCPTests/install-servers.sh")
        return path
    }

    @Test func toolsListsWhatTheServerExposes() async throws {
        let time = try server("mcp-server-time")
        let run = try await ToolwrightBinary.run(["mcp", "tools", "--", time, "--local-timezone=UTC"])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try Jansson.decode(run.stdout)
        #expect(
            result["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["get_current_time", "convert_time"])
    }

    @Test func checkRunsTheCatalogueOnTheLiveList() async throws {
        let git = try server("mcp-server-git")
        let run = try await ToolwrightBinary.run(["mcp", "check", "--format", "json", "--", git])
        #expect(run.status == 0, "\(run.stderr)")
        let findings = try Jansson.decode(run.stdout)["files"]?[0]?["findings"]?.arrayValue ?? []
        #expect(
            findings.contains {
                $0["ruleId"] == "param-no-description"
                    && $0["pointer"] == "/tools/0/inputSchema/properties/repo_path"
            })
    }

    @Test func aServerThatCannotStartIsAUsageError() async throws {
        let run = try await ToolwrightBinary.run(["mcp", "tools", "--", "/nonexistent/mcp-server"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent/mcp-server"))
    }

    @Test func liveConfigStartsServersOnlyInATrustedWorkspace() async throws {
        let time = try server("mcp-server-time")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-mcp-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let config = #"{"mcpServers": {"time": {"command": "\#(time)", "args": ["--local-timezone=UTC"]}}}"#
        try Data(config.utf8).write(to: root.appendingPathComponent(".mcp.json"))
        let env = ["XDG_CONFIG_HOME": root.appendingPathComponent("cfg").path]

        let untrusted = try await ToolwrightBinary.run(
            ["check", "--live", "--format", "json", ".mcp.json"], in: root, environment: env)
        let ids =
            try Jansson.decode(untrusted.stdout)["files"]?[0]?["findings"]?.arrayValue?
            .compactMap { $0["ruleId"]?.stringValue } ?? []
        #expect(ids == ["mcp-untrusted-workspace"])

        let trusted = try await ToolwrightBinary.run(
            ["check", "--live", "--trust-workspace", root.path, "--format", "json", ".mcp.json"], in: root,
            environment: env)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        let files = try Jansson.decode(trusted.stdout)["files"]?.arrayValue ?? []
        #expect(files.count == 2)
        #expect(files.last?["path"]?.stringValue?.hasSuffix(".mcp.json#time") == true)
        #expect(files.last?["toolCount"] == 2)
    }
    /// Tool rules judge the names each server sent; set-level rules judge all servers together
    /// under the names Claude Desktop shows (`server_tool`), as in the editor.
    @Test func liveSetRulesSeePrefixedNamesAcrossServers() async throws {
        let time = try server("mcp-server-time")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-mcp-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let config = #"{"mcpServers": {"time": {"command": "\#(time)"}, "clock": {"command": "\#(time)"}}}"#
        try Data(config.utf8).write(to: root.appendingPathComponent("claude_desktop_config.json"))
        let run = try await ToolwrightBinary.run(
            ["check", "--live", "--trust-workspace", root.path, "--format", "json", "claude_desktop_config.json"],
            in: root, environment: ["XDG_CONFIG_HOME": root.appendingPathComponent("cfg").path])
        let files = try Jansson.decode(run.stdout)["files"]?.arrayValue ?? []
        let timeFile = try #require(files.first { $0["path"]?.stringValue?.hasSuffix("#time") == true })
        let messages = (timeFile["findings"]?.arrayValue ?? []).map {
            ($0["ruleId"]?.stringValue ?? "", $0["message"]?.stringValue ?? "")
        }
        #expect(
            messages.contains { $0.0 == "set-near-duplicate" && $0.1.contains("`clock_get_current_time`") },
            "\(messages)")
        #expect(
            messages.contains { $0.0 == "desc-missing-guidance" && $0.1.contains("`get_current_time`") },
            "\(messages)")
    }
}
