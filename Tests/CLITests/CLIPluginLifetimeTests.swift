import Foundation
import JSON
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Plugins die with their host: the real `toolwright check` and `toolwright lsp` are killed
/// with SIGKILL (no chance to stop anything) while a plugin hangs inside a request, and the
/// plugin must be gone soon after. On Linux the host starts plugins through
/// `setpriv --pdeathsig KILL`, so the kernel kills them when the host dies.
@Suite struct CLIPluginLifetimeTests {
    /// A folder holding a plugin that hangs on `document/analyze` (and ignores SIGTERM and
    /// stdin EOF), plus a tool file.
    private func workspace() throws -> URL {
        let manifest = #"""
            {"id": "sleeper", "version": "0", "protocol": "toolwright-plugin/1",
             "command": ["python3", "-u", "bad.py", "hang"],
             "timeouts": {"initializeMs": 60000, "requestMs": 600000}}
            """#
        let script = try String(
            contentsOf: ToolwrightBinary.repositoryRoot.appendingPathComponent("Tests/plugin-fixtures/misbehaving.py"),
            encoding: .utf8)
        return try ToolwrightBinary.temporaryDirectory([
            "plugins/sleeper/plugin.json": manifest, "plugins/sleeper/bad.py": script,
            "t.tools.json": #"{"tools": [{"name": "a", "description": "Do a.", "inputSchema": {"type": "object"}}]}"#,
        ])
    }

    private func start(_ arguments: [String], in root: URL) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = ToolwrightBinary.executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = root.appendingPathComponent("config").path
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, input)
    }

    /// The plugin's pid, once it is stuck inside `document/analyze` (so it is not reading stdin
    /// and would not notice the host's end by itself).
    private func pluginPid(_ root: URL) throws -> Int32 {
        let file = root.appendingPathComponent("plugins/sleeper/analyzing-hang").path
        for _ in 0..<1200 {
            if let text = try? String(contentsOfFile: file, encoding: .utf8), let pid = Int32(text), pid > 0 {
                return pid
            }
            usleep(50_000)
        }
        throw PluginDidNotStart(file: file)
    }

    struct PluginDidNotStart: Error { var file: String }

    private func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !status.contains(") Z ")
    }

    /// SIGKILLs the host, then waits up to 10 s for the plugin to go.
    private func killHostAndWatch(_ host: Process, plugin: Int32) -> Bool {
        #expect(isRunning(plugin))
        kill(host.processIdentifier, SIGKILL)
        host.waitUntilExit()
        for _ in 0..<200 {
            if !isRunning(plugin) { return true }
            usleep(50_000)
        }
        kill(plugin, SIGKILL)
        return false
    }

    @Test func aHungPluginDiesWithAKilledCheck() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let (host, _) = try start(["check", "--plugin", "plugins/sleeper", "t.tools.json"], in: root)
        let plugin = try pluginPid(root)
        #expect(killHostAndWatch(host, plugin: plugin))
        #expect(host.terminationReason == .uncaughtSignal)
    }

    @Test func aHungPluginDiesWithAKilledLanguageServer() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let (host, input) = try start(["lsp"], in: root)
        let uri = root.appendingPathComponent("t.tools.json").absoluteString
        let text = try String(contentsOf: root.appendingPathComponent("t.tools.json"), encoding: .utf8)
        let messages: [JSONValue] = [
            [
                "jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": [
                    "processId": .null, "rootUri": .string(root.absoluteString), "capabilities": [:],
                    "initializationOptions": ["plugins": true, "trustedWorkspaces": [.string(root.path)]],
                ],
            ],
            ["jsonrpc": "2.0", "method": "initialized", "params": [:]],
            [
                "jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": [
                    "textDocument": [
                        "uri": .string(uri), "languageId": "json", "version": 1, "text": .string(text),
                    ]
                ],
            ],
        ]
        for message in messages {
            let body = Array(message.serialized().utf8)
            input.fileHandleForWriting.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + Data(body))
        }
        let plugin = try pluginPid(root)
        #expect(killHostAndWatch(host, plugin: plugin))
    }
}
