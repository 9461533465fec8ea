import Foundation
import JSON
import Testing

/// In one server session: a workspace plugin is not started while the workspace is untrusted
/// (its document gets a diagnostic saying how to trust), and starts once the user trusts it
/// through a configuration change.
@Suite struct PluginTrustTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `root/plugins/probe`: a plugin that writes `pid-ok` when it starts and reports `bad/found`.
    static func addProbePlugin(to root: URL) throws -> URL {
        let folder = root.appendingPathComponent("plugins/probe")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: repository.appendingPathComponent("Tests/plugin-fixtures/misbehaving.py"),
            to: folder.appendingPathComponent("bad.py"))
        try #"""
        {"id": "probe", "version": "0", "protocol": "toolwright-plugin/1",
         "command": ["python3", "-u", "bad.py", "ok"], "timeouts": {"initializeMs": 60000, "requestMs": 60000}}
        """#.write(to: folder.appendingPathComponent("plugin.json"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The real server with plugins enabled by the user, one tool document open in `root`.
    static func serverWithPluginsOn(root: URL) async throws -> (ServerProcess, String) {
        let server = try ServerProcess(environment: ["XDG_CONFIG_HOME": root.appendingPathComponent("cfg").path])
        _ = try await server.call(
            "initialize",
            [
                "processId": .null, "rootUri": .string(root.absoluteString), "capabilities": [:],
                "initializationOptions": ["plugins": true],
            ])
        server.notify("initialized", [:])
        let uri = root.appendingPathComponent("t.tools.json").absoluteString
        server.open(
            uri,
            #"{"tools": [{"name": "get_weather", "description": "Get the weather.", "inputSchema": {"type": "object"}}]}"#
        )
        return (server, uri)
    }

    @Test func aWorkspacePluginStartsOnlyOnceTheWorkspaceIsTrusted() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-lsp-trust-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try Self.addProbePlugin(to: root)
        let pidFile = folder.appendingPathComponent("pid-ok").path

        let (server, uri) = try await Self.serverWithPluginsOn(root: root)

        func diagnostics(_ predicate: @escaping ([JSONValue]) -> Bool) async throws -> [JSONValue] {
            let published = try await server.notification("textDocument/publishDiagnostics") {
                $0["uri"]?.stringValue == uri && predicate($0["diagnostics"]?.arrayValue ?? [])
            }
            return published["params"]?["diagnostics"]?.arrayValue ?? []
        }
        let before = try await diagnostics { _ in true }
        let untrusted = try #require(before.first { $0["code"] == "plugin-untrusted-workspace" })
        #expect(untrusted["message"]?.stringValue?.contains("toolwright trust \(root.path)") == true)
        #expect(!before.contains { $0["code"] == "bad/found" })
        #expect(!FileManager.default.fileExists(atPath: pidFile))

        server.notify(
            "workspace/didChangeConfiguration",
            ["settings": ["toolwright": ["plugins": true, "trustedWorkspaces": [.string(root.path)]]]])
        let after = try await diagnostics { list in list.contains { $0["code"] == "bad/found" } }
        #expect(!after.contains { $0["code"] == "plugin-untrusted-workspace" })
        #expect(FileManager.default.fileExists(atPath: pidFile))
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    /// The workspace's own `.toolwright.yaml` cannot trust itself: `trustedWorkspaces` and
    /// `plugins: true` there are ignored, so its plugin stays stopped until the user trusts it.
    @Test func aWorkspaceConfigFileCannotTrustItself() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-lsp-selftrust-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try Self.addProbePlugin(to: root)
        try "trustedWorkspaces: [\"/\", \"\(root.path)\"]\nplugins: true\n".write(
            to: root.appendingPathComponent(".toolwright.yaml"), atomically: true, encoding: .utf8)
        let pidFile = folder.appendingPathComponent("pid-ok").path

        let (server, uri) = try await Self.serverWithPluginsOn(root: root)
        let published = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"]?.stringValue == uri
        }
        let diagnostics = published["params"]?["diagnostics"]?.arrayValue ?? []
        #expect(diagnostics.contains { $0["code"] == "plugin-untrusted-workspace" })
        #expect(!diagnostics.contains { $0["code"] == "bad/found" })
        #expect(!FileManager.default.fileExists(atPath: pidFile))
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }
}
