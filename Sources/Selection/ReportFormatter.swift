import JSON
import ToolModel

/// Renders simulation and evaluation reports for the CLI (`--format text|json`).
public enum ReportFormatter {
    // MARK: Simulation

    public static func json(_ report: SimulationReport) -> JSONValue {
        var prompts: [JSONValue] = []
        for (index, result) in report.results.enumerated() {
            var members: [JSONMember] = [
                JSONMember("index", .integer(Int64(index))),
                JSONMember("prompt", .string(result.prompt.text.value)),
                JSONMember("pointer", .string(result.prompt.pointer.description)),
            ]
            switch result.prompt.expectation {
            case .tool(let name, _)?: members.append(JSONMember("expect", .string(name)))
            case .noTool?: members.append(JSONMember("expect", "none"))
            case nil: break
            }
            members.append(
                JSONMember(
                    "ranking",
                    .array(
                        result.ranking.ranking.map {
                            .object([JSONMember("tool", .string($0.name)), JSONMember("score", number($0.score))])
                        })))
            members.append(JSONMember("margin", number(result.ranking.margin)))
            members.append(JSONMember("relativeMargin", number(result.ranking.relativeMargin)))
            members.append(JSONMember("coverage", number(result.ranking.coverage)))
            if let rank = result.expectedRank { members.append(JSONMember("expectedRank", .integer(Int64(rank + 1)))) }
            members.append(JSONMember("flags", .array(result.flags.map { .string($0.rawValue) })))
            prompts.append(.object(members))
        }
        return .object([
            JSONMember("promptSet", .string(report.promptSetURI)),
            JSONMember("toolCount", .integer(Int64(report.tools.count))),
            JSONMember("summary", summary(report)),
            JSONMember("prompts", .array(prompts)),
            JSONMember("findings", .array(report.findings.map(json))),
        ])
    }

