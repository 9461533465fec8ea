import JSON
import ToolModel

/// Two tools whose text is so alike that a model may take one for the other.
public struct ConfusablePair: Sendable {
    public var first: ToolReference
    public var second: ToolReference
    /// Mean of the two directed similarities (each tool's text scored against the other,
    /// divided by its score against itself): 0 for nothing shared, 1 for identical text.
    public var similarity: Double
    /// Specific words both use, most distinctive first.
    public var sharedWords: [String]
    /// Words only one of them uses (candidates for a disambiguating description).
    public var onlyFirst: [String]
    public var onlySecond: [String]
}

/// Scores every pair of tools with the selection scorer and reports the pairs a model is
/// likely to confuse (`set-confusable-pair`). IDF comes from all tools of the workspace.
public enum ConfusablePairAnalyzer {
    public static let ruleId = "set-confusable-pair"

    /// All pairs at or above the threshold, most similar first.
    public static func pairs(
        in toolSets: [ToolSet], options: ScorerOptions = .default, thresholds: SelectionThresholds = .default
    ) -> [ConfusablePair] {
        let simulator = SelectionSimulator(toolSets: toolSets, options: options, thresholds: thresholds)
        return pairs(simulator: simulator, threshold: thresholds.confusablePair)
    }

    static func pairs(simulator: SelectionSimulator, threshold: Double) -> [ConfusablePair] {
        let index = simulator.index
        let count = index.toolCount
        var selfScores = [Double](repeating: 0, count: count)
        var directed: [[Int: Double]] = Array(repeating: [:], count: count)
        for tool in 0..<count {
            let query = WeightedQuery(
                terms: index.toolTerms[tool].map { ($0.id, 1) }, unknownWeight: 0, idfMass: 0)
            let scores = index.scores(query, nameCoverage: false)
            selfScores[tool] = scores[tool]
            for (other, score) in scores.enumerated() where other != tool && score > 0 {
                directed[tool][other] = score
            }
        }
        var out: [ConfusablePair] = []
        for a in 0..<count {
            for (b, ab) in directed[a] where b > a {
                guard selfScores[a] > 0, selfScores[b] > 0, let ba = directed[b][a] else { continue }
                let similarity = (ab / selfScores[a] + ba / selfScores[b]) / 2
                guard similarity >= threshold, simulator.tools[a].name != simulator.tools[b].name else { continue }
                out.append(describe(a, b, similarity: similarity, simulator: simulator))
            }
        }
        out.sort {
            $0.similarity != $1.similarity
                ? $0.similarity > $1.similarity
                : ($0.first.name, $0.second.name) < ($1.first.name, $1.second.name)
        }
        return out
    }

    private static func describe(_ a: Int, _ b: Int, similarity: Double, simulator: SelectionSimulator)
        -> ConfusablePair
    {
        let index = simulator.index
        let termsA = index.toolTerms[a]
        let termsB = index.toolTerms[b]
        let setA = Set(termsA.map(\.id))
        let setB = Set(termsB.map(\.id))
        func words(_ terms: [(id: Int, frequency: Double)], where keep: (Int) -> Bool) -> [String] {
            terms.filter { keep($0.id) }
                .sorted { ($0.frequency * index.idf[$0.id], $1.id) > ($1.frequency * index.idf[$1.id], $0.id) }
                .prefix(5).map { index.surface[$0.id] }
        }
        let shared = termsA.filter { setB.contains($0.id) }
            .sorted { (index.idf[$0.id], $1.id) > (index.idf[$1.id], $0.id) }
            .prefix(6).map { index.surface[$0.id] }
        return ConfusablePair(
            first: simulator.tools[a], second: simulator.tools[b], similarity: similarity, sharedWords: shared,
            onlyFirst: words(termsA) { !setB.contains($0) }, onlySecond: words(termsB) { !setA.contains($0) })
    }

    /// Findings for the tools of `set`, compared with each other and with the other tool sets
    /// of the workspace. Each pair is reported once, at the tool of `set` that comes first.
    public static func findings(
        for set: ToolSet, workspace: [ToolSet], options: ScorerOptions = .default,
        thresholds: SelectionThresholds = .default
    ) -> [Finding] {
        let all = [set] + workspace.filter { $0.uri != set.uri }
        let simulator = SelectionSimulator(toolSets: all, options: options, thresholds: thresholds)
        var findings: [Finding] = []
        for pair in pairs(simulator: simulator, threshold: thresholds.confusablePair) {
            let (here, there): (ToolReference, ToolReference)
            if pair.first.uri == set.uri {
                (here, there) = (pair.first, pair.second)
            } else if pair.second.uri == set.uri {
                (here, there) = (pair.second, pair.first)
            } else {
                continue
            }
            let onlyHere = pair.first.uri == here.uri && pair.first.pointer == here.pointer
                ? pair.onlyFirst : pair.onlySecond
            let onlyThere = pair.first.uri == here.uri && pair.first.pointer == here.pointer
                ? pair.onlySecond : pair.onlyFirst
            let shared = pair.sharedWords.map { "`\($0)`" }.joined(separator: ", ")
            var message =
                "`\(here.name)` and `\(there.name)` are easy to confuse "
                + "(similarity \(SelectionFindings.format(pair.similarity))); both say \(shared)."
            message +=
                " Say in each description when to use it instead of the other"
                + disambiguation(here.name, onlyHere, there.name, onlyThere) + "."
            findings.append(
                Finding(
                    ruleId: ruleId, severity: .warning, message: message, pointer: here.namePointer,
                    related: [
                        RelatedLocation(
                            uri: there.uri == set.uri ? nil : there.uri, pointer: there.namePointer,
                            message: "confusable with `\(here.name)`")
                    ]))
        }
        return findings
    }

    private static func disambiguation(_ a: String, _ onlyA: [String], _ b: String, _ onlyB: [String]) -> String {
        guard !onlyA.isEmpty || !onlyB.isEmpty else {
            return "; they have no distinguishing words at all (merge them, or give each a distinct purpose)"
        }
        func list(_ words: [String]) -> String {
            words.isEmpty ? "nothing of its own" : words.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
        }
        return " (only `\(a)` mentions \(list(onlyA)); only `\(b)` mentions \(list(onlyB)))"
    }
}
