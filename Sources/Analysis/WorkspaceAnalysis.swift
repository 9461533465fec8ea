import SourceDocument
import ToolModel

extension Analyzer {
    /// Analyses documents that form one workspace: set-level rules see every document's tools,
    /// and each result holds only the findings located in its own document.
    public func analyze(workspace documents: [SourceDocument]) -> [AnalysisResult] {
        let sets = documents.map { toolSet(of: $0) }
        return documents.map { analyze($0, workspace: sets) }
    }
}
