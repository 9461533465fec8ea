import Foundation
import JSON
import Testing

/// Many documents opened at once with an out-of-process plugin on. Every analysis waits for the
/// plugin's answer on an analysis thread; if those waits took all of the worker threads the
/// plugin host's own tasks need, the burst would stall or lose the plugin's findings. Each
/// document must get the plugin's findings with its built-in ones.
@Suite struct PluginBurstTests {
    @Test func everyDocumentOfABurstGetsThePluginsFindings() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-lsp-burst-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("plugins"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: PluginTrustTests.repository.appendingPathComponent("plugins/house-style"),
            to: root.appendingPathComponent("plugins/house-style"))
        let server = try ServerProcess(environment: ["XDG_CONFIG_HOME": root.appendingPathComponent("cfg").path])
        _ = try await server.call(
            "initialize",
            [
                "processId": .null, "rootUri": .string(root.absoluteString), "capabilities": [:],
                "initializationOptions": [
                    "plugins": true, "trustedWorkspaces": [.string(root.path)], "debounceMs": 0,
                ],
            ])
        server.notify("initialized", [:])

        let count = 60
        let uris = (0..<count).map { root.appendingPathComponent("doc\($0).tools.json").absoluteString }
        for (i, uri) in uris.enumerated() {
            server.open(
                uri,
                #"{"tools": [{"name": "read_\#(i)", "description": "This tool reads TODO record \#(i).", "#
                    + #""inputSchema": {"type": "object"}}]}"#)
        }
        for uri in uris {
            let published = try await server.notification("textDocument/publishDiagnostics") {
                $0["uri"]?.stringValue == uri
                    && ($0["diagnostics"]?.arrayValue ?? []).contains { $0["code"] == "house-style/no-placeholder" }
            }
            let codes = (published["params"]?["diagnostics"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
            #expect(codes.contains("house-style/description-starts-with-verb"))
            #expect(codes.contains("desc-missing-guidance"))
            #expect(!codes.contains { $0.hasPrefix("plugin-") })
        }
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }
}
