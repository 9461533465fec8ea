import Analysis
import JSON
import Rules
import SourceDocument
import Tokenizer
import ToolModel

/// A document's token counts per enabled provider, or why there are none.
struct TokenCounts {
    var report: ToolTokenReport?
    var error: String?

    /// One tool's counts, by its index in the document's tool set.
    func counts(ofTool index: Int) -> [TokenCount] {
        guard let report, index < report.tools.count else { return [] }
        return report.tools[index].counts
    }

    func share(ofTool index: Int) -> Double? {
        guard let report, index < report.tools.count else { return nil }
        return report.tools[index].share
    }
}

extension LanguageServer {
    /// The counts for an analysed document, computed once per analysis (on the server queue:
    /// a few milliseconds for ordinary files) and cached in the document's state.
    func tokenCounts(uri: String, _ analyzed: AnalyzedDocument) -> TokenCounts {
        if let cached = documents[uri]?.analyzed?.tokens { return cached }
        let set = analyzed.analysis.toolSet
        let targets = settings.targets ?? Target.defaults(for: set.dialect)
        var counts = TokenCounts()
        do {
            counts.report = try ToolTokens.report(for: set, providers: ToolTokens.providers(for: targets))
        } catch {
            counts.error = "\(error)"
            log(.warning, "token counts unavailable: \(error)")
        }
        documents[uri]?.analyzed?.tokens = counts
        return counts
    }

    /// `86 tokens (gpt-4o) · 48% of this file`.
    static func tokenLensTitle(_ counts: [TokenCount], share: Double?) -> String? {
        guard let first = counts.first else { return nil }
        var title = "\(ToolTokens.grouped(first.tokens)) tokens (\(first.model))"
        if let share { title += " · \(Int((share * 100).rounded()))% of this file" }
        return title
    }
}
