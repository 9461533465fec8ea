import Analysis
import JSON
import JSONRPC
import SourceDocument

extension LanguageServer {
    /// Quick fixes carried by the findings under the requested range, as `WorkspaceEdit`s.
    func codeActions(_ doc: OpenDocument, _ analyzed: AnalyzedDocument?, params: JSONValue?) throws -> JSONValue {
        let range = try TextRange(json: params?["range"])
        guard let analyzed else { return [] }
        if let only = params?["context"]?["only"]?.arrayValue?.compactMap(\.stringValue),
            !only.contains(where: { $0.isEmpty || $0 == "quickfix" || "quickfix".hasPrefix($0 + ".") })
        {
            return []
        }
        let document = doc.document
        let start = document.offset(of: range.start, encoding: encoding)
        let end = document.offset(of: range.end, encoding: encoding)
        let renderer = FixRenderer(bytes: document.bytes, tree: analyzed.analysis.tree)
        var actions: [JSONValue] = []
        for published in analyzed.published where !published.finding.finding.fixes.isEmpty {
            let resolved = published.finding
            guard resolved.range.lowerBound <= end && start <= resolved.range.upperBound else { continue }
            for fix in resolved.finding.fixes {
                guard let edits = renderer.edits(for: fix) else { continue }
                actions.append(
                    .object([
                        "title": .string(fix.title),
                        "kind": "quickfix",
                        "diagnostics": [published.diagnostic],
                        "isPreferred": fix.isPreferred ? true : nil,
                        "edit": workspaceEdit(document, edits),
                    ]))
            }
        }
        return .array(actions)
    }

    /// `changes`, plus versioned `documentChanges` for clients that support them.
    func workspaceEdit(_ document: TextBuffer, _ edits: [FixRenderer.Edit]) -> JSONValue {
        let textEdits: JSONValue = .array(
            edits.map {
                ["range": document.range(of: $0.range, encoding: encoding).json, "newText": .string($0.newText)]
            })
        return .object([
            "changes": .object([JSONMember(document.uri, textEdits)]),
            "documentChanges": client.documentChanges
                ? [
                    [
                        "textDocument": ["uri": .string(document.uri), "version": .integer(Int64(document.version))],
                        "edits": textEdits,
                    ]
                ] : nil,
        ])
    }
}
