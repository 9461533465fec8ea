import Foundation
import JSON
import Testing

/// A workspace plugin killed with SIGKILL while the real server waits on its answer: the server
/// stays up, the document's diagnostics say the plugin died, and the plugin is reaped.
@Suite(.serialized) struct PluginKillTests {
    /// Answers initialize, then on document/analyze writes its pid next to itself and never
    /// answers (the request timeout is far away, so only the kill can end the wait).
    private static let script = #"""
        import json, os, sys, time
        def read():
            length = None
            while True:
                line = sys.stdin.buffer.readline()
                if not line:
                    return None
                line = line.strip()
                if not line:
                    if length is None:
                        continue
                    break
                k, _, v = line.decode().partition(":")
                if k.lower() == "content-length":
                    length = int(v)
            return json.loads(sys.stdin.buffer.read(length))
        def write(m):
            body = json.dumps(m).encode()
            sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            sys.stdout.buffer.flush()
        while True:
            m = read()
            if m is None:
                sys.exit(0)
            method, mid = m.get("method"), m.get("id")
            if method == "initialize":
                write({"jsonrpc": "2.0", "id": mid, "result": {"protocolVersion": "toolwright-plugin/1",
                       "pluginInfo": {"name": "victim", "version": "0"}, "capabilities": {"analyze": True}}})
            elif method == "document/analyze":
                with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pid.tmp"), "w") as f:
                    f.write(str(os.getpid()))
                os.rename(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pid.tmp"),
                          os.path.join(os.path.dirname(os.path.abspath(__file__)), "pid"))
                time.sleep(3600)
            elif method == "shutdown":
                write({"jsonrpc": "2.0", "id": mid, "result": None})
            elif method == "exit":
                sys.exit(0)
        """#

    private func workspace() throws -> (root: URL, pluginDirectory: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-lsp-kill-\(UUID())")
        let directory = root.appendingPathComponent("plugins/victim")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.script.write(to: directory.appendingPathComponent("plugin.py"), atomically: true, encoding: .utf8)
        let manifest: JSONValue = [
            "schemaVersion": 1, "id": "victim", "name": "Victim", "version": "0.0.1",
            "protocol": "toolwright-plugin/1", "kinds": ["analyzer"], "command": ["python3", "-u", "plugin.py"],
            "timeouts": ["initializeMs": 60000, "requestMs": 600_000, "shutdownMs": 1000],
            // A long backoff: the next analysis reports the crash instead of restarting (and
            // hanging) the plugin again.
            "limits": ["maxMessageBytes": 1_048_576, "restartBackoffMs": [600_000]],
        ]
        try Data(Jansson.encode(manifest)).write(to: directory.appendingPathComponent("plugin.json"))
        return (root, directory)
    }

    @Test func killedPluginBecomesADiagnosticAndTheServerGoesOn() async throws {
        let (root, directory) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try await ServerProcess.withPluginsTrusted(root: root)
        let uri = root.appendingPathComponent("t.tools.json").absoluteString
        server.open(uri, #"{"tools":[{"name":"get_weather","description":"Reads the weather for one city."}]}"#)

        let pidFile = directory.appendingPathComponent("pid").path
        let pid = try await server.waitFor("the plugin to receive document/analyze") { () -> Int32? in
            guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return nil }
            return Int32(text)
        }
        #expect(kill(pid, SIGKILL) == 0)

        let published = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"]?.stringValue == uri
        }
        let failure = try #require(
            published.at("params.diagnostics")?.arrayValue?.first { $0["code"] == "plugin-failed" },
            "\(published)")
        let message = failure["message"]?.stringValue ?? ""
        #expect(message.contains("victim") && message.contains("crashed"), "\(message)")
        #expect(message.contains("signal 9"), "\(message)")

        // Still serving: the document is open at its version and other requests are answered.
        let info = try await server.call("toolwright/documentInfo", ["textDocument": ["uri": .string(uri)]])
        #expect(info.at("result.version") == 1)
        #expect(info.at("result.tools.0.name") == "get_weather")
        // An edit is analysed again; the plugin is backing off, which is reported, not waited on.
        server.notify(
            "textDocument/didChange",
            [
                "textDocument": ["uri": .string(uri), "version": 2],
                "contentChanges": [
                    ["text": #"{"tools":[{"name":"get_forecast","description":"Reads the forecast."}]}"#]
                ],
            ])
        let again = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"]?.stringValue == uri && $0["version"] == 2
        }
        #expect(again.at("params.diagnostics")?.arrayValue?.contains { $0["code"] == "plugin-failed" } == true)

        // Reaped: no zombie left under the server.
        _ = try await server.waitFor("the killed plugin to be reaped") {
            FileManager.default.fileExists(atPath: "/proc/\(pid)") ? nil : true
        }
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        #expect(server.garbageCount == 0)
    }
}
