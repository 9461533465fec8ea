import Foundation
import JSON
import ToolModel

/// Two tools whose text is so alike that a model may take one for the other.
public struct ConfusablePair: Sendable {
    public var first: ToolReference
    public var second: ToolReference
    /// Cosine of the two tools' term vectors (weights (1 + ln tf) × (IDF + 1)): 0 for nothing
    /// shared, 1 for identical text.
    /// Names made of the same words (`checkSpelling` / `spellCheck`) count as 1.
    public var similarity: Double
    public var sameNameWords: Bool
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
        // TF-IDF cosine with IDF + 1: the candidate set's IDF alone would make any two-tool
        // workspace look unrelated, since every shared word is then "common".
        var postings: [[(tool: Int, weight: Double)]] = Array(repeating: [], count: index.idf.count)
        var norms = [Double](repeating: 0, count: count)
        for tool in 0..<count {
            for (id, frequency) in index.toolTerms[tool] {
                let weight = (1 + log(frequency)) * (index.idf[id] + 1)
                postings[id].append((tool, weight))
                norms[tool] += weight * weight
            }
        }
        var dots: [[Int: Double]] = Array(repeating: [:], count: count)
        for list in postings where list.count > 1 {
            for i in 0..<list.count {
                for j in (i + 1)..<list.count {
                    dots[list[i].tool][list[j].tool, default: 0] += list[i].weight * list[j].weight
                }
            }
        }
        let sortedNames = index.nameTerms.map { $0.sorted() }
        var out: [ConfusablePair] = []
        for a in 0..<count {
            for (b, dot) in dots[a] {
                let sameName = !sortedNames[a].isEmpty && sortedNames[a] == sortedNames[b]
                let similarity = sameName ? 1 : dot / (norms[a] * norms[b]).squareRoot()
                guard similarity >= threshold, simulator.tools[a].name != simulator.tools[b].name else { continue }
                out.append(describe(a, b, similarity: similarity, sameName: sameName, simulator: simulator))
            }
        }
        out.sort {
            $0.similarity != $1.similarity
                ? $0.similarity > $1.similarity
                : ($0.first.name, $0.second.name) < ($1.first.name, $1.second.name)
        }
        return out
    }

    private static func describe(
        _ a: Int, _ b: Int, similarity: Double, sameName: Bool, simulator: SelectionSimulator
    )
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
            first: simulator.tools[a], second: simulator.tools[b], similarity: similarity, sameNameWords: sameName,
            sharedWords: shared,
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
            let onlyHere =
                pair.first.uri == here.uri && pair.first.pointer == here.pointer
                ? pair.onlyFirst : pair.onlySecond
            let onlyThere =
                pair.first.uri == here.uri && pair.first.pointer == here.pointer
                ? pair.onlySecond : pair.onlyFirst
            let shared = pair.sharedWords.map { "`\($0)`" }.joined(separator: ", ")
            var message = "`\(here.name)` and `\(there.name)` are easy to confuse "
            message +=
                pair.sameNameWords
                ? "(their names use the same words)."
                : "(similarity \(SelectionFindings.format(pair.similarity))); both say \(shared)."
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
