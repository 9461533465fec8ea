import JSON
import SourceDocument

extension LanguageServer {
    /// One lens at the top of a tool file: "N tools · M findings", opening the findings list.
    /// (Token counts and simulation results can join it here later.)
    func codeLenses(_ doc: OpenDocument, _ analyzed: AnalyzedDocument?) -> JSONValue {
        guard let analyzed, analyzed.analysis.isToolDocument else { return [] }
        let tools = analyzed.analysis.toolSet.tools.count
        let findings = analyzed.published.count
        let title =
            "\(tools) tool\(tools == 1 ? "" : "s") · \(findings) finding\(findings == 1 ? "" : "s")"
        let top = TextRange(start: TextPosition(line: 0, character: 0), end: TextPosition(line: 0, character: 0))
        return [
            [
                "range": top.json,
                "command": [
                    "title": .string(title), "command": .string(Command.showFindings.rawValue),
                    "arguments": [.string(doc.document.uri)],
                ],
            ]
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
