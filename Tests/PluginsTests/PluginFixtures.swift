import Foundation
import JSON
import Plugins

/// Writes a plugin directory (manifest + script) into a fresh temporary folder.
enum PluginFixtures {
    /// A plugin that misbehaves on purpose; `mode` is its first argument.
    static let misbehaving = #"""
        import json, os, signal, sys, time
        mode = sys.argv[1]
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
        def write(m, raw=None):
            body = raw if raw is not None else json.dumps(m).encode()
            sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            sys.stdout.buffer.flush()
        cancels = []
        slept = False
        if mode == "ignore-shutdown":
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            m = read()
            if m is None:
                if mode == "ignore-shutdown":
                    time.sleep(3600)
                sys.exit(0)
            method, mid = m.get("method"), m.get("id")
            if method == "$/cancelRequest":
                cancels.append(m["params"])
                continue
            if method == "initialize":
                write({"jsonrpc": "2.0", "id": mid, "result": {"protocolVersion": "toolwright-plugin/1",
                       "pluginInfo": {"name": "bad", "version": "0"}, "capabilities": {"analyze": True}}})
            elif method == "document/analyze":
                tools = m["params"]["tools"]
                finding = {"code": "bad/found", "message": "seen", "pointer": tools[0]["pointers"]["name"]}
                if mode == "slow" and not slept:
                    slept = True
                    time.sleep(1.0)
                elif mode == "slow":
                    finding["message"] = json.dumps(cancels)
                if mode == "hang":
                    time.sleep(3600)
                elif mode == "abort":
                    os.abort()
                elif mode == "exit":
                    sys.exit(3)
                elif mode == "stderr":
                    sys.stderr.write("x" * (1 << 20))
                    sys.stderr.flush()
                elif mode == "big":
                    finding["message"] = "y" * (10 * 1000 * 1000)
                elif mode == "garbage":
                    sys.stdout.buffer.write(b"this is not a frame\r\n\r\n")
                    sys.stdout.buffer.flush()
                elif mode == "unknown-id":
                    write({"jsonrpc": "2.0", "id": 987654, "result": {"findings": []}})
                elif mode == "bad-pointer":
                    write({"jsonrpc": "2.0", "id": mid, "result": {"findings": [finding,
                           {"code": "bad/x", "message": "nowhere", "pointer": "/no/such/place"},
                           {"code": "bad/y", "message": "malformed", "pointer": "no-slash"}]}})
                    continue
                write({"jsonrpc": "2.0", "id": mid, "result": {"findings": [finding]}})
            elif method == "shutdown":
                if mode == "ignore-shutdown":
                    continue
                write({"jsonrpc": "2.0", "id": mid, "result": None})
            elif method == "exit":
                sys.exit(0)
        """#

    static func misbehavingPlugin(
        _ mode: String, id: String? = nil, requestMs: Int = 1500, maxMessageBytes: Int = 1 << 20
    ) throws -> PluginManifest {
        let directory = try temporaryDirectory()
        try misbehaving.write(toFile: directory + "/bad.py", atomically: true, encoding: .utf8)
        let manifest: JSONValue = [
            "id": .string(id ?? "bad-\(mode)"), "version": "0.0.1", "protocol": "toolwright-plugin/1",
            "command": ["python3", "-u", "bad.py", .string(mode)],
            "timeouts": ["initializeMs": 10000, "requestMs": .integer(Int64(requestMs)), "shutdownMs": 500],
            "limits": ["maxMessageBytes": .integer(Int64(maxMessageBytes)), "restartBackoffMs": [0]],
        ]
        let (parsed, problems) = PluginManifest.parse(manifest, directory: directory)
        guard let parsed, problems.isEmpty else { throw FixtureError(message: "\(problems)") }
        return parsed
    }

    static func houseStyle() throws -> PluginManifest {
        let (manifest, problems) = PluginManifest.load(path: Fixture.path("plugins/house-style/plugin.json"))
        guard let manifest, problems.isEmpty else { throw FixtureError(message: "\(problems)") }
        return manifest
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "toolwright-plugins-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// True while a process with this pid exists (zombies count as gone: they hold no resources
    /// but their pid, and Foundation reaps them).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !status.contains(") Z ")
    }

    struct FixtureError: Error { var message: String }
}

/// Collects what the host saw on the wire.
final class TrafficLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [PluginTraffic] = []
    private var lines: [String] = []
    func record(_ item: PluginTraffic) { lock.withLock { items.append(item) } }
    func log(_ line: String) { lock.withLock { lines.append(line) } }
    var traffic: [PluginTraffic] { lock.withLock { items } }
    var logLines: [String] { lock.withLock { lines } }
}
