import Foundation
import JSON
import Testing

/// The server loads packs and plugins from the same sources as `toolwright check`: the user's
/// folder ($XDG_CONFIG_HOME/toolwright) and the `plugins:` list of the workspace's .toolwright.yaml.
@Suite struct ExtensionSourcesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func userFolderPacksAndConfigListedPluginsRun() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-lsp-sources-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let packs = root.appendingPathComponent("cfg/toolwright/packs")
        try FileManager.default.createDirectory(at: packs, withIntermediateDirectories: true)
        try """
        id: mine
        rules:
          mine/short-names:
            message: "Name too long"
            given: $.tools[*].name
            then: {function: length, functionOptions: {max: 5}}
        """.write(to: packs.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("tooling"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("plugins/house-style"),
            to: root.appendingPathComponent("tooling/house-style"))
        try "plugins: [tooling/house-style]\n".write(
            to: root.appendingPathComponent(".toolwright.yaml"), atomically: true, encoding: .utf8)

        let server = try await ServerProcess.withPluginsTrusted(root: root)
        let uri = root.appendingPathComponent("t.tools.json").absoluteString
        server.open(
            uri,
            #"{"tools": [{"name": "get_weather", "description": "Gets weather. TODO", "inputSchema": {"type": "object"}}]}"#
        )
        let published = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"]?.stringValue == uri
        }
        let codes = published["params"]?["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
        #expect(codes.contains("mine/short-names"))
        #expect(codes.contains("house-style/no-placeholder"))
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }
}
