import Foundation
import Selection
import Testing

/// The semantic layer on the development sets: a small grid of weights against lexical only
/// (printed as `[selection-eval]` lines for docs/SELECTION.md), and the shipped default must
/// not lose to lexical only on either set.
@Suite struct SemanticLayerEvaluationTests {
    struct Row {
        var weight: Double
        var bfcl: EvaluationReport
        var seal: EvaluationReport
    }

    static func run(weight: Double) throws -> Row {
        var options = ScorerOptions.default
        options.semanticWeight = weight
        let bfcl = Evaluator.evaluate(try SharedData.bfclItems(), options: options)
        let seal = Evaluator.evaluate(try SharedData.sealItems().filter { $0.gold.count == 1 }, options: options)
        return Row(weight: weight, bfcl: bfcl, seal: seal)
    }

    @Test func weightGridAgainstLexicalOnly() throws {
        try #require(WordVectors.bundled != nil, "the bundled word-vector table should load")
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        var rows: [Row] = []
        for weight in [0, 0.25, 0.5, 1, 2] {
            let row = try Self.run(weight: weight)
            rows.append(row)
            var line = "[selection-eval] semantic weight \(weight):"
            for (name, report) in [("BFCL", row.bfcl), ("Seal", row.seal)] {
                let probe = report.probe
                line +=
                    " \(name) top-1 \(f(report.top1)) MRR \(f(report.mrr)) near-tie \(f(report.nearTieShare))"
                    + " probe P/R \(f(probe?.precision ?? 0))/\(f(probe?.recall ?? 0)) misses "
                    + report.misses.map(\.id).joined(separator: ",") + ";"
            }
            if weight > 0 {
                var agreements: [String] = []
                for system in SharedData.modelSystems {
                    let (agree, total) = row.bfcl.agreement(with: try SharedData.modelPicks(system))
                    agreements.append("\(system) \(agree)/\(total)")
                }
                line += " agreement " + agreements.joined(separator: ", ")
            }
            print(line)
        }
        let lexical = rows[0]
        let shipped = try #require(rows.first { $0.weight == ScorerOptions.default.semanticWeight })
        #expect(shipped.bfcl.top1 >= lexical.bfcl.top1)
        #expect(shipped.seal.top1 >= lexical.seal.top1)
    }
}
