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
    printEditPhases(bytes)
}

/// The language server's edit path: one character typed into the first tool's description,
/// then the document re-read and re-analysed with the previous analysis' memo (best of 5).
func printEditPhases(_ bytes: [UInt8]) {
    func best(_ name: String, _ body: () -> Void) {
        var times: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            body()
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        print("| \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) | \(String(format: "%9.2f", times.min()!)) |")
    }
    let uri = "bench.tools.json"
    let first = Analyzer().analyze(SourceDocument(uri: uri, bytes: bytes), previous: nil)
    guard let memo = first.memo, let at = firstDescription(bytes) else {
        print("(no memo: the fixture has syntax problems)")
        return
    }
    var edited = bytes
    edited.insert(UInt8(ascii: "x"), at: at)
    print()
    print("| edit path (best of 5)              |   ms     |")
    print("|------------------------------------|---------:|")
    best("full parse + line index") { _ = SourceDocument(uri: uri, bytes: edited) }
    best("line index") { _ = LineIndex(edited) }
    best("re-read around the edit") { _ = memo.document(uri: uri, bytes: edited, version: 2, format: .json) }
    let document = memo.document(uri: uri, bytes: edited, version: 2, format: .json)
    best("full analysis of the edit") { _ = Analyzer().analyze(document) }
    best("analysis with the memo") { _ = Analyzer().analyze(document, previous: memo) }
    let set = Analyzer().toolSet(of: document)
    best("tree → value → ToolSet (full)") { _ = Analyzer().toolSet(of: document) }
    best("set rules (no summaries kept)") {
        _ = RuleEngine().setRuleFindings(
            on: set, workspace: [], targets: Target.defaults(for: set.dialect), settings: [:])
    }
    let result = Analyzer().analyze(document, previous: memo)
    print("(\(result.memo?.reusedToolCount ?? 0) of \(result.toolSet.tools.count) tools reused)")
}

/// Just inside the first `"description": "` of the text.
private func firstDescription(_ bytes: [UInt8]) -> Int? {
    let key = Array("\"description\": \"".utf8)
    guard bytes.count > key.count else { return nil }
    for start in 0...(bytes.count - key.count) where bytes[start] == key[0] {
        if Array(bytes[start..<(start + key.count)]) == key { return start + key.count + 1 }
    }
    return nil
}