    public static func text(_ report: SimulationReport) -> String {
        var lines: [String] = []
        lines.append("\(report.promptSetURI): \(report.results.count) prompts, \(report.tools.count) tools")
        for (index, result) in report.results.enumerated() {
            lines.append("\(index + 1). \(quoted(result.prompt.text.value))")
            lines.append("   " + lens(result))
            if let name = result.prompt.expectation?.toolName {
                let ok = result.expectedRank == 0
                let rank = result.expectedRank.map { "rank \($0 + 1)" } ?? "unknown tool"
                lines.append("   expected \(name): " + (ok ? "wins" : rank))
            } else if case .noTool? = result.prompt.expectation {
                lines.append("   expected none: " + (result.flags.contains(.noToolFits) ? "a tool fits" : "ok"))
            }
            if !result.flags.isEmpty {
                lines.append("   flags: " + result.flags.map(\.rawValue).joined(separator: ", "))
            }
        }
        if !report.findings.isEmpty {
            lines.append("")
            for finding in report.findings {
                lines.append("\(finding.severity.rawValue) [\(finding.ruleId)] \(finding.pointer): \(finding.message)")
            }
        }
        let counts = summaryCounts(report)
        lines.append("")
        lines.append(
            "\(counts.wrong) wrong-tool-wins, \(counts.tie) near-tie, \(counts.noSignal) no-signal, "
                + "\(counts.noFit) no-tool-fits")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line for an editor code lens: "→ search_issues 0.82 · runner-up list_issues 0.79".
    public static func lens(_ result: PromptResult) -> String {
        let ranking = result.ranking.ranking
        guard let top = ranking.first, top.score > 0 else { return "→ no tool scores" }
        var out = "→ \(top.name) \(format(top.score))"
        if ranking.count > 1 {
            out += " · runner-up \(ranking[1].name) \(format(ranking[1].score))"
        }
        return out
    }

    /// One line for a tool's code lens in a tool file: "picked by 3/5 prompts".
    public static func toolLens(_ report: SimulationReport, toolIndex: Int) -> String {
        let wins = report.results.filter { $0.ranking.top?.index == toolIndex && ($0.ranking.top?.score ?? 0) > 0 }
        return "picked by \(wins.count)/\(report.results.count) prompts"
    }

    // MARK: Evaluation

    public static func json(_ report: EvaluationReport, dataset: String) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("dataset", .string(dataset)),
            JSONMember("items", .integer(Int64(report.outcomes.count))),
            JSONMember("scored", .integer(Int64(report.scoredCount))),
        ]
        if report.scoredCount > 0 {
            members.append(JSONMember("top1", number(report.top1)))
            members.append(JSONMember("mrr", number(report.mrr)))
        }
        members.append(JSONMember("noToolFitsShare", number(report.noFitShare)))
        members.append(JSONMember("nearTieShare", number(report.nearTieShare)))
        if let probe = report.probe {
            members.append(
                JSONMember(
                    "goldRemovedProbe",
                    .object([
                        JSONMember("precision", number(probe.precision)),
                        JSONMember("recall", number(probe.recall)),
                        JSONMember("auc", number(probe.auc)),
                        JSONMember("items", .integer(Int64(probe.removedCount))),
                    ])))
        }
        members.append(
            JSONMember(
                "misses",
                .array(
                    report.misses.map {
                        .object([
                            JSONMember("id", .string($0.id)),
                            JSONMember("expected", .string($0.gold.sorted().first ?? "")),
                            JSONMember("predicted", $0.predicted.map { .string($0) } ?? .null),
                        ])
                    })))
        return .object(members)
    }

    public static func text(_ report: EvaluationReport, dataset: String) -> String {
        var lines = ["\(dataset): \(report.outcomes.count) items"]
        if report.scoredCount > 0 {
            lines.append(
                "top-1 \(format(report.top1, digits: 3)), MRR \(format(report.mrr, digits: 3)) "
                    + "over \(report.scoredCount) single-answer items")
        }
        lines.append("no tool fits: \(format(report.noFitShare, digits: 3)) of items")
        lines.append("near-tie: \(format(report.nearTieShare, digits: 3)) of items")
        if let probe = report.probe {
            lines.append(
                "gold-removed probe: precision \(format(probe.precision, digits: 3)), "
                    + "recall \(format(probe.recall, digits: 3)), AUC \(format(probe.auc, digits: 3))")
        }
        for miss in report.misses {
            lines.append("  miss \(miss.id): expected \(miss.gold.sorted().first ?? "") got \(miss.predicted ?? "-")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Helpers

    public static func json(_ finding: Finding) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("ruleId", .string(finding.ruleId)),
            JSONMember("severity", .string(finding.severity.rawValue)),
            JSONMember("message", .string(finding.message)),
            JSONMember("pointer", .string(finding.pointer.description)),
        ]
        if !finding.related.isEmpty {
            members.append(
                JSONMember(
                    "related",
                    .array(
                        finding.related.map { related in
                            var r: [JSONMember] = []
                            if let uri = related.uri { r.append(JSONMember("uri", .string(uri))) }
                            r.append(JSONMember("pointer", .string(related.pointer.description)))
                            r.append(JSONMember("message", .string(related.message)))
                            return .object(r)
                        })))
        }
        return .object(members)
    }

    private static func summary(_ report: SimulationReport) -> JSONValue {
        let counts = summaryCounts(report)
        return .object([
            JSONMember("prompts", .integer(Int64(report.results.count))),
            JSONMember("wrongToolWins", .integer(Int64(counts.wrong))),
            JSONMember("nearTie", .integer(Int64(counts.tie))),
            JSONMember("noSignal", .integer(Int64(counts.noSignal))),
            JSONMember("noToolFits", .integer(Int64(counts.noFit))),
        ])
    }

    private static func summaryCounts(_ report: SimulationReport) -> (wrong: Int, tie: Int, noSignal: Int, noFit: Int) {
        func count(_ flag: SelectionFlag) -> Int { report.results.filter { $0.flags.contains(flag) }.count }
        return (count(.wrongToolWins), count(.nearTie), count(.noSignal), count(.noToolFits))
    }

    /// Rounded to 4 decimals so JSON output is stable across platforms.
    static func number(_ value: Double) -> JSONValue {
        .double((value * 10_000).rounded() / 10_000)
    }

    static func format(_ value: Double, digits: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        }
        return text
    }

    static func quoted(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return "\"" + (flat.count > 100 ? String(flat.prefix(97)) + "..." : flat) + "\""
    }
}
