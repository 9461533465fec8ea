import JSON
import ToolModel

/// A tool of the workspace, with the document it comes from.
struct WorkspaceTool {
    var tool: ToolDefinition
    var uri: String
    /// True for the tools of the document being checked.
    var isLocal: Bool

    static func all(_ set: ToolSet, _ workspace: [ToolSet]) -> [WorkspaceTool] {
        set.tools.map { WorkspaceTool(tool: $0, uri: set.uri, isLocal: true) }
            + workspace.flatMap { other in other.tools.map { WorkspaceTool(tool: $0, uri: other.uri, isLocal: false) } }
    }

    /// A related location for this tool, with its URI when it is in another document.
    func related(_ message: String, pointer: JSONPointer? = nil) -> RelatedLocation {
        RelatedLocation(uri: isLocal ? nil : uri, pointer: pointer ?? tool.anchorPointer, message: message)
    }
}

/// TF-IDF vectors over each tool's name tokens and description words, with an inverted index
/// so that candidate pairs come from shared rare terms instead of comparing every pair.
struct SimilarityIndex {
    struct Pair {
        /// Index of the local tool.
        var local: Int
        var other: Int
        var cosine: Double
    }

    let tools: [WorkspaceTool]
    /// Unit vectors as (term, weight) sorted by term, so a dot product is a merge.
    private var vectors: [[(term: Int, weight: Double)]] = []

    /// The weighted terms of one tool, in order: name tokens (weight 2: the name is what the
    /// model sees first), then description words, without stopwords, singular.
    static func terms(of tool: ToolDefinition) -> [Term] {
        let name = tool.nameTokens.filter { !Words.stopwords.contains($0) }.map(Words.singular)
        let words = Words.of(tool.description?.value ?? "").filter { !Words.stopwords.contains($0) }
            .map(Words.singular)
        return name.map { Term(text: $0, weight: 2) } + words.map { Term(text: $0, weight: 1) }
    }

    struct Term: Sendable {
        var text: String
        var weight: Double
    }

    /// `terms(position)` gives each tool's terms (the set rules keep the local tools' ones
    /// between analyses).
    init(_ tools: [WorkspaceTool], terms: (Int) -> [Term] = { _ in [] }) {
        self.tools = tools
        var vocabulary: [String: Int] = [:]
        var counts: [[Int: Double]] = []
        var documentFrequency: [Int] = []
        for (position, entry) in tools.enumerated() {
            var termCounts: [Int: Double] = [:]
            let known = terms(position)
            for term in known.isEmpty ? Self.terms(of: entry.tool) : known {
                let weight = term.weight
                let term = term.text
                let id: Int
                if let known = vocabulary[term] {
                    id = known
                } else {
                    id = vocabulary.count
                    vocabulary[term] = id
                    documentFrequency.append(0)
                }
                if termCounts[id] == nil { documentFrequency[id] += 1 }
                termCounts[id, default: 0] += weight
            }
            counts.append(termCounts)
        }
        let total = Double(max(tools.count, 1))
        // `log` is a series; each term's IDF and each small count's log are worked out once
        // (the same calls with the same arguments, so the same values).
        var idfs = [Double?](repeating: nil, count: documentFrequency.count)
        var countLogs: [Double: Double] = [:]
        vectors = counts.map { termCounts in
            var vector: [(term: Int, weight: Double)] = []
            vector.reserveCapacity(termCounts.count)
            for (term, count) in termCounts {
                let idf: Double
                if let known = idfs[term] {
                    idf = known
                } else {
                    idf = log(1 + total / Double(documentFrequency[term]))
                    idfs[term] = idf
                }
                let countLog: Double
                if let known = countLogs[count] {
                    countLog = known
                } else {
                    countLog = log(count)
                    countLogs[count] = countLog
                }
                vector.append((term, (1 + countLog) * idf))
            }
            // Summed in term order: the order no longer depends on the dictionary's hash seed.
            vector.sort { $0.term < $1.term }
            var norm = 0.0
            for entry in vector { norm += entry.weight * entry.weight }
            let length = norm.squareRoot()
            if length > 0 { for index in vector.indices { vector[index].weight /= length } }
            return vector
        }
        var postings = Array(repeating: [Int](), count: vocabulary.count)
        for (index, vector) in vectors.enumerated() {
            for entry in vector { postings[entry.term].append(index) }
        }
        self.postings = postings
    }

