import Analysis
import ArgumentParser

/// Exit statuses `toolwright` promises.
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let usage: Int32 = 2
}

struct Toolwright: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toolwright",
        abstract: "Lint AI-agent tool definitions (MCP, OpenAI, Anthropic, Gemini, BFCL; JSON or YAML).",
        discussion: """
            Exit status: 0 when clean, 1 when a finding is at or above --fail-on, 2 on a usage or \
            I/O error (missing or unreadable file).
            """,
        version: ToolwrightVersion.current,
        subcommands: [
            CheckCommand.self, RulesCommand.self, TokensCommand.self, SimulateCommand.self, CostCommand.self,
            TrustCommand.self, PluginsCommand.self, MCPCommand.self, LockCommand.self,
            LSPCommand.self,
        ]
    )
}
