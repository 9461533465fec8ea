import Foundation
import Selection
import Testing

/// The development-set floors from issue 7, on the real data in `shared/datasets` (set
/// TOOLWRIGHT_SHARED to point elsewhere). Prints the figures docs/SELECTION.md reports.
@Suite struct DevSetEvaluationTests {
    @Test func bfclMultipleTop1AtLeast098() throws {
        let items = try loadOrFail(SharedData.bfclItems)
        #expect(items.count == 200)
        let report = Evaluator.evaluate(items)
        Self.printSummary("BFCL multiple dev", report)
        var agreements: [String] = []
        for system in SharedData.modelSystems {
            let (agree, total) = report.agreement(with: try SharedData.modelPicks(system))
            agreements.append("\(system) \(agree)/\(total)")
            #expect(total > 190, "model picks for \(system) should cover the set")
        }
        print("[selection-eval] BFCL agreement with model picks: \(agreements.joined(separator: ", "))")
        #expect(report.scoredCount == 200)
        #expect(report.top1 >= 0.98, "BFCL multiple top-1 \(report.top1) fell below 0.98")
    }

    @Test func sealToolsSingleTop1AtLeast095() throws {
        let items = try loadOrFail(SharedData.sealItems)
        #expect(items.count == 700)
        let report = Evaluator.evaluate(items.filter { $0.gold.count == 1 })
        Self.printSummary("Seal-Tools dev single-tool", report)
        #expect(report.scoredCount == 200)
        #expect(report.top1 >= 0.95, "Seal-Tools single-tool top-1 \(report.top1) fell below 0.95")
    }

    private func loadOrFail<T>(_ load: () throws -> T) throws -> T {
        do {
            return try load()
        } catch {
            Issue.record("Development data not found under \(SharedData.root) (set TOOLWRIGHT_SHARED): \(error)")
            throw error
        }
    }

    static func printSummary(_ name: String, _ report: EvaluationReport) {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        print(
            "[selection-eval] \(name): n=\(report.scoredCount) top-1=\(f(report.top1)) MRR=\(f(report.mrr)) "
                + "near-tie share=\(f(report.nearTieShare)) no-fit share=\(f(report.noFitShare))")
        let flagged = report.outcomes.filter { $0.flags.contains(.nearTie) }
        let flaggedMisses = report.misses.filter { $0.flags.contains(.nearTie) }.count
        print(
            "[selection-eval] \(name): near-tie flags \(flagged.count), holding \(flaggedMisses) of "
                + "\(report.misses.count) misses")
        print(
            "[selection-eval] \(name) misses: "
                + report.misses.map { "\($0.id) \($0.gold.first ?? "") -> \($0.predicted ?? "-")" }.joined(
                    separator: "; "))
        guard let probe = report.probe else { return }
        print(
            "[selection-eval] \(name) gold-removed probe: precision=\(f(probe.precision)) "
                + "recall=\(f(probe.recall)) AUC=\(f(probe.auc)) (n=\(probe.removedCount) removed, "
                + "\(probe.intactCount) intact)")
        var sweep: [String] = []
        for threshold in stride(from: 0.1, through: 0.6, by: 0.05) {
            let tp = probe.removedCoverages.filter { $0 < threshold }.count
            let fp = probe.intactCoverages.filter { $0 < threshold }.count
            let precision = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
            sweep.append("\(f(threshold)): P=\(f(precision)) R=\(f(Double(tp) / Double(probe.removedCount)))")
        }
        print("[selection-eval] \(name) coverage threshold sweep: \(sweep.joined(separator: " | "))")
        var ties: [String] = []
        for threshold in [0.02, 0.05, 0.1, 0.2, 0.3] {
            let flaggedCount = report.outcomes.filter { $0.gold.count == 1 && $0.relativeMargin < threshold }.count
            let caught = report.misses.filter { $0.relativeMargin < threshold }.count
            ties.append("\(threshold): flags \(flaggedCount), misses caught \(caught)/\(report.misses.count)")
        }
        print("[selection-eval] \(name) near-tie sweep: \(ties.joined(separator: " | "))")
    }
}

@Suite struct ConfusablePairCalibration {
    /// Prints the distribution of pair similarity over the dev candidate lists; Seal-Tools
    /// lists hold the gold tool plus deliberately similar distractors.
    @Test func pairSimilarityDistribution() throws {
        for (name, items) in [("BFCL", try SharedData.bfclItems()), ("Seal", try SharedData.sealItems())] {
            var values: [Double] = []
            var flaggedSets = 0
            var threshold = SelectionThresholds()
            threshold.confusablePair = 0
            for item in items {
                let pairs = ConfusablePairAnalyzer.pairs(in: [item.toolSet], thresholds: threshold)
                values += pairs.map(\.similarity)
                if pairs.contains(where: { $0.similarity >= SelectionThresholds.default.confusablePair }) {
                    flaggedSets += 1
                }
                if item.id == "dev-easy-163" {
                    // Names made of the same words: the Seal-Tools near-duplicate a model cannot split.
                    #expect(
                        pairs.contains {
                            Set([$0.first.name, $0.second.name]) == ["checkSpelling", "spellCheck"] && $0.sameNameWords
                        })
                }
            }
            values.sort()
            let quantiles = [0.5, 0.9, 0.95, 0.99].map { q in
                values[min(values.count - 1, Int(q * Double(values.count)))]
            }
            let share =
                Double(values.filter { $0 >= SelectionThresholds.default.confusablePair }.count) / Double(values.count)
            print(
                "[selection-eval] \(name) pair similarity: n=\(values.count) quantiles 50/90/95/99 = \(quantiles), share >= threshold \(share), lists with a flagged pair \(flaggedSets)/\(items.count)"
            )
            // Look-alike distractor lists, yet only a small share of pairs should be flagged.
            #expect(!values.isEmpty)
            #expect(share < 0.15, "\(name): \(share) of candidate pairs flagged as confusable")
        }
    }
}
