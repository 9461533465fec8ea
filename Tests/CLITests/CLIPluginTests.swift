import Foundation
import JSON
import Testing

/// Rule packs, workspace plugins and trust, through `check` and `trust` on the real binary.
@Suite struct CLIPluginTests {
    /// A workspace with the shipped house-style plugin (Python) and one tool file it objects to.
    private func workspace() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-plugins-\(UUID())")
        let plugins = root.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: ToolwrightBinary.repositoryRoot.appendingPathComponent("plugins/house-style"),
            to: plugins.appendingPathComponent("house-style"))
        let tools = #"""
            {"tools":[{"name":"get_weather","description":"This tool gets weather. TODO: units.",
            "inputSchema":{"type":"object","properties":{"city":{"type":"string","description":"City"}}}}]}
            """#
        try Data(tools.utf8).write(to: root.appendingPathComponent("t.tools.json"))
        return root
    }

    @Test func rulePackFindingsJoinTheBuiltInOnes() async throws {
        let run = try await ToolwrightBinary.run([
            "check", "--rule-pack", "plugins/packs/enterprise-strict.yaml", "examples/faulty/bad-names.tools.json",
        ])
        #expect(run.status == 1)
        #expect(
            run.stdout.contains(
                "examples/faulty/bad-names.tools.json:5:15: error: Tool name \"Send Email\" is not snake case"))
        #expect(run.stdout.contains("[enterprise/tool-name-snake-case]"))
    }

    @Test func anUnreadablePackIsAUsageError() async throws {
        let run = try await ToolwrightBinary.run([
            "check", "--rule-pack", "no/such/pack.yaml", "examples/mcp/time.tools.json",
        ])
        #expect(run.status == 2)
        #expect(run.stderr.contains("rule-pack-invalid"))
    }

    @Test func pluginsWaitForTrust() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("config").path
        let untrusted = try await ToolwrightBinary.run(
            ["check", "--plugins", "--format", "json", "t.tools.json"], in: root,
            environment: ["XDG_CONFIG_HOME": config])
        let ids =
            try Jansson.decode(untrusted.stdout)["files"]?[0]?["findings"]?.arrayValue?
            .compactMap { $0["ruleId"]?.stringValue } ?? []
        #expect(ids.contains("plugin-untrusted-workspace"))
        #expect(!ids.contains { $0.hasPrefix("house-style/") })

        let trusted = try await ToolwrightBinary.run(
            ["check", "--plugins", "--trust-workspace", root.path, "--format", "json", "t.tools.json"], in: root,
            environment: ["XDG_CONFIG_HOME": config])
        let findings = try Jansson.decode(trusted.stdout)["files"]?[0]?["findings"]?.arrayValue ?? []
        let placeholder = try #require(findings.first { $0["ruleId"] == "house-style/no-placeholder" })
        #expect(placeholder["pointer"] == "/tools/0/description")
        #expect(trusted.status == 1)
    }

    @Test func pluginSettingsComeFromTheConfigFile() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path]
        func ruleIds() async throws -> [String] {
            let run = try await ToolwrightBinary.run(
                ["check", "--plugins", "--trust-workspace", root.path, "--format", "json", "t.tools.json"], in: root,
                environment: environment)
            return try Jansson.decode(run.stdout)["files"]?[0]?["findings"]?.arrayValue?
                .compactMap { $0["ruleId"]?.stringValue } ?? []
        }
        // One parameter is within the plugin's default limit...
        #expect(try await !ruleIds().contains("house-style/max-parameters"))
        // ...and over the limit this workspace sets for it.
        try "pluginSettings:\n  house-style: {maxParameters: 0}\n".write(
            to: root.appendingPathComponent(".toolwright.yaml"), atomically: true, encoding: .utf8)
        #expect(try await ruleIds().contains("house-style/max-parameters"))
    }

    @Test func trustIsRecordedAndChecked() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let env = ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path]
        #expect(try await ToolwrightBinary.run(["trust", "--check", root.path], environment: env).status == 1)
        let recorded = try await ToolwrightBinary.run(["trust", root.path], environment: env)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(try await ToolwrightBinary.run(["trust", "--check", root.path], environment: env).status == 0)
        let run = try await ToolwrightBinary.run(
            ["check", "--plugins", "--format", "json", "t.tools.json"], in: root, environment: env)
        let ids =
            try Jansson.decode(run.stdout)["files"]?[0]?["findings"]?.arrayValue?
            .compactMap { $0["ruleId"]?.stringValue } ?? []
        #expect(ids.contains("house-style/description-starts-with-verb"))
    }
}
