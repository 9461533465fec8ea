import Analysis
import Cost
import Foundation
import JSON
import JSONRPC
import Selection
import SourceDocument
import ToolModel

/// Documents that are about tools without being tool files: prompt sets (the selection
/// simulator) and workflows (the cost preview). Recognised by their file names, as
/// `toolwright simulate` and `toolwright cost` document them.
public enum CompanionKind: String, Sendable {
    case promptSet = "prompts"
    case workflow

    public init?(uri: String) {
        let name = uri.lowercased()
        for ext in ["yaml", "yml", "json"] {
            if name.hasSuffix(".prompts.\(ext)") {
                self = .promptSet
                return
            }
            if name.hasSuffix(".workflow.\(ext)") {
                self = .workflow
                return
            }
        }
        return nil
    }
}

/// What the simulator or the cost preview said about a companion document: its report (the
/// `toolwright/simulateSelection` and `toolwright/costPreview` results) and its lenses.
public struct CompanionAnalysis: Sendable {
    public var kind: CompanionKind
    /// The report as the CLI's `--format json` prints it; `null` when it could not be made.
    public var report: JSONValue
    /// Lens titles at pointers into the document.
    public var lenses: [(pointer: JSONPointer, title: String)]
    /// The self-contained HTML report (workflows).
    public var html: String?

    static func analyze(_ document: SourceDocument, kind: CompanionKind) -> DocumentAnalysis {
        let path = URL(string: document.uri).map(\.path) ?? document.uri
        var findings: [Finding] = []
        var companion = CompanionAnalysis(kind: kind, report: .null, lenses: [], html: nil)
        switch kind {
        case .promptSet:
            let report = PromptSetLoader.simulate(document: document, path: path)
            findings = report.findings
            companion.report = ReportFormatter.json(report)
            companion.lenses = report.results.map { ($0.prompt.pointer, ReportFormatter.lens($0)) }
        case .workflow:
            let outcome = CostPreview.run(document: document)
            findings = outcome.findings
            if let report = outcome.report {
                companion.report = CostReportJSON.value(report)
                companion.lenses = [(.root, report.summaryLine)]
                companion.html = HTMLReport.render(report)
            }
        }
        let syntax = document.tree.diagnostics.map { diagnostic in
            Finding(
                ruleId: diagnostic.code.rawValue, severity: diagnostic.severity == .error ? .error : .warning,
                message: diagnostic.message, pointer: .root, byteRange: diagnostic.range)
        }
        // The workflow reader reports syntax problems itself; keep one copy of each.
        let own = findings.filter { finding in
            !syntax.contains { $0.byteRange == finding.byteRange && finding.byteRange != nil }
        }
        let resolved = (syntax + own).map { finding -> ResolvedFinding in
            if let range = finding.byteRange { return ResolvedFinding(finding: finding, range: range, exact: true) }
            let location = document.tree.location(of: finding.pointer, preferKey: finding.preferKey)
            return ResolvedFinding(
                finding: finding, range: location?.range ?? 0..<0, exact: location?.exact ?? false)
        }
        return DocumentAnalysis(
            version: document.version, tree: document.tree,
            toolSet: ToolSet(uri: document.uri, dialect: nil, tools: []), findings: resolved, companion: companion)
    }
}

extension LanguageServer {
    /// `toolwright/simulateSelection` and `toolwright/costPreview`: the open document's report.
    func companionReport(_ doc: OpenDocument, _ analyzed: AnalyzedDocument?, _ kind: CompanionKind) throws
        -> JSONValue
    {
        guard let companion = analyzed?.analysis.companion, companion.kind == kind else {
            let expected = kind == .promptSet ? "a *.prompts.yaml|json prompt set" : "a *.workflow.yaml|json workflow"
            throw ResponseError.invalidParams("\(doc.document.uri) is not \(expected)")
        }
        return companion.report
    }
}
