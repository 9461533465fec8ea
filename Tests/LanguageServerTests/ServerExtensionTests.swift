import Foundation
import JSON
import Testing

/// Rule packs and workspace plugins in the real server, configured by initializationOptions.
@Suite(.serialized) struct ServerExtensionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func workspace() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-lsp-ext-\(UUID())")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("plugins"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("plugins/house-style"),
            to: root.appendingPathComponent("plugins/house-style"))
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("plugins/packs/enterprise-strict.yaml"),
            to: root.appendingPathComponent("pack.yaml"))
        return root
    }

    private let text = #"""
        {"tools":[{"name":"Get Weather","description":"This tool gets weather. TODO: units.",
        "inputSchema":{"type":"object","properties":{"city":{"type":"string","description":"City"}}}}]}
        """#

    private func codes(root: URL, options: JSONValue) async throws -> [String] {
        let server = try ServerProcess(environment: ["XDG_CONFIG_HOME": root.appendingPathComponent("cfg").path])
        _ = try await server.call(
            "initialize",
            [
                "processId": .null, "rootUri": .string(root.absoluteString), "capabilities": [:],
                "initializationOptions": options,
            ])
        server.notify("initialized", [:])
        let uri = root.appendingPathComponent("t.tools.json").absoluteString
        server.open(uri, text)
        let published = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"]?.stringValue == uri
        }
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        return published.at("params.diagnostics")?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
    }

    @Test func rulePackRulesBecomeDiagnostics() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let found = try await codes(root: root, options: ["rulePacks": ["pack.yaml"]])
        #expect(found.contains("enterprise/tool-name-snake-case"))
        #expect(found.contains("name-target-pattern"))
    }

    @Test func pluginsRunOnlyInATrustedWorkspace() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let untrusted = try await codes(root: root, options: ["plugins": true])
        #expect(untrusted.contains("plugin-untrusted-workspace"))
        #expect(!untrusted.contains("house-style/no-placeholder"))

        let trusted = try await codes(
            root: root, options: ["plugins": true, "trustedWorkspaces": [.string(root.path)]])
        #expect(trusted.contains("house-style/no-placeholder"))
        #expect(!trusted.contains("plugin-untrusted-workspace"))
    }
}
