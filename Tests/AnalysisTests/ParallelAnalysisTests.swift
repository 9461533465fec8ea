import JSON
import Rules
import SourceDocument
import Testing
import ToolModel

@testable import Analysis

/// `Analyzer.analyze` runs the tool rules on every core, shares per-tool summaries, words and
/// schema walks between rules, and uses the rules' fast paths. On generated documents its
/// findings must be exactly those of the plain reference: every rule called on its own, tool
/// by tool, on one thread, with nothing shared.
@Suite struct ParallelAnalysisTests {
    typealias Random = IncrementalAnalysisTests.Random

    static func reference(_ document: SourceDocument, workspace: [ToolSet], analyzer: Analyzer) -> [ResolvedFinding] {
        let set = analyzer.toolSet(of: document)
        let targets = Target.defaults(for: set.dialect)
        let context = RuleContext(targets: targets, options: .object([]))
        var findings: [Finding] = set.findings
        for rule in analyzer.engine.toolRules where rule.metadata.applies(to: targets) {
            for tool in set.tools { findings += rule.check(tool, in: set, context: context) }
        }
        let others = workspace.filter { $0.uri != set.uri }
        for rule in analyzer.engine.setRules where rule.metadata.applies(to: targets) {
            findings += rule.check(set, workspace: others, context: context)
        }
        return analyzer.sort(findings.map { analyzer.resolve($0, in: document) })
    }

    static func describe(_ found: ResolvedFinding) -> String {
        let finding = found.finding
        let related = finding.related.map { "\($0.uri ?? "")#\($0.pointer)=\($0.message)" }.joined(separator: ";")
        return "\(found.range) \(found.exact) \(finding.ruleId) \(finding.severity) \(finding.pointer) "
            + "\(finding.message) [\(related)] fixes=\(finding.fixes.count)"
    }

    @Test func analysisMatchesEveryRuleRunAloneOnGeneratedDocuments() {
        var random = Random(seed: 7)
        let analyzer = Analyzer()
        var compared = 0
        for round in 0..<6 {
            let main = SourceDocument(
                uri: "file:///w/tools\(round).json",
                bytes: IncrementalAnalysisTests.json(IncrementalAnalysisTests.tools(&random, count: 40 + 10 * round)))
            let other = SourceDocument(
                uri: "file:///w/other\(round).json",
                bytes: IncrementalAnalysisTests.json(IncrementalAnalysisTests.tools(&random, count: 12)))
            let workspace = [main, other].map { analyzer.toolSet(of: $0) }
            let fast = analyzer.analyze(main, workspace: workspace).findings.map(Self.describe)
            let plain = Self.reference(main, workspace: workspace, analyzer: analyzer).map(Self.describe)
            #expect(fast == plain)
            compared += plain.count
        }
        // The generated tools must give the rules plenty to report.
        #expect(compared > 500)
    }
}
