import Analysis
import Foundation
import JSON
import LiveMCP
import Plugins
import SourceDocument
import ToolModel

/// MCP client config files (`.mcp.json`, Claude Desktop, VS Code `mcp.json`, Cursor) in `check`:
/// their entries are checked as config, and with `--live` each server is started (only in a
/// trusted workspace) and the tools it really lists are checked, named as the client shows them.
enum LiveCheck {
    static func isConfig(_ document: SourceDocument) -> Bool {
        MCPConfigReader.isConfigFile(uri: document.uri)
    }

    static func results(
        for document: SourceDocument, live: Bool, trust: WorkspaceTrust, root: String, analyzer: Analyzer,
        timeout: Double
    ) -> [AnalysisResult] {
        let config = MCPConfigReader.read(document)
        var findings = document.tree.diagnostics.map { diagnostic in
            Finding(
                ruleId: diagnostic.code.rawValue, severity: diagnostic.severity == .error ? .error : .warning,
                message: diagnostic.message, pointer: .root, byteRange: diagnostic.range)
        }
        findings += config.findings
        var extra: [AnalysisResult] = []
        if live && !config.servers.isEmpty && !trust.isTrusted(root) {
            findings.append(
                Finding(
                    ruleId: "mcp-untrusted-workspace", severity: .info,
                    message:
                        "Not starting the \(config.servers.count) configured server(s): the workspace \(root) is not trusted. "
                        + "Run `toolwright trust \(root)` or pass `--trust-workspace \(root)`.",
                    pointer: .root))
        } else if live {
            let directory = URL(string: document.uri).map { $0.deletingLastPathComponent().path }
            for entry in config.servers where !entry.disabled {
                switch listing(entry, cwd: directory, timeout: timeout) {
                case .success(let tools):
                    let presented = entry.prefixing.presentedTools(tools.tools, server: entry.name)
                    let listing = SourceDocument(
                        uri: document.uri + "#" + entry.name,
                        text: JSONValue.object([JSONMember("tools", .array(presented))]).serialized(.pretty),
                        format: .json)
                    extra.append(analyzer.analyze(listing))
                    findings.append(
                        Finding(
                            ruleId: "mcp-live-tools", severity: .info,
                            message: "`\(entry.name)` lists \(tools.tools.count) tools (checked as \(listing.uri)).",
                            pointer: entry.pointer, preferKey: true))
                case .failure(let error):
                    findings.append(
                        Finding(
                            ruleId: "mcp-server-failed", severity: .error,
                            message: "`\(entry.name)` could not be listed: \(error.description)",
                            pointer: entry.pointer,
                            preferKey: true))
                }
            }
        }
        let own = AnalysisResult(
            document: document, toolSet: ToolSet(uri: document.uri, dialect: nil, tools: []),
            findings: analyzer.sort(findings.map { analyzer.resolve($0, in: document) }))
        return [own] + extra
    }

    private static func listing(_ entry: MCPServerEntry, cwd: String?, timeout: Double)
        -> Result<MCPToolList, MCPClientError>
    {
        Blocking.wait {
            do {
                let listing = try await MCPConnector.listTools(
                    for: entry, cwd: cwd, timeouts: MCPTimeouts(initialize: timeout, request: timeout))
                return .success(listing.tools)
            } catch let error as MCPClientError {
                return .failure(error)
            } catch {
                return .failure(.protocolViolation("\(error)"))
            }
        }
    }
}
