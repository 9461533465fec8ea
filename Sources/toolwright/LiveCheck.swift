import Analysis
import Foundation
import JSON
import LiveMCP
import Plugins
import SourceDocument
import ToolModel

/// MCP client config files (`.mcp.json`, Claude Desktop, VS Code `mcp.json`, Cursor) in `check`:
/// their entries are checked as config, and with `--live` each server is started (only in a
/// trusted workspace) and the tools it really lists are checked: tool rules on the names the
/// server sent, set-level rules on every server's tools named as the client shows them.
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
            var listed: [(entry: MCPServerEntry, raw: SourceDocument, presented: SourceDocument)] = []
            for entry in config.servers where !entry.disabled {
                switch listing(entry, cwd: directory, timeout: timeout) {
                case .success(let tools):
                    let uri = document.uri + "#" + entry.name
                    let presented = entry.prefixing.presentedTools(tools.tools, server: entry.name)
                    listed.append(
                        (
                            entry, SourceDocument(uri: uri, text: tools.result.serialized(.pretty), format: .json),
                            SourceDocument(
                                uri: uri,
                                text: JSONValue.object([JSONMember("tools", .array(presented))]).serialized(.pretty),
                                format: .json)
                        ))
                    findings.append(
                        Finding(
                            ruleId: "mcp-live-tools", severity: .info,
                            message: "`\(entry.name)` lists \(tools.tools.count) tools (checked as \(uri)).",
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
            // Tool rules judge the names the server sent; set-level rules judge every server's
            // tools together under the names the client shows (as the language server does).
            let setRules = Set(analyzer.engine.setRules.map(\.metadata.id))
            let presentedSets = listed.map { analyzer.toolSet(of: $0.presented) }
            for (index, server) in listed.enumerated() {
                let own = analyzer.analyze(server.raw)
                let others = presentedSets.enumerated().filter { $0.offset != index }.map(\.element)
                let presented = analyzer.analyze(server.presented, workspace: others)
                extra.append(
                    AnalysisResult(
                        document: server.raw, toolSet: own.toolSet,
                        findings: analyzer.sort(
                            own.findings.filter { !setRules.contains($0.finding.ruleId) }
                                + presented.findings.filter { setRules.contains($0.finding.ruleId) }.map {
                                    // Same pointers, but the prefixed names shift the offsets.
                                    analyzer.resolve($0.finding, in: server.raw)
                                })))
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
