import Foundation
import SourceDocument
import Tokenizer
import ToolModel

/// One call for the CLI and the language server: load a workflow (file or open document),
/// estimate it, and hand back the report with every finding, or the findings that stopped it.
public enum CostPreview {
    /// The outcome: a report when the workflow could be estimated, and all findings either way.
    public struct Outcome: Sendable {
        public var report: CostReport?
        public var findings: [Finding]
    }

    /// For `toolwright cost WORKFLOW`.
    public static func run(path: String, options: CostOptions = CostOptions()) -> Outcome {
        let (loaded, findings) = WorkflowLoader.load(path: path)
        return estimate(loaded, findings: findings, options: options)
    }

    /// For `toolwright/costPreview` and the code lens: an open document whose relative paths
    /// resolve against the directory of its `file://` URI (or `directory` when given).
    public static func run(document: SourceDocument, directory: String? = nil, options: CostOptions = CostOptions())
        -> Outcome
    {
        let base =
            directory ?? URL(string: document.uri).map { $0.deletingLastPathComponent().path }
            ?? FileManager.default.currentDirectoryPath
        let (loaded, findings) = WorkflowLoader.load(document, directory: base)
        return estimate(loaded, findings: findings, options: options)
    }

    private static func estimate(_ loaded: LoadedWorkflow?, findings: [Finding], options: CostOptions) -> Outcome {
        guard let loaded, !findings.contains(where: { $0.severity == .error && $0.ruleId == WorkflowReader.syntaxId })
        else { return Outcome(report: nil, findings: findings) }
        do {
            return Outcome(report: try CostModel.estimate(loaded, options: options), findings: findings)
        } catch {
            let finding = Finding(
                ruleId: "workflow-tokenizer", severity: .error,
                message: "Cannot count tokens: \(error)", pointer: .root)
            return Outcome(report: nil, findings: findings + [finding])
        }
    }
}
