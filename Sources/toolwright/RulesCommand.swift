import Analysis
import ArgumentParser
import Foundation
import JSON
import Rules

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules: id, category, default severity, targets and summary."
    )

    @Option(help: "Output format.")
    var format: ListFormat = .text

    @Flag(help: "Print the rule index as Markdown (docs/rules/README.md), severities taken from the rule pages.")
    var markdown = false

    @Option(help: "The rule pages that --markdown reads.")
    var pages: String = "docs/rules"

    func run() throws {
        let rules = RuleEngine().allMetadata
        if markdown {
            Terminal.write(RulesIndex.markdown(rules, pages: URL(fileURLWithPath: pages)))
            return
        }
        switch format {
        case .json: Terminal.write(JSONValue.array(rules.map(Self.json)).serialized(.pretty) + "\n")
        case .text: Terminal.write(Self.table(rules))
        }
    }

    static func targets(_ meta: RuleMetadata) -> String {
        meta.targets.isEmpty ? "all" : meta.targets.map(\.rawValue).sorted().joined(separator: ",")
    }

    static func json(_ meta: RuleMetadata) -> JSONValue {
        [
            "id": .string(meta.id),
            "category": .string(meta.category.rawValue),
            "severity": .string(meta.defaultSeverity.rawValue),
            "targets": .array(meta.targets.map(\.rawValue).sorted().map { .string($0) }),
            "fixable": .bool(meta.fixable),
            "summary": .string(meta.summary),
            "docs": .string(meta.docsURL),
        ]
    }

    static func table(_ rules: [RuleMetadata]) -> String {
        let header = ["RULE", "CATEGORY", "SEVERITY", "TARGETS", "SUMMARY"]
        let rows = rules.map { [$0.id, $0.category.rawValue, $0.defaultSeverity.rawValue, targets($0), $0.summary] }
        var widths = header.map(\.count)
        for row in rows {
            for i in 0..<4 { widths[i] = max(widths[i], row[i].count) }
        }
        func line(_ row: [String]) -> String {
            (0..<4).map { row[$0].padding(to: widths[$0]) }.joined(separator: "  ") + "  " + row[4] + "\n"
        }
        return line(header) + rows.map(line).joined() + "\(rules.count) rules\n"
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
