import Foundation
import JSON
import Testing

/// `toolwright plugins list|check` on the real binary: every source of packs and plugins, trust,
/// health probes of working and broken plugins, text and JSON, exit statuses.
@Suite struct CLIPluginsCommandTests {
    private static let script: String = {
        let url = ToolwrightBinary.repositoryRoot.appendingPathComponent("Tests/plugin-fixtures/misbehaving.py")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    private static func manifest(_ id: String, mode: String, requestMs: Int = 30000) -> String {
        #"""
        {"id": "\#(id)", "version": "2.1.0", "protocol": "toolwright-plugin/1", "kinds": ["analyzer"],
         "command": ["python3", "-u", "bad.py", "\#(mode)"],
         "timeouts": {"initializeMs": 30000, "requestMs": \#(requestMs), "shutdownMs": 2000}}
        """#
    }

    private static let pack = """
        id: mine
        rules:
          mine/short-names:
            message: "Name too long"
            given: $.tools[*].name
            then: {function: length, functionOptions: {max: 5}}
        """

    /// A workspace with a plugin in its plugins folder, a pack and a plugin named by its
    /// .toolwright.yaml, and a user folder (config/toolwright) with a pack and a plugin.
    private func workspace(userMode: String = "ok", userRequestMs: Int = 30000) throws -> URL {
        try ToolwrightBinary.temporaryDirectory([
            "plugins/ws/plugin.json": Self.manifest("ws-plugin", mode: "ok"), "plugins/ws/bad.py": Self.script,
            "extra/cfg/plugin.json": Self.manifest("cfg-plugin", mode: "ok"), "extra/cfg/bad.py": Self.script,
            "packs/team.yaml": Self.pack.replacingOccurrences(of: "mine", with: "team"),
            ".toolwright.yaml": "plugins: [packs/team.yaml, extra/cfg]\n",
            "config/toolwright/packs/mine.yaml": Self.pack,
            "config/toolwright/plugins/u/plugin.json": Self.manifest(
                "user-plugin", mode: userMode, requestMs: userRequestMs),
            "config/toolwright/plugins/u/bad.py": Self.script,
            "t.tools.json":
                #"{"tools": [{"name": "lookup_order", "description": "Look up an order.", "inputSchema": {"type": "object"}}]}"#,
        ])
    }

    private func env(_ root: URL) -> [String: String] {
        ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path]
    }

    private func byId(_ list: JSONValue?) -> [String: JSONValue] {
        Dictionary(
            (list?.arrayValue ?? []).compactMap { item in item["id"]?.stringValue.map { ($0, item) } },
            uniquingKeysWith: { a, _ in a })
    }

    @Test func listShowsEverySourceAndTrustWithoutStartingAnything() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(
            ["plugins", "list", "--format", "json", "--rule-pack", "packs/team.yaml"], in: root, environment: env(root))
        #expect(run.status == 0, "\(run.stderr)")
        let report = try run.json()
        #expect(report["workspaceRoot"]?.stringValue == root.standardizedFileURL.path)
        #expect(report["workspaceTrusted"] == false)
        let packs = byId(report["rulePacks"])
        #expect(packs["mine"]?["source"] == "user")
        #expect(packs["mine"]?["rules"] == ["mine/short-names"])
        // Named by the config and by a flag: listed once, from where it was met first.
        #expect(packs["team"]?["source"] == "workspace-config")
        #expect(report["rulePacks"]?.array.count == 2)
        let plugins = byId(report["plugins"])
        #expect(plugins["user-plugin"]?["source"] == "user")
        #expect(plugins["user-plugin"]?["trust"] == "not-required")
        #expect(plugins["ws-plugin"]?["source"] == "workspace")
        #expect(plugins["ws-plugin"]?["trust"] == "untrusted")
        #expect(plugins["ws-plugin"]?["status"] == "skipped-untrusted")
        #expect(plugins["cfg-plugin"]?["source"] == "workspace-config")
        #expect(plugins["cfg-plugin"]?["configFile"]?.stringValue?.hasSuffix("/.toolwright.yaml") == true)
        #expect(plugins["cfg-plugin"]?["version"] == "2.1.0")
        #expect(plugins["cfg-plugin"]?["command"] == ["python3", "-u", "bad.py", "ok"])
        #expect(plugins.values.allSatisfy { $0["health"] == nil })
        // Nothing was started: no plugin wrote its pid file.
        for folder in ["plugins/ws", "extra/cfg", "config/toolwright/plugins/u"] {
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(folder + "/pid-ok").path))
        }

        let trusted = try await ToolwrightBinary.run(
            ["plugins", "list", "--format", "json", "--trust-workspace", root.path], in: root, environment: env(root))
        let trustedPlugins = byId(try trusted.json()["plugins"])
        #expect(trustedPlugins["ws-plugin"]?["trust"] == "trusted")
        #expect(trustedPlugins["cfg-plugin"]?["trust"] == "trusted")
    }

    @Test func listInTextSaysWhereEachComesFromAndHowToTrust() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(["plugins", "list"], in: root, environment: env(root))
        #expect(run.status == 0)
        #expect(run.stdout.contains("Workspace \(root.standardizedFileURL.path): not trusted"))
        #expect(run.stdout.contains("mine  1 rule  "))
        #expect(run.stdout.contains("[user folder]"))
        #expect(run.stdout.contains("ws-plugin 2.1.0  "))
        #expect(run.stdout.contains("trust: untrusted (run `toolwright trust \(root.standardizedFileURL.path)`"))
    }

    @Test func anInvalidManifestOrPackMakesListExitOne() async throws {
        let root = try ToolwrightBinary.temporaryDirectory([
            "plugins/broken/plugin.json": #"{"id": "broken", "protocol": "toolwright-plugin/9"}"#,
            "t.tools.json": "{}",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(
            ["plugins", "list", "--format", "json"], in: root, environment: env(root))
        #expect(run.status == 1)
        let broken = try #require(try run.json()["plugins"]?[0])
        #expect(broken["status"] == "invalid")
        let messages = broken["problems"]?.array.compactMap { $0["message"]?.stringValue } ?? []
        #expect(messages.contains { $0.contains("toolwright-plugin/9") })
        #expect(messages.contains { $0.contains("command") })
    }

    @Test func checkProbesRunnablePluginsAndSkipsUntrustedOnes() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(
            ["plugins", "check", "--format", "json", "t.tools.json"], in: root, environment: env(root))
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let plugins = byId(try run.json()["plugins"])
        let user = try #require(plugins["user-plugin"])
        #expect(user["status"] == "healthy")
        let health = try #require(user["health"])
        #expect(health["healthy"] == true)
        #expect((health["spawnInitializeMs"]?.numberValue ?? 0) > 0)
        #expect((health["analyzeMs"]?.numberValue ?? 0) > 0)
        // The probe used the named tool file: its one tool got the plugin's one finding.
        #expect(health["findings"] == 1)
        #expect(health["pluginInfo"]?["name"] == "bad")
        #expect(health["exit"] == "exit status 0")
        #expect(plugins["ws-plugin"]?["status"] == "skipped-untrusted")
        #expect(plugins["ws-plugin"]?["health"] == nil)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("plugins/ws/pid-ok").path))

        let trusted = try await ToolwrightBinary.run(
            ["plugins", "check", "--trust-workspace", root.path], in: root, environment: env(root))
        #expect(trusted.status == 0, "\(trusted.stdout)")
        #expect(trusted.stdout.components(separatedBy: "health: ok").count == 4)
    }

    @Test(arguments: [
        ("exit", "analyze", "crashed (exit status 3"),
        ("hang", "analyze", "timed out after 1500 ms on document/analyze"),
    ])
    func checkReportsABrokenPluginAndExitsOne(mode: String, step: String, error: String) async throws {
        let root = try workspace(userMode: mode, userRequestMs: 1500)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(
            ["plugins", "check", "--format", "json"], in: root, environment: env(root))
        #expect(run.status == 1)
        let user = try #require(byId(try run.json()["plugins"])["user-plugin"])
        #expect(user["status"] == "failed")
        #expect(user["health"]?["failedStep"]?.stringValue == step)
        #expect(user["health"]?["error"]?.stringValue?.contains(error) == true, "\(user)")
        let text = try await ToolwrightBinary.run(["plugins", "check"], in: root, environment: env(root))
        #expect(text.status == 1)
        #expect(text.stdout.contains("health: FAILED"))
        #expect(text.stdout.contains("error at \(step): "))
    }

    @Test func checkRunsPacksNamedByTheConfigAndTheUserFolder() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(
            ["check", "--format", "json", "t.tools.json"], in: root, environment: env(root))
        let ids = try run.json()["files"]?[0]?["findings"]?.array.compactMap { $0["ruleId"]?.stringValue } ?? []
        #expect(ids.contains("mine/short-names"))
        #expect(ids.contains("team/short-names"))
    }
}
