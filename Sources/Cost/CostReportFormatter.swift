import Foundation
import JSON

/// Number formatting shared by the reports.
public enum CostFormat {
    /// 43588 → "43.6k", 250000 → "250k", 1170000 → "1.17M", 812 → "812".
    public static func short(_ tokens: Int) -> String {
        let value = Double(tokens)
        if abs(value) >= 1_000_000 { return String(format: "%.3gM", value / 1_000_000) }
        if abs(value) >= 1_000 {
            let text = String(format: "%.1f", value / 1_000)
            return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "k"
        }
        return String(tokens)
    }

    /// 43588 → "43,588".
    public static func grouped(_ tokens: Int) -> String {
        let digits = String(abs(tokens))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (tokens < 0 ? "-" : "") + out
    }

    public static func dollars(_ amount: Double) -> String {
        amount >= 0.01 || amount == 0 ? String(format: "$%.4f", amount) : String(format: "$%.6f", amount)
    }

    public static func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }
}

/// The plain-text report: per-turn table for each mode, totals, the saving and the assumptions.
public enum CostReportText {
    public static func render(_ report: CostReport, includeCode: Bool = false) -> String {
        var out = "\(report.title): \(report.model) (\(report.provider.rawValue))\n\n"
        let money = report.price != nil
        for mode in report.modes {
            out += "\(mode.kind.title)\n"
            var rows = [
                ["turn", "request", "system", "definitions", "history", "results", "cached", "output", "cumulative"]
                    + (money ? ["cost"] : [])
            ]
            for (index, (turn, cumulative)) in zip(mode.turns, mode.cumulative).enumerated() {
                rows.append(
                    [
                        String(index + 1), turn.label, CostFormat.grouped(turn.system),
                        CostFormat.grouped(turn.definitions),
                        CostFormat.grouped(turn.historyCalls), CostFormat.grouped(turn.historyResults),
                        CostFormat.grouped(turn.cachedInput), CostFormat.grouped(turn.output),
                        CostFormat.grouped(cumulative),
                    ] + (money ? [CostFormat.dollars(turn.dollars)] : []))
            }
            out += table(rows)
            out +=
                "  total: \(CostFormat.grouped(mode.total)) tokens (input \(CostFormat.grouped(mode.input)), "
                + "of it cached \(CostFormat.grouped(mode.cachedInput)); output \(CostFormat.grouped(mode.output)))"
                + (money ? ", \(CostFormat.dollars(mode.dollars))" : "") + "\n\n"
        }
        let best = report.bestCodeMode
        out +=
            "Saving with \(best.kind.title.lowercased()): \(CostFormat.grouped(report.savedTokens)) tokens "
            + "(\(CostFormat.percent(report.savedFraction)))"
        if money { out += ", \(CostFormat.dollars(report.toolCalls.dollars - best.dollars))" }
        out += "\n\nAssumptions\n" + report.assumptions.map { "  - \($0)\n" }.joined()
        if !report.findings.isEmpty {
            out += "\nProblems in the workflow\n"
            out += report.findings.map { "  - \($0.ruleId) at \($0.pointer): \($0.message)\n" }.joined()
        }
        if includeCode {
            out += "\nTypeScript API\n\n" + report.declarations + "\nProgram\n\n" + report.program
        }
        return out
    }

    private static func table(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            "  "
                + row.enumerated().map { column, cell in
                    let pad = String(repeating: " ", count: widths[column] - cell.count)
                    return column == 1 ? cell + pad : pad + cell
                }.joined(separator: "  ") + "\n"
        }.joined()
    }
}

/// The report as JSON (for `--json` and the language server's `toolwright/costPreview`).
public enum CostReportJSON {
    public static func value(_ report: CostReport) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("title", .string(report.title)),
            JSONMember("model", .string(report.model)),
            JSONMember("provider", .string(report.provider.rawValue)),
            JSONMember("summary", .string(report.summaryLine)),
            JSONMember("modes", .array(report.modes.map(mode))),
            JSONMember(
                "saving",
                .object([
                    JSONMember("mode", .string(report.bestCodeMode.kind.rawValue)),
                    JSONMember("tokens", .integer(Int64(report.savedTokens))),
                    JSONMember("fraction", .double(report.savedFraction)),
                    JSONMember("dollars", .double(report.toolCalls.dollars - report.bestCodeMode.dollars)),
                ])),
            JSONMember("definitionsBasis", .string(report.definitionsBasis)),
            JSONMember("assumptions", .array(report.assumptions.map { .string($0) })),
            JSONMember("declarations", .string(report.declarations)),
            JSONMember("program", .string(report.program)),
        ]
        if let price = report.price {
            members.append(
                JSONMember(
                    "price",
                    .object([
                        JSONMember("input", .double(price.input)),
                        JSONMember("cachedInput", .double(price.cachedInput)),
                        JSONMember("cacheWrite", .double(price.cacheWrite)),
                        JSONMember("output", .double(price.output)),
                        JSONMember("asOf", .string(price.asOf)), JSONMember("status", .string(price.status)),
                        JSONMember("source", .string(price.source)),
                    ])))
        }
        members.append(
            JSONMember(
                "findings",
                .array(
                    report.findings.map { finding in
                        .object([
                            JSONMember("ruleId", .string(finding.ruleId)),
                            JSONMember("severity", .string(finding.severity.rawValue)),
                            JSONMember("message", .string(finding.message)),
                            JSONMember("pointer", .string(finding.pointer.description)),
                        ])
                    })))
        return .object(members)
    }

    private static func mode(_ mode: ModeCost) -> JSONValue {
        .object([
            JSONMember("kind", .string(mode.kind.rawValue)),
            JSONMember("turns", .array(zip(mode.turns, mode.cumulative).map { turn($0.0, cumulative: $0.1) })),
            JSONMember("input", .integer(Int64(mode.input))),
            JSONMember("cachedInput", .integer(Int64(mode.cachedInput))),
            JSONMember("cacheWrite", .integer(Int64(mode.cacheWrite))),
            JSONMember("output", .integer(Int64(mode.output))),
            JSONMember("total", .integer(Int64(mode.total))),
            JSONMember("dollars", .double(mode.dollars)),
        ])
    }

    private static func turn(_ turn: TurnCost, cumulative: Int) -> JSONValue {
        .object([
            JSONMember("label", .string(turn.label)),
            JSONMember("system", .integer(Int64(turn.system))),
            JSONMember("definitions", .integer(Int64(turn.definitions))),
            JSONMember("historyCalls", .integer(Int64(turn.historyCalls))),
            JSONMember("historyResults", .integer(Int64(turn.historyResults))),
            JSONMember("input", .integer(Int64(turn.input))),
            JSONMember("cachedInput", .integer(Int64(turn.cachedInput))),
            JSONMember("cacheWrite", .integer(Int64(turn.cacheWrite))),
            JSONMember("output", .integer(Int64(turn.output))),
            JSONMember("cumulative", .integer(Int64(cumulative))),
            JSONMember("dollars", .double(turn.dollars)),
        ])
    }
}
