import JSON
import SourceDocument
import Testing
import ToolModel

@testable import LiveMCP

/// Every config layout, read from a document, with entries and findings at their pointers.
@Suite struct ConfigReaderTests {
    private func read(_ text: String, uri: String) -> MCPConfig {
        MCPConfigReader.read(SourceDocument(uri: uri, text: text))
    }

    @Test func claudeCodeProjectFile() throws {
        let config = read(
            #"""
            {"mcpServers": {
              "time": {"command": "uvx", "args": ["mcp-server-time", "--local-timezone=UTC"], "env": {"TZ": "UTC"}},
              "docs": {"type": "http", "url": "https://example.test/mcp", "headers": {"Authorization": "Bearer x"}}
            }}
            """#, uri: "file:///project/.mcp.json")
        #expect(config.shape == .claudeCodeProject)
        #expect(config.findings.isEmpty)
        #expect(config.servers.map(\.name) == ["time", "docs"])
        #expect(config.servers[0].pointer == JSONPointer("/mcpServers/time"))
        #expect(
            config.servers[0].transport
                == .stdio(
                    command: "uvx", arguments: ["mcp-server-time", "--local-timezone=UTC"], environment: ["TZ": "UTC"],
                    cwd: nil))
        #expect(
            config.servers[1].transport
                == .http(url: "https://example.test/mcp", headers: ["Authorization": "Bearer x"]))
        #expect(config.servers.allSatisfy { $0.prefixing == .claudeCode })
    }

    @Test func claudeCodeUserFileWithProjects() throws {
        let config = read(
            #"""
            {"numStartups": 3,
             "mcpServers": {"global": {"command": "g"}},
             "projects": {"/home/me/app": {"mcpServers": {"local": {"command": "l", "disabled": true}}}}}
            """#, uri: "file:///home/me/.claude.json")
        #expect(config.shape == .claudeCodeUser)
        #expect(
            config.servers.map(\.pointer) == [
                JSONPointer("/mcpServers/global"), JSONPointer("/projects/~1home~1me~1app/mcpServers/local"),
            ])
        #expect(config.servers.map(\.disabled) == [false, true])
    }

    @Test func claudeDesktopAndCursorUseServerUnderscore() {
        let text =
            #"{"mcpServers": {"fetch": {"command": "mcp-server-fetch"}, "remote": {"url": "http://127.0.0.1:9/mcp"}}}"#
        let desktop = read(text, uri: "file:///x/Claude/claude_desktop_config.json")
        let cursor = read(text, uri: "file:///p/.cursor/mcp.json")
        #expect(desktop.shape == .claudeDesktop)
        #expect(cursor.shape == .cursor)
        #expect(cursor.servers[1].transport == .http(url: "http://127.0.0.1:9/mcp", headers: [:]))
        #expect((desktop.servers + cursor.servers).allSatisfy { $0.prefixing == .serverUnderscore })
    }

    @Test func vsCodeMcpJsonAndSettings() {
        let config = read(
            #"""
            {"inputs": [], "servers": {
              "git": {"type": "stdio", "command": "mcp-server-git", "args": ["--repository", "."], "cwd": "/repo"},
              "old": {"type": "sse", "url": "http://127.0.0.1:1/sse"}}}
            """#, uri: "file:///p/.vscode/mcp.json")
        #expect(config.shape == .vsCode)
        #expect(config.servers.map(\.pointer) == [JSONPointer("/servers/git"), JSONPointer("/servers/old")])
        #expect(
            config.servers[0].transport
                == .stdio(command: "mcp-server-git", arguments: ["--repository", "."], environment: [:], cwd: "/repo"))
        #expect(config.servers[1].transport == .sse(url: "http://127.0.0.1:1/sse", headers: [:]))
        #expect(config.findings.map(\.pointer) == [JSONPointer("/servers/old/type")])
        #expect(config.findings.map(\.severity) == [.warning])

        let settings = read(
            #"{"editor.tabSize": 2, "mcp": {"servers": {"t": {"command": "t"}}}}"#, uri: "file:///u/settings.json")
        #expect(settings.shape == .vsCodeSettings)
        #expect(settings.servers.map(\.pointer) == [JSONPointer("/mcp/servers/t")])
    }

    @Test func badEntriesGetFindingsAtTheirPointers() {
        let config = read(
            #"""
            {"mcpServers": {
              "empty": {},
              "notObject": 3,
              "badArgs": {"command": "x", "args": ["ok", 5]},
              "badEnv": {"command": "x", "env": {"A": 1}},
              "badType": {"type": "websocket", "url": "ws://h"},
              "badURL": {"type": "http", "url": "ftp://h"},
              "good": {"command": "x"}
            }}
            """#, uri: "file:///p/.mcp.json")
        #expect(config.servers.map(\.name) == ["good"])
        let located = config.findings.map { "\($0.pointer) \($0.severity)" }
        #expect(
            located == [
                "/mcpServers/empty error", "/mcpServers/notObject error", "/mcpServers/badArgs/args/1 error",
                "/mcpServers/badEnv/env/A error", "/mcpServers/badType/type error", "/mcpServers/badURL/url error",
            ])
        #expect(config.findings.allSatisfy { $0.ruleId == MCPConfigReader.ruleId })
        #expect(config.findings[0].message.contains("neither \"command\""))
        #expect(config.findings[0].preferKey)
    }

    @Test func knownFileWithoutServersIsReported() {
        let config = read(#"{"other": 1}"#, uri: "file:///p/.mcp.json")
        #expect(config.servers.isEmpty)
        #expect(config.findings.count == 1)
        #expect(config.findings.first?.pointer == .root)
        let unrelated = read(#"{"other": 1}"#, uri: "file:///p/tools.json")
        #expect(unrelated.shape == nil && unrelated.findings.isEmpty)
    }
}

/// A config entry read from a document, then started and listed.
@Suite struct ConnectorTests {
    @Test func listsToolsOfAConfiguredStdioServer() async throws {
        let command = try TestServers.venvProgram("mcp-server-time")
        let text = #"{"mcpServers": {"time": {"command": "\#(command)", "args": ["--local-timezone=UTC"]}}}"#
        let config = MCPConfigReader.read(SourceDocument(uri: "file:///p/.mcp.json", text: text))
        let entry = try #require(config.servers.first)
        let listing = try await MCPConnector.listTools(for: entry, timeouts: TestServers.slowStart)
        #expect(listing.tools.names == ["get_current_time", "convert_time"])
        #expect(
            entry.prefixing.presentedTools(listing.tools.tools, server: entry.name).compactMap {
                $0["name"]?.stringValue
            }
                == ["mcp__time__get_current_time", "mcp__time__convert_time"])
    }
}
