import Analysis
import ArgumentParser
import Foundation
import JSON
import LiveMCP
import Plugins
import SourceDocument
import ToolModel

/// `toolwright mcp tools|check -- CMD ARGS…`: what a running MCP server really exposes.
struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Start an MCP server over stdio and list or check the tools it really exposes.",
        subcommands: [MCPToolsCommand.self, MCPCheckCommand.self]
    )
}

/// The server command line and how long to wait for it.
struct MCPServerOptions: ParsableArguments {
    @Option(help: "Seconds to wait for start-up plus initialize, and for each request.")
    var timeout: Double = 30

    @Argument(parsing: .postTerminator, help: "The server command and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        if command.isEmpty { throw ValidationError("give the server command after --, e.g. -- uvx mcp-server-time") }
    }

    /// Starts the server, pages through `tools/list`, and stops it. Failures are usage errors
    /// (exit 2) that carry the server's standard error.
    func listTools() throws -> MCPToolList {
        let command = command
        let timeouts = MCPTimeouts(initialize: timeout, request: timeout)
        let outcome = Blocking.wait { () async -> Result<MCPToolList, MCPClientError> in
            do {
                let client = try await MCPStdioClient.start(
                    command: command[0], arguments: Array(command.dropFirst()), timeouts: timeouts)
                let tools = try await client.listTools()
                _ = await client.close()
                return .success(tools)
            } catch let error as MCPClientError {
                return .failure(error)
            } catch {
                return .failure(.protocolViolation("\(error)"))
            }
        }
        switch outcome {
        case .success(let tools): return tools
        case .failure(let error):
            Terminal.writeError("toolwright: error: \(error.description)")
            throw ExitCode(ExitStatus.usage)
        }
    }
}

struct MCPToolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "Print the server's tool list as an MCP tools/list result (JSON), or names (text).")

    @OptionGroup var server: MCPServerOptions

    @Option(help: "Output format (json: the tools/list result; text: one tool per line).")
    var format: ListFormat = .json

    func run() throws {
        let tools = try server.listTools()
        switch format {
        case .json: Terminal.write(tools.result.serialized(.pretty) + "\n")
        case .text:
            Terminal.write(
                tools.tools.map { tool in
                    let description = tool["description"]?.stringValue?.split(separator: "\n").first.map(String.init)
                    return (tool["name"]?.stringValue ?? "?") + (description.map { " — " + $0 } ?? "")
                }.joined(separator: "\n") + "\n")
        }
    }
}

struct MCPCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the tools a running server exposes with the full rule catalogue.")

    @OptionGroup var server: MCPServerOptions

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(
        name: .customLong("target"),
        help: "Provider profile to judge against (repeatable). Default: mcp.")
    var targets: [TargetArgument] = []

    @Option(help: "Lowest severity that makes the exit status 1.")
    var failOn: FailThreshold = FailThreshold(argument: "error")!

    func run() throws {
        let tools = try server.listTools()
        // The listing is checked as a document of its own, so findings have lines to point at.
        let name = server.command.joined(separator: " ")
        let document = SourceDocument(
            uri: "mcp-tools-list.json", text: tools.result.serialized(.pretty), format: .json)
        let settings = AnalysisSettings(targets: targets.isEmpty ? nil : Set(targets.map(\.target)))
        let analyzer = Analyzer(settings: settings)
        let result = analyzer.analyze(document)
        let report = CheckReport(results: [result], rules: analyzer.engine.allMetadata)
        Terminal.writeError("toolwright: \(tools.tools.count) tools from `\(name)`")
        switch format {
        case .text: Terminal.write(TextReport(color: Terminal.stdoutWantsColor).render(report))
        case .json: Terminal.write(JSONReport().render(report))
        case .sarif: Terminal.write(SARIFReport().render(report))
        }
        if report.hasFindings(atOrAbove: failOn.severity) { throw ExitCode(ExitStatus.findings) }
    }
}
