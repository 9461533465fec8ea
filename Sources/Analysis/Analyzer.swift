import JSON
import Rules
import SourceDocument
import ToolModel

/// A finding with its place in the text worked out.
public struct ResolvedFinding: Sendable {
    public var finding: Finding
    /// Byte range in the finding's document.
    public var range: ByteRange
    /// False when the pointer named a field that does not exist and the range is its parent's.
    public var exact: Bool

    public init(finding: Finding, range: ByteRange, exact: Bool) {
        self.finding = finding
        self.range = range
        self.exact = exact
    }
}

/// Everything known about one document after analysis.
public struct AnalysisResult: Sendable {
    public var document: SourceDocument
    public var toolSet: ToolSet
    public var findings: [ResolvedFinding]
    /// For the next analysis of the same document (`Analyzer.analyze(_:workspace:previous:)`).
    public var memo: AnalysisMemo?

    public init(document: SourceDocument, toolSet: ToolSet, findings: [ResolvedFinding], memo: AnalysisMemo? = nil) {
        self.document = document
        self.toolSet = toolSet
        self.findings = findings
        self.memo = memo
    }
}

/// Settings that decide what is checked (from `.toolwright.yaml`, CLI flags or LSP settings).
public struct AnalysisSettings: Sendable {
    /// `nil`: derive from each document's dialect.
    public var targets: Set<Target>?
    public var rules: [String: RuleSetting]
    /// Rules from outside the built-in catalogue (rule packs), run after it.
    public var extraToolRules: [any ToolRule]

    public init(targets: Set<Target>? = nil, rules: [String: RuleSetting] = [:], extraToolRules: [any ToolRule] = []) {
        self.targets = targets
        self.rules = rules
        self.extraToolRules = extraToolRules
    }
}

/// The orchestrator shared by the CLI and the language server: text → tree → tools → findings
/// → ranges.
public struct Analyzer: Sendable {
    public var engine: RuleEngine
    public var settings: AnalysisSettings

    public init(engine: RuleEngine = RuleEngine(), settings: AnalysisSettings = AnalysisSettings()) {
        self.engine = engine
        self.settings = settings
    }

    /// Reads a document's tools (no rules run): the first half of `analyze`, also used to build
    /// the workspace index for set-level rules.
    public func toolSet(of document: SourceDocument) -> ToolSet {
        guard let value = document.tree.jsonValue() else {
            return ToolSet(uri: document.uri, dialect: nil, tools: [])
        }
        return DialectDetector.toolSet(from: value, uri: document.uri)
    }

    public func analyze(_ document: SourceDocument, workspace: [ToolSet] = []) -> AnalysisResult {
        analyze(document, workspace: workspace, previous: nil, keepsMemo: false)
    }

    /// The same result as `analyze(_:workspace:)`, with tool-rule findings taken from
    /// `previous` (the memo of an earlier analysis of this document) for every tool whose text
    /// did not change; the result carries the memo for the next call.
    public func analyze(_ document: SourceDocument, workspace: [ToolSet] = [], previous: AnalysisMemo?)
        -> AnalysisResult
    {
        analyze(document, workspace: workspace, previous: previous, keepsMemo: true)
    }

