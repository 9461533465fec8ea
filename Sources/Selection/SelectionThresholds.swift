/// Where the simulator draws its lines. Chosen on the development sets for generality (round
/// values on flat stretches of the curves in docs/SELECTION.md), not for their best score.
public struct SelectionThresholds: Sendable, Hashable {
    /// `near-tie` when (s1 − s2) / s1 is below this.
    public var nearTieRelativeMargin: Double = 0.1
    /// `no-tool-fits` when the winner covers less than this share of the prompt's IDF mass.
    public var noFitCoverage: Double = 0.2
    /// `set-confusable-pair` when two tools' mutual similarity is at least this.
    public var confusablePair: Double = 0.5

    public init() {}

    public static let `default` = SelectionThresholds()
}

/// The per-prompt flags, also the rule ids of their findings.
public enum SelectionFlag: String, Sendable, Hashable, CaseIterable, Codable {
    case wrongToolWins = "wrong-tool-wins"
    case nearTie = "near-tie"
    case noSignal = "no-signal"
    case noToolFits = "no-tool-fits"
}
