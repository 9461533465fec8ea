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

    public init(document: SourceDocument, toolSet: ToolSet, findings: [ResolvedFinding]) {
        self.document = document
        self.toolSet = toolSet
        self.findings = findings
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
        var findings: [Finding] = document.tree.diagnostics.map { diagnostic in
            Finding(
                ruleId: diagnostic.code.rawValue, severity: diagnostic.severity == .error ? .error : .warning,
                message: diagnostic.message, pointer: document.tree.pointer(at: diagnostic.range.lowerBound),
                byteRange: diagnostic.range)
        }
        let set = toolSet(of: document)
        findings += set.findings
        let targets = settings.targets ?? Target.defaults(for: set.dialect)
        var engine = engine
        engine.toolRules += settings.extraToolRules
        findings += engine.run(on: set, workspace: workspace, targets: targets, settings: settings.rules)
        let resolved = findings.map { resolve($0, in: document) }
        return AnalysisResult(document: document, toolSet: set, findings: sort(resolved))
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
