import Foundation
import JSON
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real server with one misbehaving plugin per document (Tests/plugin-fixtures/misbehaving.py):
/// while one plugin hangs, the other documents' diagnostics arrive and requests are answered;
/// every failure is a diagnostic; shutdown ends every plugin and the server exits 0.
@Suite struct PluginMisbehaviourTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let modes = ["hang", "abort", "garbage", "stderr", "unknown-id", "bad-pointer", "ignore-shutdown", "ok"]

    private func workspace() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-lsp-bad-plugins-\(UUID())")
        let script = try String(
            contentsOf: Self.repository.appendingPathComponent("Tests/plugin-fixtures/misbehaving.py"), encoding: .utf8)
        for mode in Self.modes {
            let folder = root.appendingPathComponent("plugins/\(mode)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try script.write(to: folder.appendingPathComponent("bad.py"), atomically: true, encoding: .utf8)
            let manifest = #"""
                {"id": "bad-\#(mode)", "version": "0", "protocol": "toolwright-plugin/1",
                 "command": ["python3", "-u", "bad.py", "\#(mode)"],
                 "activation": {"documentPatterns": ["**/\#(mode).tools.json"]},
                 "timeouts": {"initializeMs": 60000, "requestMs": \#(mode == "hang" ? 15000 : 60000), "shutdownMs": 500},
                 "limits": {"restartBackoffMs": [0]}}
                """#
            try manifest.write(to: folder.appendingPathComponent("plugin.json"), atomically: true, encoding: .utf8)
        }
        return root
    }

    private static let text = #"""
        {"tools": [{"name": "get_weather", "description": "Get the weather for a city.",
          "inputSchema": {"type": "object", "properties": {"city": {"type": "string", "description": "City"}}}}]}
        """#

    private func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !status.contains(") Z ")
    }

    @Test func theServerOutlivesEveryKindOfBrokenPlugin() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try await ServerProcess.withPluginsTrusted(root: root)
        func uri(_ mode: String) -> String { root.appendingPathComponent("\(mode).tools.json").absoluteString }
        // The hanging plugin's document first, so everything after it runs while it hangs.
        for mode in Self.modes { server.open(uri(mode), Self.text) }

        func codes(_ mode: String) async throws -> [String] {
            let published = try await server.notification("textDocument/publishDiagnostics") {
                $0["uri"]?.stringValue == uri(mode)
            }
            return published["params"]?["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
        }
        func messages(_ mode: String) -> [String] {
            let published = server.allMessages().last {
                $0["method"] == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.stringValue == uri(mode)
            }
            return published?["params"]?["diagnostics"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
        }
        func published(_ mode: String) -> Bool {
            server.allMessages().contains {
                $0["method"] == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.stringValue == uri(mode)
            }
        }

        #expect(try await codes("ok").contains("bad/found"))
        #expect(try await codes("garbage").contains("bad/found"))
        #expect(try await codes("stderr").contains("bad/found"))
        #expect(try await codes("unknown-id").contains("bad/found"))
        #expect(try await codes("ignore-shutdown").contains("bad/found"))
        let badPointer = try await codes("bad-pointer")
        #expect(badPointer.contains("bad/found") && badPointer.contains("plugin-invalid-result"))
        #expect(!badPointer.contains("bad/x") && !badPointer.contains("bad/y"))
        #expect(try await codes("abort").contains("plugin-failed"))
        #expect(messages("abort").contains { $0.contains("crashed") && $0.contains("signal 6") })
        // Built-in rules still ran on the document whose plugin crashed.
        #expect(try await codes("abort").contains { !$0.hasPrefix("plugin-") && !$0.hasPrefix("bad/") })
        // Requests are answered while a plugin hangs.
        let symbols = try await server.call(
            "textDocument/documentSymbol", ["textDocument": ["uri": .string(uri("ok"))]])
        #expect(symbols["result"]?.arrayValue?.isEmpty == false)
        // All of the above happened while the hung plugin's request was still pending (15 s).
        #expect(!published("hang"))
        #expect(try await codes("hang").contains("plugin-failed"))
        #expect(messages("hang").contains { $0.contains("timed out after 15000 ms on document/analyze") })

        let pids = Self.modes.compactMap { mode -> Int32? in
            let file = root.appendingPathComponent("plugins/\(mode)/pid-\(mode)").path
            return (try? String(contentsOfFile: file, encoding: .utf8)).flatMap { Int32($0) }
        }
        #expect(pids.count == Self.modes.count)
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        // The server kills what is left as it exits; the kernel ends the processes a moment later.
        for pid in pids {
            for _ in 0..<1000 where isRunning(pid) { try await Task.sleep(nanoseconds: 10_000_000) }
            #expect(!isRunning(pid), "plugin \(pid) outlived the server by 10 s")
        }
    }
}
