import Foundation
import JSON
import Testing

@testable import LanguageServer

/// MCP config files in the real server (`toolwright lsp`) with the real PyPI servers from
/// `Tests/LiveMCPTests/install-servers.sh`: live diagnostics on the entries, lenses, the tool
/// list command, trust gating and failures.
@Suite(.serialized) struct LiveMCPDocumentTests {
    static let capabilities: JSONValue = [
        "window": ["workDoneProgress": true, "showDocument": ["support": true]]
    ]

    /// A fresh workspace with its own trust store (XDG_CONFIG_HOME) and the config written.
    struct Workspace {
        let root: URL
        let config: URL
        var configURI: String { config.absoluteString }

        init(_ text: String, name: String = ".mcp.json") throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-lsp-mcp-\(UUID())")
            config = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: config)
        }

        func start(trusted: Bool, timeout: Int = 120) async throws -> ServerProcess {
            let server = try ServerProcess(environment: ["XDG_CONFIG_HOME": root.appendingPathComponent("cfg").path])
            var options = [JSONMember("mcpTimeoutSeconds", .integer(Int64(timeout)))]
            if trusted { options.append(JSONMember("trustedWorkspaces", [.string(root.path)])) }
            _ = try await server.call(
                "initialize",
                [
                    "processId": .null, "rootUri": .string(root.absoluteString),
                    "capabilities": LiveMCPDocumentTests.capabilities, "initializationOptions": .object(options),
                ])
            server.notify("initialized", [:])
            server.open(configURI, try String(contentsOf: config, encoding: .utf8))
            return server
        }
    }

    /// The venv made by install-servers.sh ($TOOLWRIGHT_MCP_VENV or ~/.cache/toolwright/mcp-venv).
    static func venvProgram(_ name: String) throws -> String {
        let venv =
            ProcessInfo.processInfo.environment["TOOLWRIGHT_MCP_VENV"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/toolwright/mcp-venv").path
        let path = venv + "/bin/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("\(name) is not installed in \(venv): run Tests/LiveMCPTests/install-servers.sh")
        }
        return path
    }

    static func quoted(_ text: String) -> String { JSONValue.string(text).serialized() }

    /// Lenses once no entry is still being listed.
    static func settledLenses(_ server: ServerProcess, _ uri: String) async throws -> [JSONValue] {
        try await server.waitFor("every server listed", seconds: 240) {
            try? await Task.sleep(nanoseconds: 100_000_000)
            guard let result = try? await server.call("textDocument/codeLens", ["textDocument": ["uri": .string(uri)]]),
                let lenses = result["result"]?.arrayValue, !lenses.isEmpty,
                !lenses.contains(where: {
                    $0.at("command.title")?.stringValue == "Listing tools…"
                        || $0.at("command.title")?.stringValue?.hasPrefix("Tools not listed") == true
                })
            else { return nil }
            return lenses
        }
    }

    static func lastDiagnostics(_ server: ServerProcess, _ uri: String) async throws -> [JSONValue] {
        try await server.notification("textDocument/publishDiagnostics") { $0["uri"]?.stringValue == uri }
            .at("params.diagnostics")?.arrayValue ?? []
    }

    /// The line of the first occurrence of `text` in `source`.
    static func line(of text: String, in source: String) -> Int? {
        source.components(separatedBy: "\n").firstIndex { $0.contains(text) }
    }

    @Test func trustedConfigChecksRealServersOnTheirEntries() async throws {
        let time = try Self.venvProgram("mcp-server-time")
        let fetch = try Self.venvProgram("mcp-server-fetch")
        let text = """
            {
              "mcpServers": {
                "time": {"command": \(Self.quoted(time)), "args": ["--local-timezone=UTC"]},
                "fetch": {"command": \(Self.quoted(fetch))},
                "missing": {"command": "toolwright-no-such-mcp-server"}
              }
            }
            """
        let workspace = try Workspace(text)
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        let server = try await workspace.start(trusted: true)

        let lenses = try await Self.settledLenses(server, workspace.configURI)
        let titles = Dictionary(
            uniqueKeysWithValues: lenses.compactMap { lens -> (Int, String)? in
                guard let line = lens.at("range.start.line")?.intValue,
                    let title = lens.at("command.title")?.stringValue
                else { return nil }
                return (line, title)
            })
        let timeLine = try #require(Self.line(of: "\"time\"", in: text))
        let fetchLine = try #require(Self.line(of: "\"fetch\"", in: text))
        let missingLine = try #require(Self.line(of: "\"missing\"", in: text))
        let timeTitle = try #require(titles[timeLine])
        #expect(timeTitle.hasPrefix("2 tools · "), "\(timeTitle)")
        #expect(timeTitle.contains("tokens (gpt-4o)"), "\(timeTitle)")
        let fetchTitle = try #require(titles[fetchLine])
        #expect(fetchTitle.hasPrefix("1 tool · "), "\(fetchTitle)")
        #expect(!fetchTitle.contains("· 0 findings"), "\(fetchTitle)")
        #expect(titles[missingLine] == "MCP server failed · retry")

        let diagnostics = try await Self.lastDiagnostics(server, workspace.configURI)
        // The failed server: one error on its key, with the lookup in the message.
        let failed = diagnostics.filter { $0["code"]?.stringValue == "mcp-server-failed" }
        #expect(failed.count == 1)
        #expect(failed.first?.at("range.start.line")?.intValue == missingLine)
        #expect(
            failed.first?["message"]?.stringValue?.contains("command not found: toolwright-no-such-mcp-server") == true)

        // Real catalogue findings on the fetch tool (as `toolwright mcp check` reports them), on
        // the `fetch` key, naming the tool and the rule, with the exact place in the fetched tool
        // list as related information.
        let onFetch = diagnostics.filter { $0.at("range.start.line")?.intValue == fetchLine }
        #expect(!onFetch.isEmpty)
        for diagnostic in onFetch {
            let code = try #require(diagnostic["code"]?.stringValue)
            #expect(diagnostic["message"]?.stringValue?.hasPrefix("`fetch` (\(code)): ") == true)
            let related = try #require(diagnostic["relatedInformation"]?[0])
            #expect(related.at("location.uri")?.stringValue?.hasSuffix("/fetch.tools.json") == true)
        }
        let codes = Set(onFetch.compactMap { $0["code"]?.stringValue })
        #expect(codes.isSuperset(of: ["desc-missing-guidance", "name-generic", "output-schema-missing"]), "\(codes)")

        // The command opens the fetched list: a file holding the server's tools/list result.
        let opened = try await server.call(
            "workspace/executeCommand",
            ["command": "toolwright.openMCPToolList", "arguments": [.string(workspace.configURI), "time"]])
        let result = try #require(opened["result"])
        #expect(result["tools"] == ["get_current_time", "convert_time"])
        let path = try #require(result["path"]?.stringValue)
        let file = try Jansson.decode(Array(try #require(FileManager.default.contents(atPath: path))))
        #expect(
            file["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["get_current_time", "convert_time"])
        let shown = try await server.waitFor("window/showDocument") {
            server.allMessages().last { $0["method"]?.stringValue == "window/showDocument" }
        }
        #expect(shown.at("params.uri") == result["uri"])

        // Fetching reported progress.
        let kinds = server.allMessages().filter { $0["method"]?.stringValue == "$/progress" }
            .compactMap { $0.at("params.value.kind")?.stringValue }
        #expect(kinds.first == "begin" && kinds.contains("end"))

        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    /// Set-level rules see every server's tools under the names Claude Desktop shows
    /// (`server_tool`), and point at the other server's fetched list.
    @Test func setRulesJudgePrefixedNamesAcrossServers() async throws {
        let time = try Self.venvProgram("mcp-server-time")
        let text = """
            {"mcpServers": {
              "time": {"command": \(Self.quoted(time))},
              "clock": {"command": \(Self.quoted(time))}
            }}
            """
        let workspace = try Workspace(text, name: "claude_desktop_config.json")
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        let server = try await workspace.start(trusted: true)
        _ = try await Self.settledLenses(server, workspace.configURI)
        let diagnostics = try await Self.lastDiagnostics(server, workspace.configURI)
        let duplicate = try #require(
            diagnostics.first {
                $0["code"]?.stringValue == "set-near-duplicate" && $0.at("range.start.line")?.intValue == 1
            })
        let message = try #require(duplicate["message"]?.stringValue)
        #expect(message.hasPrefix("`time_get_current_time` (set-near-duplicate): "), "\(message)")
        #expect(message.contains("`clock_get_current_time`"), "\(message)")
        let places =
            duplicate["relatedInformation"]?.arrayValue?.compactMap { $0.at("location.uri")?.stringValue } ?? []
        #expect(places.first?.hasSuffix("/time.tools.json") == true, "\(places)")
        #expect(places.contains { $0.hasSuffix("/clock.tools.json") }, "\(places)")
        // Tool rules judge the names the server sent.
        #expect(
            diagnostics.contains {
                $0["message"]?.stringValue?.hasPrefix("`get_current_time` (desc-missing-guidance)") == true
            })
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    /// Fetches start on open, save and the refresh command, never on an edit; an edited entry
    /// says so in its lens until then.
    @Test func fetchesFollowSaveAndRefreshNotEdits() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LiveMCPTests/Servers/paging_server.py").path
        let text = """
            {"mcpServers": {"paging": {"command": "python3", "args": [\(Self.quoted(script))]}}}
            """
        let workspace = try Workspace(text)
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        let server = try await workspace.start(trusted: true)
        func begins() -> Int {
            server.allMessages().filter {
                $0["method"]?.stringValue == "$/progress" && $0.at("params.value.kind")?.stringValue == "begin"
            }.count
        }
        func title() async throws -> String? {
            try await server.call("textDocument/codeLens", ["textDocument": ["uri": .string(workspace.configURI)]])
                .at("result.0.command.title")?.stringValue
        }
        await #expect(
            try Self.settledLenses(server, workspace.configURI).first?.at("command.title")?.stringValue?
                .hasPrefix("5 tools · ") == true)
        #expect(begins() == 1)

        // The refresh command answers once the new listing is in.
        let refreshed = try await server.call(
            "workspace/executeCommand",
            ["command": "toolwright.refreshMCPServers", "arguments": [.string(workspace.configURI)]])
        #expect(refreshed["error"] == nil)
        #expect(begins() == 2)
        #expect(try await title()?.hasPrefix("5 tools · ") == true)

        // An edit to the entry starts nothing; its lens says it is not listed.
        let edited = text.replacingOccurrences(of: "\"paging\": {", with: "\"paging\": {\"env\": {\"X\": \"1\"}, ")
        server.notify(
            "textDocument/didChange",
            [
                "textDocument": ["uri": .string(workspace.configURI), "version": 2],
                "contentChanges": [["text": .string(edited)]],
            ])
        _ = try await server.waitFor("edited lens") {
            await (try? title())?.hasPrefix("Tools not listed") == true ? true : nil
        }
        #expect(begins() == 2)

        // Saving lists it.
        server.notify("textDocument/didSave", ["textDocument": ["uri": .string(workspace.configURI)]])
        _ = try await server.waitFor("saved lens") {
            await (try? title())?.hasPrefix("5 tools · ") == true ? true : nil
        }
        #expect(begins() == 3)
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    /// From `didOpen` of a config with the time server to its findings being published, in the
    /// real server (docs/LIVE-MCP.md). Prints the figures; asserts only that they were published.
    @Test func openToPublishedFindingsForTheTimeServer() async throws {
        let time = try Self.venvProgram("mcp-server-time")
        let text = """
            {"mcpServers": {
              "time": {"command": \(Self.quoted(time)), "args": ["--local-timezone=UTC"]}
            }}
            """
        var figures: [String] = []
        for _ in 0..<3 {
            let workspace = try Workspace(text)
            defer { try? FileManager.default.removeItem(at: workspace.root) }
            let started = Date()
            let server = try await workspace.start(trusted: true)
            let opened = Date()
            let found = try await server.waitFor("time findings") {
                await (try? Self.lastDiagnostics(server, workspace.configURI))?.first {
                    $0["message"]?.stringValue?.hasPrefix("`get_current_time` (") == true
                }
            }
            let published = Date()
            #expect(found.at("range.start.line")?.intValue == 1)
            let listed =
                server.standardError.components(separatedBy: "\n").first { $0.contains("tools listed in") }?
                .components(separatedBy: "listed in ").last ?? "?"
            _ = try await server.call("shutdown")
            server.notify("exit")
            #expect(try await server.exitStatus() == 0)
            // The same listing and check by `toolwright mcp check` just after, under the same load.
            let cli = Process()
            cli.executableURL = ServerProcess.binary
            cli.arguments = ["mcp", "check", "--", time, "--local-timezone=UTC"]
            cli.standardOutput = FileHandle.nullDevice
            cli.standardError = FileHandle.nullDevice
            let cliStart = Date()
            try cli.run()
            cli.waitUntilExit()
            #expect(cli.terminationStatus == 0 || cli.terminationStatus == 1)
            figures.append(
                String(
                    format: "open → findings %.0f ms (of which the server's connect + list %@; "
                        + "toolwright lsp start + initialize %.0f ms); `toolwright mcp check` %.0f ms",
                    published.timeIntervalSince(opened) * 1000, listed, opened.timeIntervalSince(started) * 1000,
                    Date().timeIntervalSince(cliStart) * 1000))
        }
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        print("time server in the editor (load \(load.prefix(14))):\n  " + figures.joined(separator: "\n  "))
    }

    /// Streamable HTTP servers too: the official SDK's server on 127.0.0.1, and a refused
    /// connection as one error on its entry.
    @Test func httpServersAreListedAndRefusalsReported() async throws {
        let python = try Self.venvProgram("python")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LiveMCPTests/Servers/http_server.py").path
        let http = Process()
        http.executableURL = URL(fileURLWithPath: python)
        http.arguments = [script, "0", "sse"]
        let output = Pipe()
        http.standardOutput = output
        http.standardError = output
        try http.run()
        defer {
            kill(http.processIdentifier, SIGKILL)
            http.waitUntilExit()
        }
        let text = LockedText()
        Thread.detachNewThread {
            while case let data = output.fileHandleForReading.availableData, !data.isEmpty { text.append(data) }
        }
        let port = try Self.poll("the HTTP server's port") { () -> Int? in
            guard let range = text.value.range(of: "http://127.0.0.1:") else { return nil }
            let digits = text.value[range.upperBound...].prefix { $0.isNumber }
            return digits.count < text.value[range.upperBound...].count ? Int(digits) : nil
        }
        // A port that was free a moment ago: nothing listens there.
        let refused = Self.freePort()
        let config = """
            {"mcpServers": {
              "remote": {"type": "http", "url": "http://127.0.0.1:\(port)/mcp"},
              "gone": {"type": "http", "url": "http://127.0.0.1:\(refused)/mcp"}
            }}
            """
        let workspace = try Workspace(config)
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        let server = try await workspace.start(trusted: true)
        let lenses = try await Self.settledLenses(server, workspace.configURI)
        #expect(lenses.first?.at("command.title")?.stringValue?.hasPrefix("2 tools · ") == true, "\(lenses)")
        let opened = try await server.call(
            "workspace/executeCommand",
            ["command": "toolwright.openMCPToolList", "arguments": [.string(workspace.configURI), "remote"]])
        #expect(opened.at("result.tools") == ["add", "echo"])
        let failed = try await Self.lastDiagnostics(server, workspace.configURI).filter {
            $0["code"]?.stringValue == "mcp-server-failed"
        }
        #expect(failed.count == 1)
        #expect(failed.first?.at("range.start.line")?.intValue == 2)
        #expect(failed.first?["message"]?.stringValue?.contains("Could not reach MCP server") == true)
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    static func poll<T>(_ what: String, seconds: Double = 120, _ probe: () -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = probe() { return value }
            usleep(20_000)
        }
        throw TestFailure("gave up waiting for \(what)")
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length)
                return getsockname(fd, $0, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    final class LockedText: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        var value: String { lock.withLock { text } }
        func append(_ data: Data) { lock.withLock { text += String(decoding: data, as: UTF8.self) } }
    }

    /// A server still starting when the editor quits is stopped, not left behind.
    @Test func exitStopsAServerStillStarting() async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("tw-mcp-pid-\(UUID())")
        let text = """
            {"mcpServers": {"slow": {"command": "sh", "args": ["-c", "echo $$ > \(pidFile.path); exec sleep 120"]}}}
            """
        let workspace = try Workspace(text)
        defer {
            try? FileManager.default.removeItem(at: workspace.root)
            try? FileManager.default.removeItem(at: pidFile)
        }
        let server = try await workspace.start(trusted: true)
        let pid = try await server.waitFor("server pid") {
            (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        #expect(Self.isRunning(pid))
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        _ = try await server.waitFor("server \(pid) to end", seconds: 30) { Self.isRunning(pid) ? nil : true }
    }

    /// False once the process is gone or a zombie.
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[close...].hasPrefix(") Z")
    }

    @Test func untrustedWorkspaceStartsNothingUntilTrusted() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("tw-mcp-started-\(UUID())")
        let text = """
            {"mcpServers": {
              "probe": {"command": "sh", "args": ["-c", "touch \(marker.path); echo 'probe broke' >&2; exit 3"]},
              "broken": {"args": []}
            }}
            """
        let workspace = try Workspace(text)
        defer {
            try? FileManager.default.removeItem(at: workspace.root)
            try? FileManager.default.removeItem(at: marker)
        }
        let server = try await workspace.start(trusted: false)
        let untrusted = try await server.waitFor("untrusted diagnostic") {
            await (try? Self.lastDiagnostics(server, workspace.configURI))?.first {
                $0["code"]?.stringValue == "mcp-untrusted-workspace"
            }
        }
        #expect(untrusted["message"]?.stringValue?.contains("trustedWorkspaces") == true)
        #expect(untrusted["message"]?.stringValue?.contains(workspace.root.path) == true)
        #expect(untrusted.at("range.start.line")?.intValue == 1)
        // Config problems are reported whatever the trust.
        let config = try await Self.lastDiagnostics(server, workspace.configURI).filter {
            $0["code"]?.stringValue == "mcp-config"
        }
        #expect(config.count == 1)
        #expect(config.first?.at("range.start.line")?.intValue == 2)
        let lenses = try await server.call(
            "textDocument/codeLens", ["textDocument": ["uri": .string(workspace.configURI)]])
        #expect(lenses.at("result.0.command.title")?.stringValue == "Not started: workspace not trusted")
        #expect(!FileManager.default.fileExists(atPath: marker.path))

        // Trusting the workspace starts the server; it exits during initialize, which becomes
        // one error on its entry with its standard error.
        server.notify(
            "workspace/didChangeConfiguration",
            ["settings": ["toolwright": ["trustedWorkspaces": [.string(workspace.root.path)]]]])
        let failed = try await server.waitFor("failure diagnostic") {
            await (try? Self.lastDiagnostics(server, workspace.configURI))?.first {
                $0["code"]?.stringValue == "mcp-server-failed"
            }
        }
        #expect(FileManager.default.fileExists(atPath: marker.path))
        let message = try #require(failed["message"]?.stringValue)
        #expect(message.contains("exited with status 3 during initialize"), "\(message)")
        #expect(message.contains("probe broke"), "\(message)")
        await #expect(
            try Self.lastDiagnostics(server, workspace.configURI).allSatisfy {
                $0["code"]?.stringValue != "mcp-untrusted-workspace"
            })
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    @Test func otherDocumentsKeepFlowingWhileAServerHangs() async throws {
        let text = """
            {"mcpServers": {"hang": {"command": "sleep", "args": ["60"]}}}
            """
        let workspace = try Workspace(text)
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        let server = try await workspace.start(trusted: true, timeout: 8)
        let fetching = try await server.waitFor("fetch start") {
            server.allMessages().first { $0["method"]?.stringValue == "$/progress" }
        }
        #expect(fetching.at("params.value.kind")?.stringValue == "begin")

        // While the server hangs, another document is analysed and answered.
        let tools = workspace.root.appendingPathComponent("t.tools.json").absoluteString
        server.open(tools, #"{"tools":[{"name":"Get Weather","inputSchema":{"type":"object"}}]}"#)
        let published = try await Self.lastDiagnostics(server, tools)
        #expect(!published.isEmpty)
        let hover = try await server.call(
            "textDocument/hover", ["textDocument": ["uri": .string(tools)], "position": ["line": 0, "character": 20]])
        #expect(hover["result"] != nil)
        let lensesMeanwhile = try await server.call(
            "textDocument/codeLens", ["textDocument": ["uri": .string(workspace.configURI)]])
        #expect(lensesMeanwhile.at("result.0.command.title")?.stringValue == "Listing tools…")

        // Then the timeout: one error on the entry, and the refresh command still answers.
        let failed = try await server.waitFor("timeout diagnostic") {
            await (try? Self.lastDiagnostics(server, workspace.configURI))?.first {
                $0["code"]?.stringValue == "mcp-server-failed"
            }
        }
        #expect(failed["message"]?.stringValue?.contains("did not answer initialize within 8 s") == true)
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }
}
