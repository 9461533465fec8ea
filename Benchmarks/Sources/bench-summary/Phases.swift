import Analysis
import Foundation
import Rules
import SourceDocument
import ToolModel

/// `PHASES=1 swift run -c release bench-summary`: one timed pass per step of `check` and per
/// rule, to find which part of the analysis dominates.
func printPhases(_ bytes: [UInt8]) {
    func time(_ name: String, _ body: () -> Void) {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        print("| \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) | \(String(format: "%9.2f", ms)) |")
    }
    print("| phase or rule                      |   ms     |")
    print("|------------------------------------|---------:|")
    var document = SourceDocument(uri: "warm-up.tools.json", bytes: [])
    time("SourceDocument (parse + lines)") { document = SourceDocument(uri: "bench.tools.json", bytes: bytes) }
    var set = ToolSet(uri: "", dialect: nil, tools: [])
    time("dialect detection + ToolSet") { set = Analyzer().toolSet(of: document) }
    let engine = RuleEngine()
    let context = RuleContext(targets: Target.defaults(for: set.dialect))
    for rule in engine.toolRules {
        time("rule \(rule.metadata.id)") {
            for tool in set.tools { _ = rule.check(tool, in: set, context: context) }
        }
    }
    for rule in engine.setRules {
        time("set rule \(rule.metadata.id)") { _ = rule.check(set, workspace: [], context: context) }
    }
    time("Analyzer.analyze (all of it)") { _ = Analyzer().analyze(document) }
}
