import Analysis
import JSON
import Rules
import SourceDocument
import ToolModel

/// One document's analysis at one version.
public struct DocumentAnalysis: Sendable {
    public var version: Int
    /// The tree the findings' ranges refer to.
    public var tree: SyntaxTree
    public var toolSet: ToolSet
    public var findings: [ResolvedFinding]
    /// Prompt sets and workflows are analysed by the simulator and the cost preview instead.
    public var companion: CompanionAnalysis?
    /// What the next analysis of this document can reuse; dropped with the document.
    public var memo: AnalysisMemo?

    public init(
        version: Int, tree: SyntaxTree, toolSet: ToolSet, findings: [ResolvedFinding],
        companion: CompanionAnalysis? = nil, memo: AnalysisMemo? = nil
    ) {
        self.version = version
        self.tree = tree
        self.toolSet = toolSet
        self.findings = findings
        self.companion = companion
        self.memo = memo
    }

    /// Read as tool definitions (a dialect or at least one tool was found).
    public var isToolDocument: Bool { toolSet.dialect != nil || !toolSet.tools.isEmpty }

    /// Whether every finding is published (tool files, prompt sets, workflows), or only syntax
    /// problems (other JSON and YAML).
    public var publishesAllFindings: Bool { isToolDocument || companion != nil }
}

/// What the server needs from the analysis pipeline. The standard one wraps `Analyzer`;
/// tests substitute their own.
public protocol AnalysisProvider: Sendable {
    func analyze(_ document: SourceDocument, workspace: [ToolSet], settings: AnalysisSettings) -> DocumentAnalysis
    /// The same analysis, allowed to reuse work from `previous` (the document's last published
    /// analysis) where the text did not change.
    func analyze(
        _ document: SourceDocument, workspace: [ToolSet], settings: AnalysisSettings, previous: DocumentAnalysis?
    ) -> DocumentAnalysis
    /// The tree of a document that is not open (for related locations in other files).
    func syntaxTree(of document: SourceDocument) -> SyntaxTree
    func metadata(for ruleId: String) -> RuleMetadata?
    /// Whether any rule looks across documents (then edits re-check the other documents).
    var hasSetRules: Bool { get }
}

extension AnalysisProvider {
    public func analyze(
        _ document: SourceDocument, workspace: [ToolSet], settings: AnalysisSettings, previous: DocumentAnalysis?
    ) -> DocumentAnalysis {
        analyze(document, workspace: workspace, settings: settings)
    }
}

/// `Analyzer` with the built-in rules.
public struct StandardAnalysis: AnalysisProvider {
    public let engine: RuleEngine
    /// Looked up once per diagnostic, so indexed once here.
    private let metadataByID: [String: RuleMetadata]

    public init(engine: RuleEngine = RuleEngine()) {
        self.engine = engine
        self.metadataByID = Dictionary(engine.allMetadata.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func analyze(_ document: SourceDocument, workspace: [ToolSet], settings: AnalysisSettings)
        -> DocumentAnalysis
    {
        analyze(document, workspace: workspace, settings: settings, previous: nil)
    }

    public func analyze(
        _ document: SourceDocument, workspace: [ToolSet], settings: AnalysisSettings, previous: DocumentAnalysis?
    ) -> DocumentAnalysis {
        if let kind = CompanionKind(uri: document.uri) {
            return CompanionAnalysis.analyze(document, kind: kind)
        }
        let result = Analyzer(engine: engine, settings: settings).analyze(
            document, workspace: workspace, previous: previous?.memo)
        return DocumentAnalysis(
            version: document.version, tree: document.tree, toolSet: result.toolSet, findings: result.findings,
            memo: result.memo)
    }

    public func syntaxTree(of document: SourceDocument) -> SyntaxTree { document.tree }

    public func metadata(for ruleId: String) -> RuleMetadata? { metadataByID[ruleId] }

    public var hasSetRules: Bool { !engine.setRules.isEmpty }
}
