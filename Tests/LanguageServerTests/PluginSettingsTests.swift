import Foundation
import JSON
import Testing

/// The real server passes each plugin its settings: `pluginSettings` of `.toolwright.yaml`, then
/// the editor's `pluginSettings`, which win per plugin and reach the running plugin on a change.
@Suite struct PluginSettingsTests {
    /// `root/plugins/swift-example`: the shipped manifest and launcher, pointed at the built binary.
    static func addSwiftExample(to root: URL) throws {
        let folder = root.appendingPathComponent("plugins/swift-example")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let shipped = PluginTrustTests.repository.appendingPathComponent("plugins/swift-example")
        for name in ["plugin.json", "run.sh"] {
            try FileManager.default.copyItem(
                at: shipped.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    }

    @Test func configFileSettingsReachThePluginAndEditorSettingsWin() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-lsp-plugin-settings-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.addSwiftExample(to: root)
        try "pluginSettings:\n  swift-example: {maxNameLength: 3}\n".write(
            to: root.appendingPathComponent(".toolwright.yaml"), atomically: true, encoding: .utf8)
        let binary = ServerProcess.binary.deletingLastPathComponent().appendingPathComponent("toolwright-swift-example")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "\(binary.path) is not built")
        let server = try await ServerProcess.withPluginsTrusted(
            root: root, environment: ["TOOLWRIGHT_SWIFT_EXAMPLE": binary.path])
        let uri = root.appendingPathComponent("t.tools.json").absoluteString
        server.open(
            uri,
            #"{"tools": [{"name": "get_weather", "description": "Get the weather for a city.", "#
                + #""inputSchema": {"type": "object"}}]}"#)

        func nameLength(present: Bool) async throws -> [JSONValue] {
            let published = try await server.notification("textDocument/publishDiagnostics") { params in
                guard params["uri"]?.stringValue == uri else { return false }
                let codes = params["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
                // The plugin answered (its findings or none), not only the built-in rules.
                return codes.contains("swift-example/name-length") == present
                    && !codes.contains("plugin-failed")
            }
            return published["params"]?["diagnostics"]?.arrayValue ?? []
        }
        // "get_weather" has 11 characters: over the config file's 3.
        let strict = try await nameLength(present: true)
        let finding = try #require(strict.first { $0["code"] == "swift-example/name-length" })
        #expect(finding["message"]?.stringValue?.contains("3") == true, "\(finding)")

        // The editor's entry replaces the config file's for this plugin.
        server.notify(
            "workspace/didChangeConfiguration",
            ["settings": ["toolwright": ["pluginSettings": ["swift-example": ["maxNameLength": 100]]]]])
        _ = try await nameLength(present: false)

        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }
}
