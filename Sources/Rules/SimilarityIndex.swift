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
/// so that candidate pairs come from shared rare terms instead of comparing every pair (the
/// vectors and pairs themselves are `SimilarityVectors`).
struct SimilarityIndex {
    typealias Pair = SimilarityVectors.Pair

    let tools: [WorkspaceTool]
    private(set) var vectors: SimilarityVectors

    /// The weighted terms of one tool, in order: name tokens (weight 2: the name is what the
    /// model sees first), then description words, without stopwords, singular.
    static func terms(of tool: ToolDefinition) -> [Term] {
        let name = tool.nameTokens.filter { !Words.stopwords.contains($0) }.map(Words.singular)
        let words = Words.of(tool.description?.value ?? "").filter { !Words.stopwords.contains($0) }
            .map(Words.singular)
        return name.map { Term(text: $0, weight: 2) } + words.map { Term(text: $0, weight: 1) }
    }

    struct Term: Sendable, Equatable {
        var text: String
        var weight: Double
    }

    /// `terms(position)` gives each tool's terms (the set rules keep the local tools' ones
    /// between analyses). With `previous`, the vectors of an earlier index are updated for the
    /// tools whose terms changed (the same values as a fresh build).
    init(_ tools: [WorkspaceTool], terms: (Int) -> [Term] = { _ in [] }, previous: SimilarityVectors? = nil) {
        self.tools = tools
        let allTerms = tools.indices.map { position in
            let known = terms(position)
            return known.isEmpty ? Self.terms(of: tools[position].tool) : known
        }
        let isLocal = tools.map(\.isLocal)
        let groups = tools.map(\.tool.group)
        vectors =
            previous?.updated(terms: allTerms, isLocal: isLocal, groups: groups)
            ?? SimilarityVectors(terms: allTerms, isLocal: isLocal, groups: groups)
    }

    /// Pairs of a local tool with any other tool of the same tool list (same document) or of
    /// another document, at or above `threshold` (see `SimilarityVectors.pairs`).
    mutating func pairs(threshold: Double) -> [Pair] { vectors.pairs(threshold: threshold) }

    func cosine(_ a: Int, _ b: Int) -> Double { vectors.cosine(a, b) }
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
        let kept = workspace.flatMap { WorkspaceSummaries.shared.summaries(of: $0) }
        var index =
            shared.index
            ?? SimilarityIndex(
                WorkspaceTool.all(set, workspace),
                terms: { position in
                    position < local ? summaries.terms(at: position, of: set) : kept[position - local].terms ?? []
                }, previous: shared.previous)
        let shapes = index.tools.indices.map { position in
            position < local
                ? summaries.nameShape(at: position, of: set)
                : kept[position - local].nameShape ?? NameShape(index.tools[position].tool)
        }
        let found = compute(&index, shapes: shapes, threshold: threshold)
        shared.index = index
        shared.matches.append((threshold, found))
        return found
    }

    private static func compute(_ set: ToolSet, _ workspace: [ToolSet], threshold: Double) -> [Match] {
        var index = SimilarityIndex(WorkspaceTool.all(set, workspace))
        return compute(&index, shapes: index.tools.map { NameShape($0.tool) }, threshold: threshold)
    }

    private static func compute(_ index: inout SimilarityIndex, shapes: [NameShape], threshold: Double) -> [Match] {
        var matches = index.pairs(threshold: threshold).map {
            Match(local: index.tools[$0.local], other: index.tools[$0.other], cosine: $0.cosine)
        }
        // Same name token shape with the same verb and shared required parameters also counts.
        let found = Set(matches.map { "\($0.local.tool.pointer)|\($0.other.tool.pointer)" })
        matches += nameMatches(index, shapes: shapes, excluding: found)
        return matches
    }

    /// What the name test reads of a tool, derived once per tool (kept in its `ToolSummary`).
    struct NameShape: Sendable {
        var tokens: Set<String>
        var required: Set<String>
        var verb: String?

        init(_ tool: ToolDefinition) {
            let tokens = tool.nameTokens
            self.tokens = Set(tokens)
            required = Set(tool.requiredNames)
            verb = tokens.first(where: Verbs.opening.contains)
        }
    }

    /// The catalogue's second test: name-token Jaccard ≥ 0.6 with the same verb and overlapping
    /// required parameters. On real sets that alone pairs `get_councils` with `get_schisms`
    /// (namespace and verb shared, the resource differs), so the required parameters must be
    /// the same and the texts still similar (cosine ≥ 0.6). Indexed by verb, and within a verb
    /// by required set (peers with other required sets are never paired).
    private static func nameMatches(_ index: SimilarityIndex, shapes: [NameShape], excluding: Set<String>) -> [Match] {
        let tools = index.tools
        struct Peers: Hashable {
            var verb: String
            var required: Set<String>
        }
        var verbCounts: [String: Int] = [:]
        var byPeers: [Peers: [Int]] = [:]
        for (position, shape) in shapes.enumerated() {
            guard let verb = shape.verb else { continue }
            verbCounts[verb, default: 0] += 1
            byPeers[Peers(verb: verb, required: shape.required), default: []].append(position)
        }
        var result: [Match] = []
        for (position, entry) in tools.enumerated() where entry.isLocal {
            let shape = shapes[position]
            guard let verb = shape.verb, let count = verbCounts[verb], count <= 256, !shape.required.isEmpty,
                let peers = byPeers[Peers(verb: verb, required: shape.required)]
            else { continue }
            for other in peers where other != position {
                let shared = shape.tokens.intersection(shapes[other].tokens).count
                let jaccard = Double(shared) / Double(shape.tokens.union(shapes[other].tokens).count)
                guard jaccard >= 0.6 else { continue }
                if tools[other].isLocal, tools[other].tool.group != entry.tool.group { continue }
                if excluding.contains("\(entry.tool.pointer)|\(tools[other].tool.pointer)") { continue }
                let cosine = index.cosine(position, other)
                guard cosine >= 0.6 else { continue }
                result.append(Match(local: entry, other: tools[other], cosine: cosine, byName: true))
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
    /// The vectors of an earlier run (the previous analysis of the document), updated rather
    /// than built again.
    let previous: SimilarityVectors?
    var matches: [(threshold: Double, matches: [NearDuplicates.Match])] = []

    init(_ set: ToolSet, _ workspace: [ToolSet], previous: SimilarityVectors? = nil) {
        self.previous = previous
        self.uri = set.uri
        self.toolCount = set.tools.count
        self.workspaceURIs = workspace.map(\.uri)
    }

    /// Rules pass the engine's own set and workspace; anything else is computed afresh.
    func isFor(_ set: ToolSet, _ workspace: [ToolSet]) -> Bool {
        set.uri == uri && set.tools.count == toolCount && workspace.map(\.uri) == workspaceURIs
    }
}