    private func analyze(_ document: SourceDocument, workspace: [ToolSet], previous: AnalysisMemo?, keepsMemo: Bool)
        -> AnalysisResult
    {
        var findings: [Finding] = document.tree.diagnostics.map { diagnostic in
            Finding(
                ruleId: diagnostic.code.rawValue, severity: diagnostic.severity == .error ? .error : .warning,
                message: diagnostic.message, pointer: document.tree.pointer(at: diagnostic.range.lowerBound),
                byteRange: diagnostic.range)
        }
        // After an edit, the document's value is the previous one with the edited part replaced.
        let value = RuleEngine.timed("(tree to value)", RuleEngine.timing) {
            keepsMemo ? previous?.value(of: document) ?? document.tree.jsonValue() : document.tree.jsonValue()
        }
        let set = RuleEngine.timed("(read tools)", RuleEngine.timing) {
            value.map { DialectDetector.toolSet(from: $0, uri: document.uri) }
                ?? ToolSet(uri: document.uri, dialect: nil, tools: [])
        }
        findings += set.findings
        let targets = settings.targets ?? Target.defaults(for: set.dialect)
        // With syntax errors or duplicate keys the node a pointer names may not be the value the
        // tool was read from, so findings are kept only for a clean parse.
        let memoizes = keepsMemo && document.tree.diagnostics.isEmpty
        let configuration = AnalysisMemo.Configuration(
            uri: document.uri, format: document.format, dialect: set.dialect, targets: targets,
            rules: settings.rules, ruleIds: engine.toolRules.map(\.metadata.id))
        let reusable = memoizes && previous?.configuration == configuration ? previous : nil
        let active = engine.activeToolRules(targets: targets, settings: settings.rules)
        var perTool: [ToolRuleFindings?] = []
        perTool.reserveCapacity(set.tools.count)
        var ranges: [ByteRange?] = []
        var summaries: [ToolSummary] = []
        var reused = 0
        var unknown: [Int] = []
        for index in set.tools.indices {
            let range = memoizes ? AnalysisMemo.comparedRange(of: set.tools[index], in: document) : nil
            ranges.append(range)
            if let range,
                let known = reusable?.kept(for: set.tools[index], at: index, range: range, in: document.bytes)
            {
                perTool.append(known.findings)
                summaries.append(known.summary)
                reused += 1
            } else {
                perTool.append(nil)
                summaries.append(ToolSummary())
                unknown.append(index)
            }
        }
        for (index, found) in zip(unknown, ParallelToolRules.run(engine, on: set, tools: unknown, rules: active)) {
            perTool[index] = found
        }
        let checked = perTool.map { $0! }
        findings += engine.merge(checked)
        if !settings.extraToolRules.isEmpty {
            // Rule packs come and go with the settings; they are not kept.
            let extra = RuleEngine(toolRules: settings.extraToolRules, setRules: [])
            let rules = extra.activeToolRules(targets: targets, settings: settings.rules)
            findings += extra.merge(set.tools.indices.map { extra.toolRuleFindings(for: $0, in: set, rules: rules) })
        }
        // Any earlier state of the document's set rules gives the same findings (see
        // `SetRuleState`), so it is taken whatever changed since.
        var setRuleState = keepsMemo ? previous?.setRuleState ?? SetRuleState() : SetRuleState()
        findings += engine.setRuleFindings(
            on: set, workspace: workspace, targets: targets, settings: settings.rules, summaries: &summaries,
            state: &setRuleState)
        var memo: AnalysisMemo?
        if memoizes {
            var kept: [AnalysisMemo.Tool] = []
            kept.reserveCapacity(set.tools.count)
            for index in set.tools.indices {
                guard let range = ranges[index] else { continue }
                kept.append(
                    AnalysisMemo.Tool(
                        pointer: set.tools[index].pointer, dialect: set.tools[index].dialect,
                        group: set.tools[index].group, range: range, findings: checked[index],
                        summary: summaries[index]))
            }
            memo = AnalysisMemo(
                configuration: configuration, bytes: document.bytes, tree: document.tree, value: value, tools: kept,
                setRuleState: setRuleState, reusedToolCount: reused)
        }
        let sorted = RuleEngine.timed("(resolve and sort)", RuleEngine.timing) {
            sort(findings.map { resolve($0, in: document) })
        }
        return AnalysisResult(document: document, toolSet: set, findings: sorted, memo: memo)
    }

    public func resolve(_ finding: Finding, in document: SourceDocument) -> ResolvedFinding {
        if let range = finding.byteRange {
            return ResolvedFinding(finding: finding, range: range, exact: true)
        }
        if let location = document.tree.location(of: finding.pointer, preferKey: finding.preferKey) {
            return ResolvedFinding(finding: finding, range: location.range, exact: location.exact)
        }
        return ResolvedFinding(finding: finding, range: 0..<0, exact: false)
    }

    public func sort(_ findings: [ResolvedFinding]) -> [ResolvedFinding] {
        findings.sorted {
            ($0.range.lowerBound, $0.range.upperBound, $0.finding.ruleId)
                < ($1.range.lowerBound, $1.range.upperBound, $1.finding.ruleId)
        }
    }
}
