import Analysis
import JSON
import SourceDocument

extension LanguageServer {
    /// One lens at the top of a tool file: "N tools · M findings · K tokens", opening the
    /// findings list, and one per tool with its token count and share of the file.
    func codeLenses(_ doc: OpenDocument, _ analyzed: AnalyzedDocument?) -> JSONValue {
        guard let analyzed else { return [] }
        if let companion = analyzed.analysis.companion {
            return .array(
                companion.lenses.compactMap { pointer, title in
                    guard let range = analyzed.analysis.tree.location(of: pointer)?.range else { return nil }
                    let start = doc.document.range(of: range, encoding: encoding).start
                    let command: Command = companion.kind == .workflow ? .costPreview : .simulateSelection
                    return lens(TextRange(start: start, end: start), title, uri: doc.document.uri, command: command)
                })
        }
        if let mcp = analyzed.mcp { return mcpLenses(doc, analyzed, mcp) }
        guard analyzed.analysis.isToolDocument else { return [] }
        let tools = analyzed.analysis.toolSet.tools.count
        let findings = analyzed.published.count
        var title =
            "\(tools) tool\(tools == 1 ? "" : "s") · \(findings) finding\(findings == 1 ? "" : "s")"
        let counts = tokenCounts(uri: doc.document.uri, analyzed)
        if let total = counts.report?.totals.first {
            title += " · \(ToolTokens.grouped(total.tokens)) tokens (\(total.model))"
        }
        let top = TextRange(start: TextPosition(line: 0, character: 0), end: TextPosition(line: 0, character: 0))
        var lenses: [JSONValue] = [lens(top, title, uri: doc.document.uri)]
        for (index, tool) in analyzed.analysis.toolSet.tools.enumerated() {
            guard
                let title = Self.tokenLensTitle(counts.counts(ofTool: index), share: counts.share(ofTool: index)),
                let range = analyzed.analysis.tree.location(of: tool.name?.pointer ?? tool.pointer, preferKey: true)?
                    .range
            else { continue }
            let start = doc.document.range(of: range, encoding: encoding).start
            lenses.append(lens(TextRange(start: start, end: start), title, uri: doc.document.uri))
        }
        lenses.append(contentsOf: selectionToolLenses(doc, analyzed))
        return .array(lenses)
    }

    func lens(_ range: TextRange, _ title: String, uri: String, command: Command = .showFindings)
        -> JSONValue
    {
        [
            "range": range.json,
            "command": [
                "title": .string(title), "command": .string(command.rawValue),
                "arguments": [.string(uri)],
            ],
        ]
    }

    /// `textDocument/diagnostic` (pull), for clients that advertise it.
    func pullDiagnostics(_ doc: OpenDocument, _ analyzed: AnalyzedDocument?, params: JSONValue?) -> JSONValue {
        let resultId = "\(doc.document.version)-\(doc.analyzedGeneration)"
        if params?["previousResultId"]?.stringValue == resultId {
            return ["kind": "unchanged", "resultId": .string(resultId)]
        }
        let items: [JSONValue] = (analyzed?.published ?? []).map(\.diagnostic)
        return ["kind": "full", "resultId": .string(resultId), "items": .array(items)]
    }
}