    private var postings: [[Int]] = []

    /// Pairs of a local tool with any other tool of the same tool list (same document) or of
    /// another document, at or above `threshold`. Candidates come from terms held by at most
    /// `maxPosting` tools: a pair that similar shares rarer words too, and skipping the common
    /// ones keeps the work near-linear.
    func pairs(threshold: Double) -> [Pair] {
        let maxPosting = max(64, Int(Double(tools.count).squareRoot() * 4))
        var result: [Pair] = []
        // Which local tool last listed each tool as a candidate: no set to hash into.
        var listedFor = [Int](repeating: -1, count: tools.count)
        var candidates: [Int] = []
        // Read once: binding `tools[other]` copied a whole `ToolDefinition` per candidate.
        let isLocal = tools.map(\.isLocal)
        let groups = tools.map(\.tool.group)
        for local in tools.indices where isLocal[local] {
            candidates.removeAll(keepingCapacity: true)
            for term in vectors[local] where postings[term.term].count <= maxPosting {
                for other in postings[term.term] where other != local && listedFor[other] != local {
                    listedFor[other] = local
                    candidates.append(other)
                }
            }
            candidates.sort()
            for other in candidates {
                if isLocal[other], groups[other] != groups[local] { continue }
                let cosine = dot(vectors[local], vectors[other])
                if cosine >= threshold { result.append(Pair(local: local, other: other, cosine: cosine)) }
            }
        }
        return result
    }

    func cosine(_ a: Int, _ b: Int) -> Double { dot(vectors[a], vectors[b]) }

    private func dot(_ a: [(term: Int, weight: Double)], _ b: [(term: Int, weight: Double)]) -> Double {
        var sum = 0.0
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i].term == b[j].term {
                sum += a[i].weight * b[j].weight
                i += 1
                j += 1
            } else if a[i].term < b[j].term {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }
}

/// Natural logarithm without Foundation (the Rules module stays Foundation-free).
func log(_ x: Double) -> Double {
    guard x > 0 else { return -.infinity }
    // ln x = 2·atanh((x−1)/(x+1)) after scaling x into [0.5, 1) by powers of two.
    var exponent = 0
    var mantissa = x
    while mantissa >= 1 {
        mantissa /= 2
        exponent += 1
    }
    while mantissa < 0.5 {
        mantissa *= 2
        exponent -= 1
    }
    let y = (mantissa - 1) / (mantissa + 1)
    let y2 = y * y
    var term = y
    var sum = 0.0
    var k = 1.0
    while abs(term / k) > 1e-17 {
        sum += term / k
        term *= y2
        k += 2
    }
    return 2 * sum + Double(exponent) * 0.693_147_180_559_945_3
}

/// Near-duplicate pairs as the set rules share them.
enum NearDuplicates {
    static let defaultThreshold = 0.8

    struct Match {
        var local: WorkspaceTool
        var other: WorkspaceTool
        var cosine: Double
        /// Found by the name test (shared name tokens) rather than by text similarity alone.
        var byName = false
    }

    /// Set by `RuleEngine.setRuleFindings` while the set rules run over one set and workspace:
    /// three rules ask for the same pairs, and the index is the expensive part.
    @TaskLocal static var shared: SharedNearDuplicates?

    static func matches(_ set: ToolSet, _ workspace: [ToolSet], threshold: Double) -> [Match] {
        guard let shared, shared.isFor(set, workspace) else { return compute(set, workspace, threshold: threshold) }
        if let known = shared.matches.first(where: { $0.threshold == threshold }) { return known.matches }
        let summaries = SetRuleSummaries.bound(to: set)
        let local = set.tools.count
        let index =
            shared.index
            ?? {
                let kept = workspace.flatMap { WorkspaceSummaries.shared.summaries(of: $0) }
                return SimilarityIndex(WorkspaceTool.all(set, workspace)) { position in
                    position < local ? summaries.terms(at: position, of: set) : kept[position - local].terms ?? []
                }
            }()
        shared.index = index
        let found = compute(index, threshold: threshold)
        shared.matches.append((threshold, found))
        return found
    }

