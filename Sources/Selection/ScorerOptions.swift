/// Weights of the lexical scorer. The defaults are BM25's usual constants and the choices
/// measured in docs/SELECTION.md; they are not fitted to any one data set.
public struct ScorerOptions: Sendable, Hashable {
    public var k1: Double = 1.2
    public var b: Double = 0.75
    /// How many times a tool's name counts: names are what models match first.
    public var nameWeight: Double = 2
    public var stemming = true
    /// Fold common abbreviations (`info`, `repo`, `config`) into their full words.
    public var abbreviations = true
    /// Expand prompt words with general English synonyms (see `Synonyms`) at a lower weight.
    public var synonyms = true
    public var synonymWeight: Double = 0.5
    /// Weight of words from earlier turns (`context`) relative to the prompt itself.
    public var contextWeight: Double = 0.5
    /// Extra weight for the first `leadingTerms` content words of the prompt, where requests
    /// usually name what they want ("Calculate the force with a mass of …").
    public var leadingBoost: Double = 0
    public var leadingTerms = 3
    /// Multiplies a tool's score by 1 + this × the IDF share of its name words that the
    /// prompt mentions: a prompt naming every word of a tool's name most likely means it.
    public var nameCoverageBoost: Double = 0.1
    /// Multiplies by 1 − this the score of a tool that requires a numeric argument when the
    /// prompt holds no number (argument satisfiability). Off: no measurable gain on dev.
    public var unsatisfiedNumberPenalty: Double = 0
    /// Weight of the semantic layer (cosine of mean word vectors from the bundled MiniLM
    /// table) against BM25 normalised by its best score; 0 turns it off. 0.5 sits inside the
    /// flat stretch 0.25–1 of the dev-set grid in docs/SELECTION.md, on the lexical side.
    public var semanticWeight: Double = 0.5

    public init() {}

    public static let `default` = ScorerOptions()

    /// BM25 alone (no semantic layer): scores are raw BM25 and 0 means no shared word.
    public static let lexical: ScorerOptions = {
        var options = ScorerOptions()
        options.semanticWeight = 0
        return options
    }()
}
