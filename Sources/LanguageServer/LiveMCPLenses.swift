import Analysis
import JSON
import SourceDocument

extension LanguageServer {
    /// One lens per server entry of an MCP config document, on its key:
    /// "N tools · M findings · K tokens (model)" opening the fetched tool list, or the entry's
    /// state ("listing tools…", "failed", "not trusted") running a refresh.
    func mcpLenses(_ doc: OpenDocument, _ analyzed: AnalyzedDocument, _ mcp: MCPConfigAnalysis) -> JSONValue {
        let uri = doc.document.uri
        return .array(
            mcp.entries.compactMap { entry -> JSONValue? in
                guard
                    let range = analyzed.analysis.tree.location(of: entry.entry.pointer, preferKey: true)?.range,
                    let title = Self.mcpLensTitle(entry)
                else { return nil }
                let start = doc.document.range(of: range, encoding: encoding).start
                let at = TextRange(start: start, end: start)
                guard entry.state == .listed else { return lens(at, title, uri: uri, command: .refreshMCPServers) }
                return [
                    "range": at.json,
                    "command": [
                        "title": .string(title), "command": .string(Command.openMCPToolList.rawValue),
                        "arguments": [.string(uri), .string(entry.entry.name)],
                    ],
                ]
            })
    }

    static func mcpLensTitle(_ entry: MCPConfigAnalysis.Entry) -> String? {
        switch entry.state {
        case .listed:
            var title =
                "\(entry.tools) tool\(entry.tools == 1 ? "" : "s") · "
                + "\(entry.findings) finding\(entry.findings == 1 ? "" : "s")"
            if let tokens = entry.tokens { title += " · \(ToolTokens.grouped(tokens.count)) tokens (\(tokens.model))" }
            return title
        case .failed: return "MCP server failed · retry"
        case .fetching: return "Listing tools…"
        case .notFetched: return "Tools not listed since this entry changed · list now"
        case .untrusted: return "Not started: workspace not trusted"
        case .off, .disabled: return nil
        }
    }
}
