/// What one run of the set rules over a document leaves for the next run over the same
/// document (the language server keeps it in the analysis memo): the similarity vectors and
/// near-duplicate pairs, which the next run updates for the tools whose terms changed. Any
/// state can be passed to any run: the update compares every tool's terms, so a stale or
/// foreign state only costs a rebuild, never a different result.
public struct SetRuleState: Sendable {
    var similarity: SimilarityVectors?

    public init() {}
}
