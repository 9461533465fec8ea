import SourceDocument
import ToolModel

/// `check --fix`: applies the findings' fixes to the documents' text, pass after pass, until
/// nothing is left to fix (or a pass limit is reached). Each pass analyses the workspace again,
/// so a fix that changes what other rules see is judged on the new text, and two fixes that
/// touch the same bytes are never applied in the same pass: the second is re-derived next pass.
public struct FixApplier: Sendable {
    /// Which fixes may be applied without review.
    public enum Safety: Sendable {
        /// Only fixes marked preferred (`Fix.isPreferred`).
        case preferredOnly
        /// Also the first fix of findings that have no preferred one (`--unsafe-fixes`).
        case includingUnsafe
    }

    /// One fix that was applied.
    public struct Applied: Sendable, Hashable {
        public var ruleId: String
        public var title: String
    }

    /// What happened to one document.
    public struct Outcome: Sendable {
        public var original: SourceDocument
        public var fixed: SourceDocument
        public var applied: [Applied]
        /// A pass whose edits would have made the text unparseable was dropped; no more passes
        /// were made for this document.
        public var stoppedOnSyntaxError: Bool
        /// The text has syntax errors, so it was not touched: the recovering parser's ranges
        /// around an error are guesses, and an edit placed by them could land anywhere.
        public var hasSyntaxErrors = false

        public var changed: Bool { original.bytes != fixed.bytes }
    }

    public var analyzer: Analyzer
    public var safety: Safety
    public var maximumPasses: Int
    /// Applied to every pass's results before fixes are chosen (the configuration's ignores).
    public var filter: @Sendable (AnalysisResult) -> AnalysisResult

    public init(
        analyzer: Analyzer, safety: Safety = .preferredOnly, maximumPasses: Int = 32,
        filter: @escaping @Sendable (AnalysisResult) -> AnalysisResult = { $0 }
    ) {
        self.analyzer = analyzer
        self.safety = safety
        self.maximumPasses = maximumPasses
        self.filter = filter
    }

    /// Fixes the documents (as one workspace) and returns one outcome per document, in order.
    public func fix(_ documents: [SourceDocument]) -> [Outcome] {
        var outcomes = documents.map { Outcome(original: $0, fixed: $0, applied: [], stoppedOnSyntaxError: false) }
        var seen = documents.map { Set([$0.bytes]) }
        for _ in 0..<maximumPasses {
            let results = analyzer.analyze(workspace: outcomes.map(\.fixed)).map(filter)
            var progressed = false
            for (index, result) in results.enumerated() where index < outcomes.count {
                guard !outcomes[index].stoppedOnSyntaxError, !outcomes[index].hasSyntaxErrors else { continue }
                let current = outcomes[index].fixed
                guard Self.parsesCleanly(current) else {
                    outcomes[index].hasSyntaxErrors = true
                    continue
                }
                let (edits, applied) = chooseEdits(for: result.findings.map(\.finding), in: current)
                guard !edits.isEmpty else { continue }
                let bytes = Self.apply(edits, to: current.bytes)
                let next = SourceDocument(uri: current.uri, bytes: bytes, format: current.format)
                if next.tree.diagnostics.count > current.tree.diagnostics.count {
                    outcomes[index].stoppedOnSyntaxError = true
                    continue
                }
                // A fix that undoes another (or itself) would cycle: stop at the first repeat.
                guard seen[index].insert(bytes).inserted else { continue }
                outcomes[index].fixed = next
                outcomes[index].applied += applied
                progressed = true
            }
            if !progressed { break }
        }
        return outcomes
    }

    /// No syntax problem but duplicate keys (which do not disturb any range).
    static func parsesCleanly(_ document: SourceDocument) -> Bool {
        document.tree.diagnostics.allSatisfy { $0.code == .duplicateKey }
    }

    /// The fix to apply for a finding under the safety level, if any.
    public func chosenFix(_ finding: Finding) -> Fix? {
        if let preferred = finding.fixes.first(where: \.isPreferred) { return preferred }
        return safety == .includingUnsafe ? finding.fixes.first : nil
    }

    /// The edits of every chosen fix that renders and keeps clear of the fixes taken before it.
    /// Fixes may not even touch each other: two insertions at the same offset could interleave.
    func chooseEdits(for findings: [Finding], in document: SourceDocument) -> ([FixRenderer.Edit], [Applied]) {
        let renderer = FixRenderer(bytes: document.bytes, tree: document.tree)
        var taken: [FixRenderer.Edit] = []
        var applied: [Applied] = []
        var takenFixes = Set<Fix>()
        for finding in findings {
            guard let fix = chosenFix(finding) else { continue }
            // Two rules can propose the same edit (a missing readOnlyHint): apply it once, credit both.
            if takenFixes.contains(fix) {
                applied.append(Applied(ruleId: finding.ruleId, title: fix.title))
                continue
            }
            guard let edits = renderer.edits(for: fix), !edits.isEmpty else { continue }
            let clear = edits.allSatisfy { edit in
                taken.allSatisfy {
                    edit.range.upperBound < $0.range.lowerBound || $0.range.upperBound < edit.range.lowerBound
                }
            }
            guard clear else { continue }
            taken += edits
            takenFixes.insert(fix)
            applied.append(Applied(ruleId: finding.ruleId, title: fix.title))
        }
        taken.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        return (taken, applied)
    }

    /// Applies sorted, non-overlapping edits, last first so earlier offsets stay valid.
    public static func apply(_ edits: [FixRenderer.Edit], to bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for edit in edits.reversed() {
            out.replaceSubrange(edit.range, with: Array(edit.newText.utf8))
        }
        return out
    }
}
