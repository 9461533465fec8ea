import Analysis
import JSON
import JSONRPC
import SourceDocument
import ToolModel

extension LanguageServer {
    /// On a finding: the rule's explanation and docs link. On a tool: its dialect, parameters
    /// and the rules it breaks. Markdown only for clients that list it.
    func hover(_ doc: OpenDocument, _ analyzed: AnalyzedDocument?, params: JSONValue?) throws -> JSONValue {
        let position = try TextPosition(json: params?["position"])
        guard let analyzed else { return .null }
        let document = doc.document
        let offset = document.offset(of: position, encoding: encoding)
        let markdown = client.hoverMarkdown
        var sections: [String] = []
        var range: ByteRange?

        let hits = analyzed.published.map(\.finding).filter {
            $0.range.contains(offset) || ($0.range.isEmpty && $0.range.lowerBound == offset)
        }
        for hit in hits {
            sections.append(findingHover(hit.finding, markdown: markdown))
            range = range ?? hit.range
        }
        if let prompt = promptRankingHover(at: offset, in: analyzed, markdown: markdown) {
            sections.append(prompt.text)
            range = range ?? prompt.range
        }
        if hits.isEmpty, let tool = tool(at: offset, in: analyzed) {
            let index = analyzed.analysis.toolSet.tools.firstIndex { $0.pointer == tool.pointer }
            let tokens = index.map { (tokenCounts(uri: document.uri, analyzed), $0) }
            sections.append(toolHover(tool, analyzed: analyzed, tokens: tokens, markdown: markdown))
            range =
                tool.name.flatMap { analyzed.analysis.tree.location(of: $0.pointer)?.range }
                ?? analyzed.analysis.tree.location(of: tool.pointer)?.range
        }
        guard !sections.isEmpty else { return .null }
        return .object([
            "contents": [
                "kind": markdown ? "markdown" : "plaintext",
                "value": .string(sections.joined(separator: markdown ? "\n\n---\n\n" : "\n\n")),
            ],
            "range": range.map { document.range(of: $0, encoding: encoding).json },
        ])
    }

    /// The innermost tool whose object contains `offset`.
    func tool(at offset: Int, in analyzed: AnalyzedDocument) -> ToolDefinition? {
        let tree = analyzed.analysis.tree
        return analyzed.analysis.toolSet.tools.filter {
            tree.location(of: $0.pointer).map { $0.exact && ($0.range.contains(offset)) } ?? false
        }.max { $0.pointer.tokens.count < $1.pointer.tokens.count }
    }

    private func findingHover(_ finding: Finding, markdown: Bool) -> String {
        let meta = provider.metadata(for: finding.ruleId)
        var lines: [String] = []
        lines.append(
            markdown
                ? "**\(finding.ruleId)** (\(finding.severity.rawValue)): \(finding.message)"
                : "\(finding.ruleId) (\(finding.severity.rawValue)): \(finding.message)")
        if let meta {
            if !meta.explanation.isEmpty { lines.append(meta.explanation) }
            lines.append(markdown ? "[Rule documentation](\(meta.docsURL))" : "Docs: \(meta.docsURL)")
        }
        return lines.joined(separator: "\n\n")
    }

    private func toolHover(
        _ tool: ToolDefinition, analyzed: AnalyzedDocument, tokens: (TokenCounts, Int)?, markdown: Bool
    ) -> String {
        var lines: [String] = []
        let name = tool.displayName
        lines.append(
            markdown ? "**\(name)** — \(tool.dialect.displayName) tool" : "\(name) — \(tool.dialect.displayName) tool")
        if let description = tool.description?.value, !description.isEmpty {
            let firstLine = description.split(separator: "\n").first.map(String.init) ?? description
            lines.append(firstLine.count > 200 ? String(firstLine.prefix(200)) + "…" : firstLine)
        }
        let parameters = Self.parameters(of: tool)
        if parameters.isEmpty {
            lines.append("No parameters.")
        } else {
            var block = ["Parameters:"]
            for p in parameters.prefix(30) {
                let required = p.required ? ", required" : ""
                block.append(markdown ? "- `\(p.name)`: \(p.type)\(required)" : "  \(p.name): \(p.type)\(required)")
            }
            if parameters.count > 30 { block.append("  … \(parameters.count - 30) more") }
            lines.append(block.joined(separator: "\n"))
        }
        if let (counts, index) = tokens {
            let perProvider = counts.counts(ofTool: index)
            if !perProvider.isEmpty {
                var block = ["Tokens:"]
                for count in perProvider {
                    let line = "\(ToolTokens.describe(count)) — \(count.provider)"
                    block.append(markdown ? "- \(line)" : "  \(line)")
                }
                if let share = counts.share(ofTool: index) {
                    block.append(
                        (markdown ? "- " : "  ") + "\(Int((share * 100).rounded()))% of this file's tool tokens")
                }
                lines.append(block.joined(separator: "\n"))
            } else if let error = counts.error {
                lines.append("Tokens: unavailable (\(error))")
            }
        }
        let rules = Set(
            analyzed.published.map(\.finding.finding).filter { $0.pointer.hasPrefix(tool.pointer) }.map(\.ruleId))
        if !rules.isEmpty {
            let list = rules.sorted().map { markdown ? "`\($0)`" : $0 }.joined(separator: ", ")
            lines.append("Rules hit: \(list)")
        }
        return lines.joined(separator: "\n\n")
    }

    struct Parameter {
        var name: String
        var type: String
        var required: Bool
        var pointer: JSONPointer
    }

    /// Top-level properties of the tool's parameter schema.
    static func parameters(of tool: ToolDefinition) -> [Parameter] {
        guard let schema = tool.inputSchema, let properties = schema.value["properties"]?.objectMembers else {
            return []
        }
        let required = Set(schema.value["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        return properties.map { member in
            let type: String
            switch member.value["type"] {
            case .string(let t)?: type = t
            case .array(let ts)?: type = ts.compactMap(\.stringValue).joined(separator: "|")
            default: type = member.value["enum"] != nil ? "enum" : "any"
            }
            return Parameter(
                name: member.key, type: type, required: required.contains(member.key),
                pointer: schema.pointer / "properties" / member.key)
        }
    }
}
