import JSON
import ToolModel

/// Values the set rules derive from one tool alone. A caller that knows a tool did not change
/// since the last analysis hands its summary back (`RuleEngine.setRuleFindings(…summaries:)`),
/// so an edit re-derives them only for the edited tools.
public struct ToolSummary: Sendable {
    /// `set-token-budget`'s estimate of the tool's definition.
    var tokens: Int?
    /// The near-duplicate rules' weighted terms of the tool's name and description.
    var terms: [SimilarityIndex.Term]?
    /// The near-duplicate name test's tokens, required parameters and verb.
    var nameShape: NearDuplicates.NameShape?
    /// `desc-unknown-reference`: the description's identifiers that are not the tool's own
    /// names, in order.
    var foreignIdentifiers: [DescUnknownReferenceRule.Identifier]?
    /// `sec-cross-tool-shadowing`'s first hit, for the foreign names it looked for.
    var shadowing: SecCrossToolShadowingRule.Summary?
    /// `sec-lethal-trifecta`'s roles of the tool.
    var roles: Set<SecLethalTrifectaRule.Role>?
    /// `set-consolidation-candidate`'s word windows around "after" and "first".
    var sequenceWindows: [String]?

    public init() {}
}

/// The summaries of one set's tools while the set rules run over it. Bound to one synchronous
/// run (a task-local value), so it is never used from two threads at once.
final class SetRuleSummaries: @unchecked Sendable {
    private let uri: String
    private let pointers: [JSONPointer]
    var summaries: [ToolSummary]

    init(_ set: ToolSet, summaries: [ToolSummary]) {
        self.uri = set.uri
        self.pointers = set.tools.map(\.pointer)
        self.summaries =
            summaries.count == set.tools.count ? summaries : Array(repeating: ToolSummary(), count: set.tools.count)
    }

    @TaskLocal static var current: SetRuleSummaries?

    /// The summaries for `set`'s tools when they are the ones bound, else fresh ones.
    static func bound(to set: ToolSet) -> SetRuleSummaries {
        if let current, current.uri == set.uri, current.pointers.elementsEqual(set.tools.lazy.map(\.pointer)) {
            return current
        }
        return SetRuleSummaries(set, summaries: [])
    }

    /// Derives the missing token estimates and similarity terms and name shapes (each only
    /// when `tokens` or `terms` asks) for all tools at once, on every core: after opening a document none are
    /// known, and these are the per-tool parts that cost most.
    func prepare(_ set: ToolSet, tokens: Bool, terms: Bool, identifiers: Bool) {
        if tokens {
            let missing = summaries.indices.filter { summaries[$0].tokens == nil }
            for (index, value) in zip(missing, Parallel.map(missing) { SetTokenBudgetRule.estimate(set.tools[$0]) }) {
                summaries[index].tokens = value
            }
        }
        if terms {
            let missing = summaries.indices.filter { summaries[$0].terms == nil }
            for (index, value) in zip(missing, Parallel.map(missing) { SimilarityIndex.terms(of: set.tools[$0]) }) {
                summaries[index].terms = value
            }
            let shapeless = summaries.indices.filter { summaries[$0].nameShape == nil }
            let shapes = Parallel.map(shapeless) { NearDuplicates.NameShape(set.tools[$0]) }
            for (index, value) in zip(shapeless, shapes) { summaries[index].nameShape = value }
        }
        if identifiers {
            let missing = summaries.indices.filter { summaries[$0].foreignIdentifiers == nil }
            let found = Parallel.map(missing) { DescUnknownReferenceRule.foreignIdentifiers(of: set.tools[$0]) }
            for (index, value) in zip(missing, found) { summaries[index].foreignIdentifiers = value }
        }
    }

    /// The similarity terms of the set's tool at `index`, derived once.
    func terms(at index: Int, of set: ToolSet) -> [SimilarityIndex.Term] {
        if let known = summaries[index].terms { return known }
        let terms = SimilarityIndex.terms(of: set.tools[index])
        summaries[index].terms = terms
        return terms
    }

    /// The near-duplicate name test's view of the set's tool at `index`, derived once.
    func nameShape(at index: Int, of set: ToolSet) -> NearDuplicates.NameShape {
        if let known = summaries[index].nameShape { return known }
        let shape = NearDuplicates.NameShape(set.tools[index])
        summaries[index].nameShape = shape
        return shape
    }

    /// `desc-unknown-reference`'s identifiers of the set's tool at `index`, derived once.
    func foreignIdentifiers(at index: Int, of set: ToolSet) -> [DescUnknownReferenceRule.Identifier] {
        if let known = summaries[index].foreignIdentifiers { return known }
        let found = DescUnknownReferenceRule.foreignIdentifiers(of: set.tools[index])
        summaries[index].foreignIdentifiers = found
        return found
    }

    /// `set-consolidation-candidate`'s windows of the set's tool at `index`, derived once.
    func sequenceWindows(at index: Int, of set: ToolSet) -> [String] {
        if let known = summaries[index].sequenceWindows { return known }
        let windows = SetConsolidationCandidateRule.sequenceWindows(of: set.tools[index])
        summaries[index].sequenceWindows = windows
        return windows
    }

    /// `sec-lethal-trifecta`'s roles of the set's tool at `index`, derived once.
    func roles(at index: Int, of set: ToolSet) -> Set<SecLethalTrifectaRule.Role> {
        if let known = summaries[index].roles { return known }
        let roles = SecLethalTrifectaRule.roles(of: set.tools[index])
        summaries[index].roles = roles
        return roles
    }

    /// The token estimate of the set's tool at `index`, derived once.
    func tokens(at index: Int, of set: ToolSet) -> Int {
        if let known = summaries[index].tokens { return known }
        let tokens = SetTokenBudgetRule.estimate(set.tools[index])
        summaries[index].tokens = tokens
        return tokens
    }
}