    private static func compute(_ set: ToolSet, _ workspace: [ToolSet], threshold: Double) -> [Match] {
        compute(SimilarityIndex(WorkspaceTool.all(set, workspace)), threshold: threshold)
    }

    private static func compute(_ index: SimilarityIndex, threshold: Double) -> [Match] {
        var matches = index.pairs(threshold: threshold).map {
            Match(local: index.tools[$0.local], other: index.tools[$0.other], cosine: $0.cosine)
        }
        // Same name token shape with the same verb and shared required parameters also counts.
        let found = Set(matches.map { "\($0.local.tool.pointer)|\($0.other.tool.pointer)" })
        matches += nameMatches(index, excluding: found)
        return matches
    }

    /// The catalogue's second test: name-token Jaccard ≥ 0.6 with the same verb and overlapping
    /// required parameters. On real sets that alone pairs `get_councils` with `get_schisms`
    /// (namespace and verb shared, the resource differs), so the required parameters must be
    /// the same and the texts still similar (cosine ≥ 0.6). Indexed by verb.
    private static func nameMatches(_ index: SimilarityIndex, excluding: Set<String>) -> [Match] {
        let tools = index.tools
        // Tokens and required sets once per tool: peers are compared many times.
        let tokens = tools.map { Set($0.tool.nameTokens) }
        let required = tools.map { Set($0.tool.requiredNames) }
        let verbs = tools.map { $0.tool.nameTokens.first(where: Verbs.opening.contains) }
        var byVerb: [String: [Int]] = [:]
        for (position, verb) in verbs.enumerated() {
            if let verb { byVerb[verb, default: []].append(position) }
        }
        var result: [Match] = []
        for (position, entry) in tools.enumerated() where entry.isLocal {
            guard let verb = verbs[position], let peers = byVerb[verb], peers.count <= 256,
                !required[position].isEmpty
            else { continue }
            for other in peers where other != position {
                guard required[position] == required[other] else { continue }
                let shared = tokens[position].intersection(tokens[other]).count
                let jaccard = Double(shared) / Double(tokens[position].union(tokens[other]).count)
                guard jaccard >= 0.6 else { continue }
                let candidate = tools[other]
                if candidate.isLocal, candidate.tool.group != entry.tool.group { continue }
                if excluding.contains("\(entry.tool.pointer)|\(candidate.tool.pointer)") { continue }
                let cosine = index.cosine(position, other)
                guard cosine >= 0.6 else { continue }
                result.append(Match(local: entry, other: candidate, cosine: cosine, byName: true))
            }
        }
        return result
    }
}

extension ToolDefinition {
    /// Names in the root `required` array.
    var requiredNames: [String] {
        inputSchema?.value["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}

/// The similarity index and near-duplicate pairs of one run of the set rules. Bound to one
/// synchronous run (a task-local value), so it is never used from two threads at once.
final class SharedNearDuplicates: @unchecked Sendable {
    private let uri: String
    private let toolCount: Int
    private let workspaceURIs: [String]
    var index: SimilarityIndex?
    var matches: [(threshold: Double, matches: [NearDuplicates.Match])] = []

    init(_ set: ToolSet, _ workspace: [ToolSet]) {
        self.uri = set.uri
        self.toolCount = set.tools.count
        self.workspaceURIs = workspace.map(\.uri)
    }

    /// Rules pass the engine's own set and workspace; anything else is computed afresh.
    func isFor(_ set: ToolSet, _ workspace: [ToolSet]) -> Bool {
        set.uri == uri && set.tools.count == toolCount && workspace.map(\.uri) == workspaceURIs
    }
}
