import JSON
import SourceDocument

extension LanguageServer {
    /// On a prompt entry of a prompt set: how the simulator ranked the tools for it (tool,
    /// score, margin, flags), read from the report the analysis made for the open buffer.
    func promptRankingHover(at offset: Int, in analyzed: AnalyzedDocument, markdown: Bool) -> (
        text: String, range: ByteRange
    )? {
        guard let companion = analyzed.analysis.companion, companion.kind == .promptSet,
            let prompts = companion.report["prompts"]?.arrayValue
        else { return nil }
        let tree = analyzed.analysis.tree
        for prompt in prompts {
            guard let pointer = prompt["pointer"]?.stringValue.flatMap(JSONPointer.init),
                let location = tree.location(of: pointer), location.exact,
                location.range.contains(offset) || location.range.upperBound == offset
            else { continue }
            return (Self.rankingText(prompt, markdown: markdown), location.range)
        }
        return nil
    }

    static func rankingText(_ prompt: JSONValue, markdown: Bool) -> String {
        func number(_ key: String, in value: JSONValue) -> String {
            guard let x = value[key]?.numberValue else { return "–" }
            return String(format: "%.3f", x)
        }
        var lines: [String] = []
        let ranking = prompt["ranking"]?.arrayValue ?? []
        lines.append(markdown ? "**Simulated tool selection**" : "Simulated tool selection")
        if ranking.isEmpty {
            lines.append("No tools to rank.")
        } else {
            var table: [String] = []
            if markdown {
                table.append("| # | tool | score |")
                table.append("| --: | --- | --: |")
            }
            for (rank, entry) in ranking.prefix(5).enumerated() {
                let name = entry["tool"]?.stringValue ?? "?"
                let score = number("score", in: entry)
                table.append(markdown ? "| \(rank + 1) | `\(name)` | \(score) |" : "  \(rank + 1). \(name) \(score)")
            }
            if ranking.count > 5 { table.append(markdown ? "| … | \(ranking.count - 5) more | |" : "  …") }
            lines.append(table.joined(separator: "\n"))
        }
        var facts = [
            "margin \(number("margin", in: prompt))", "relative margin \(number("relativeMargin", in: prompt))",
            "coverage \(number("coverage", in: prompt))",
        ]
        if let expect = prompt["expect"]?.stringValue {
            let rank = prompt["expectedRank"]?.numberValue.map { " (rank \(Int($0)))" } ?? ""
            facts.append("expected \(expect)\(rank)")
        }
        lines.append(facts.joined(separator: " · "))
        let flags = (prompt["flags"]?.arrayValue ?? []).compactMap(\.stringValue)
        lines.append(
            "Flags: "
                + (flags.isEmpty ? "none" : flags.map { markdown ? "`\($0)`" : $0 }.joined(separator: ", ")))
        return lines.joined(separator: "\n\n")
    }
}
