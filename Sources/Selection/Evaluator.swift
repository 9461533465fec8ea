import JSON
import ToolModel

/// "Delete the expected tool; does the simulator say no tool fits?"
public struct NoFitProbe: Sendable {
    /// Items with the expected tool removed (should be flagged) and intact (should not).
    public var removedCount: Int
    public var intactCount: Int
    public var flaggedRemoved: Int
    public var flaggedIntact: Int
    /// Winner coverage with the expected tool present / removed (for threshold sweeps).
    public var intactCoverages: [Double]
    public var removedCoverages: [Double]

    public var recall: Double { removedCount == 0 ? 0 : Double(flaggedRemoved) / Double(removedCount) }
    public var precision: Double {
        let flagged = flaggedRemoved + flaggedIntact
        return flagged == 0 ? 0 : Double(flaggedRemoved) / Double(flagged)
    }
    /// Probability that a removed item's winner covers less than an intact item's winner.
    public var auc: Double {
        guard !intactCoverages.isEmpty, !removedCoverages.isEmpty else { return 0 }
        var wins = 0.0
        for p in intactCoverages {
            for n in removedCoverages { wins += p > n ? 1 : (p == n ? 0.5 : 0) }
        }
        return wins / Double(intactCoverages.count * removedCoverages.count)
    }
}

/// One evaluated item.
public struct EvaluationOutcome: Sendable {
    public var id: String
    public var predicted: String?
    public var gold: Set<String>
    /// 0-based rank of the best-ranked expected tool (nil when none is a candidate).
    public var goldRank: Int?
    public var flags: [SelectionFlag]
    public var relativeMargin: Double
}

public struct EvaluationReport: Sendable {
    public var outcomes: [EvaluationOutcome]
    /// Over items with exactly one expected tool that is among the candidates.
    public var scoredCount: Int
    public var top1: Double
    public var mrr: Double
    /// Share of all items for which the simulator says no tool fits (or no tool scores).
    public var noFitShare: Double
    public var nearTieShare: Double
    public var probe: NoFitProbe?

    public var misses: [EvaluationOutcome] {
        outcomes.filter { $0.gold.count == 1 && $0.goldRank.map { $0 > 0 } == true }
    }

    /// Share of items whose prediction equals a model's pick, over items where it picked.
    public func agreement(with picks: [String: String?]) -> (agree: Int, total: Int) {
        var agree = 0
        var total = 0
        for outcome in outcomes {
            guard let entry = picks[outcome.id], let pick = entry else { continue }
            total += 1
            if outcome.predicted == pick { agree += 1 }
        }
        return (agree, total)
    }
}

/// Runs the simulator over labelled benchmark items.
public enum Evaluator {
    public static func evaluate(
        _ items: [EvaluationItem], options: ScorerOptions = .default, thresholds: SelectionThresholds = .default,
        probe: Bool = true
    ) -> EvaluationReport {
        var outcomes: [EvaluationOutcome] = []
        var scored = 0
        var hits = 0
        var reciprocal = 0.0
        var noFit = 0
        var nearTie = 0
        var probeResult = NoFitProbe(
            removedCount: 0, intactCount: 0, flaggedRemoved: 0, flaggedIntact: 0, intactCoverages: [],
            removedCoverages: [])
        for item in items {
            let simulator = SelectionSimulator(toolSets: [item.toolSet], options: options, thresholds: thresholds)
            let expect = item.gold.count == 1 ? item.gold.first : nil
            let known = expect.flatMap { simulator.toolIndex(named: $0) } != nil
            let prompt = PromptCase(item.prompt, expect: known ? expect : nil, context: item.context)
            let result = simulator.evaluate(prompt)
            let saysNoFit = result.flags.contains(.noToolFits) || result.flags.contains(.noSignal)
            if saysNoFit { noFit += 1 }
            if result.flags.contains(.nearTie) { nearTie += 1 }
            if known, let rank = result.expectedRank {
                scored += 1
                if rank == 0 { hits += 1 }
                reciprocal += 1 / Double(rank + 1)
                if probe, simulator.tools.count > 1, let gold = expect {
                    probeResult.intactCount += 1
                    probeResult.intactCoverages.append(result.ranking.coverage)
                    if saysNoFit { probeResult.flaggedIntact += 1 }
                    var reduced = item.toolSet
                    reduced.tools.removeAll { $0.name?.value == gold }
                    let rest = SelectionSimulator(toolSets: [reduced], options: options, thresholds: thresholds)
                    let removed = rest.evaluate(PromptCase(item.prompt, context: item.context))
                    probeResult.removedCount += 1
                    probeResult.removedCoverages.append(removed.ranking.coverage)
                    if removed.flags.contains(.noToolFits) || removed.flags.contains(.noSignal) {
                        probeResult.flaggedRemoved += 1
                    }
                }
            }
            outcomes.append(
                EvaluationOutcome(
                    id: item.id, predicted: result.ranking.top?.name, gold: item.gold,
                    goldRank: known ? result.expectedRank : nil, flags: result.flags,
                    relativeMargin: result.ranking.relativeMargin))
        }
        let n = Double(max(1, items.count))
        return EvaluationReport(
            outcomes: outcomes, scoredCount: scored, top1: scored == 0 ? 0 : Double(hits) / Double(scored),
            mrr: scored == 0 ? 0 : reciprocal / Double(scored), noFitShare: Double(noFit) / n,
            nearTieShare: Double(nearTie) / n, probe: probe && probeResult.intactCount > 0 ? probeResult : nil)
    }

    /// BFCL JSON Lines questions (and answers, when given).
    public static func evaluateBFCL(
        questions: [JSONValue], answers: [JSONValue]?, options: ScorerOptions = .default,
        thresholds: SelectionThresholds = .default
    ) -> EvaluationReport {
        evaluate(
            EvaluationData.bfclItems(questions: questions, answers: answers), options: options, thresholds: thresholds)
    }

    /// Seal-Tools fine-tuning JSON (`dev.json`); top-1 and MRR over the single-tool items.
    public static func evaluateSeal(
        records: JSONValue, options: ScorerOptions = .default, thresholds: SelectionThresholds = .default
    ) throws -> EvaluationReport {
        evaluate(try EvaluationData.sealItems(records: records), options: options, thresholds: thresholds)
    }
}
