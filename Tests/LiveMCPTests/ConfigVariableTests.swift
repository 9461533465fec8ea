import JSON
import SourceDocument
import Testing
import ToolModel

@testable import LiveMCP

/// Config strings are expanded as each client expands them, and what cannot be expanded is a
/// finding at the string.
@Suite struct ConfigVariableTests {
    private let variables = MCPVariableContext(
        environment: ["TOKEN": "s3cret", "HOME": "/home/me", "EMPTY": "", "BASE": "https://api.example.test"])

    private func read(_ text: String, uri: String) -> MCPConfig {
        MCPConfigReader.read(SourceDocument(uri: uri, text: text), variables: variables)
    }

    @Test func claudeCodeExpandsVariablesAndDefaultsInEveryField() throws {
        let config = read(
            #"""
            {"mcpServers": {
              "local": {"command": "${HOME}/bin/server", "args": ["--token=${TOKEN}", "${MISSING:-fallback}", "${EMPTY:-used}"],
                        "env": {"API_KEY": "${TOKEN}", "PLAIN": "$TOKEN"}, "cwd": "${HOME}/work"},
              "remote": {"type": "http", "url": "${BASE}/mcp", "headers": {"Authorization": "Bearer ${TOKEN}"}}
            }}
            """#, uri: "file:///project/.mcp.json")
        #expect(config.findings.isEmpty, "\(config.findings)")
        #expect(
            config.servers.first?.transport
                == .stdio(
                    command: "/home/me/bin/server", arguments: ["--token=s3cret", "fallback", "used"],
                    environment: ["API_KEY": "s3cret", "PLAIN": "$TOKEN"], cwd: "/home/me/work"))
        #expect(
            config.servers.last?.transport
                == .http(url: "https://api.example.test/mcp", headers: ["Authorization": "Bearer s3cret"]))
    }

    @Test func anUnsetClaudeCodeVariableStaysAsWrittenWithAWarningAtTheString() throws {
        let config = read(
            #"{"mcpServers": {"gh": {"command": "gh-mcp", "env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}}}}"#,
            uri: "file:///project/.mcp.json")
        let warning = try #require(config.findings.first)
        #expect(config.findings.count == 1)
        #expect(warning.severity == .warning)
        #expect(warning.pointer == JSONPointer("/mcpServers/gh/env/GITHUB_TOKEN"))
        #expect(warning.message.contains("${GITHUB_TOKEN} is not set"))
        // Still started, with what Claude Code would pass.
        #expect(
            config.servers.first?.transport
                == .stdio(command: "gh-mcp", arguments: [], environment: ["GITHUB_TOKEN": "${GITHUB_TOKEN}"], cwd: nil))
    }

    @Test func vsCodeExpandsEnvWorkspaceAndHomeAndRefusesInputs() throws {
        let config = read(
            #"""
            {"servers": {
              "files": {"command": "node", "args": ["${workspaceFolder}/server.js", "${userHome}", "${workspaceFolderBasename}"],
                        "env": {"KEY": "${env:TOKEN}", "GONE": "${env:NOPE}"}},
              "asks": {"command": "node", "env": {"KEY": "${input:api-key}"}}
            }, "inputs": [{"id": "api-key", "type": "promptString", "password": true}]}
            """#, uri: "file:///work/app/.vscode/mcp.json")
        #expect(config.servers.map(\.name) == ["files"])
        #expect(
            config.servers.first?.transport
                == .stdio(
                    command: "node", arguments: ["/work/app/server.js", "/home/me", "app"],
                    environment: ["KEY": "s3cret", "GONE": ""], cwd: nil))
        let unset = try #require(config.findings.first { $0.pointer == JSONPointer("/servers/files/env/GONE") })
        #expect(unset.severity == .warning)
        #expect(unset.message.contains("empty value"))
        let input = try #require(config.findings.first { $0.pointer == JSONPointer("/servers/asks/env/KEY") })
        #expect(input.severity == .error)
        #expect(input.message.contains("${input:api-key}"))
    }

    @Test func cursorUsesTheEditorSyntaxAndClaudeDesktopNone() {
        let text = #"{"mcpServers": {"s": {"command": "run", "args": ["${env:TOKEN}", "${TOKEN}"]}}}"#
        let cursor = read(text, uri: "file:///p/.cursor/mcp.json")
        let desktop = read(text, uri: "file:///x/Claude/claude_desktop_config.json")
        let claudeCode = read(text, uri: "file:///p/.mcp.json")
        func arguments(_ config: MCPConfig) -> [String]? {
            if case .stdio(_, let arguments, _, _) = config.servers.first?.transport { return arguments }
            return nil
        }
        // Cursor: ${TOKEN} is not its syntax, so it is reported and passed as written.
        #expect(arguments(cursor) == ["s3cret", "${TOKEN}"])
        #expect(cursor.findings.map(\.pointer) == [JSONPointer("/mcpServers/s/args/1")])
        #expect(arguments(desktop) == ["${env:TOKEN}", "${TOKEN}"])
        #expect(desktop.findings.isEmpty)
        // Claude Code: `env:TOKEN` is not a variable name, so it stays as written.
        #expect(arguments(claudeCode) == ["${env:TOKEN}", "s3cret"])
        #expect(claudeCode.findings.isEmpty)
    }

    @Test func unterminatedAndNestedForms() {
        func expand(_ text: String) -> MCPExpansion {
            MCPVariables.expand(text, syntax: .shell, context: variables, workspaceFolder: nil)
        }
        #expect(expand("a${TOKEN").text == "a${TOKEN")
        #expect(expand("${MISSING:-${TOKEN}}").text == "${TOKEN}")
        #expect(expand("${TOKEN}${TOKEN}").text == "s3crets3cret")
        #expect(expand("${ 1bad }").text == "${ 1bad }")
        #expect(expand("no variables").warnings.isEmpty)
    }

    @Test func aURLThatOnlyBecomesValidAfterExpansionIsAccepted() {
        let config = read(#"{"mcpServers": {"r": {"url": "${BASE}/mcp"}}}"#, uri: "file:///p/.mcp.json")
        #expect(config.servers.first?.transport == .http(url: "https://api.example.test/mcp", headers: [:]))
    }
}
