import JSON
import SourceDocument
import ToolModel

extension LanguageServer {
    /// Most symbols returned for one document (huge BFCL files stay responsive).
    static let symbolLimit = 5_000

    /// Tools with their parameters: hierarchical `DocumentSymbol`s when the client supports
    /// them, flat `SymbolInformation` otherwise.
    func documentSymbols(_ doc: OpenDocument, _ analyzed: AnalyzedDocument?) -> JSONValue {
        guard let analyzed else { return [] }
        let document = doc.document
        let tree = analyzed.analysis.tree
        var count = 0
        var hierarchical: [JSONValue] = []
        var flat: [JSONValue] = []
        for tool in analyzed.analysis.toolSet.tools {
            guard count < Self.symbolLimit, let toolRange = tree.location(of: tool.pointer)?.range else { continue }
            count += 1
            let selection = tool.name.flatMap { tree.location(of: $0.pointer)?.range } ?? toolRange
            let detail = tool.dialect.displayName
            var children: [JSONValue] = []
            for parameter in Self.parameters(of: tool) where count < Self.symbolLimit {
                guard let place = tree.location(of: parameter.pointer), place.exact else { continue }
                count += 1
                let key = tree.location(of: parameter.pointer, preferKey: true)?.range ?? place.range
                let full = min(key.lowerBound, place.range.lowerBound)..<max(key.upperBound, place.range.upperBound)
                children.append([
                    "name": .string(parameter.name), "detail": .string(parameter.type),
                    "kind": .integer(LSPConstant.symbolProperty),
                    "range": document.range(of: full, encoding: encoding).json,
                    "selectionRange": document.range(of: key, encoding: encoding).json,
                ])
                flat.append([
                    "name": .string(parameter.name), "kind": .integer(LSPConstant.symbolProperty),
                    "containerName": .string(tool.displayName),
                    "location": [
                        "uri": .string(document.uri), "range": document.range(of: full, encoding: encoding).json,
                    ],
                ])
            }
            let toolSymbolRange = document.range(of: toolRange, encoding: encoding).json
            hierarchical.append([
                "name": .string(tool.displayName), "detail": .string(detail),
                "kind": .integer(LSPConstant.symbolFunction),
                "range": toolSymbolRange,
                "selectionRange": document.range(of: selection, encoding: encoding).json,
                "children": .array(children),
            ])
            flat.insert(
                [
                    "name": .string(tool.displayName), "kind": .integer(LSPConstant.symbolFunction),
                    "location": ["uri": .string(document.uri), "range": toolSymbolRange],
                ], at: flat.count - children.count)
        }
        return .array(client.hierarchicalSymbols ? hierarchical : flat)
    }
}
