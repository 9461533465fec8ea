import JSON
import Rules
import SourceDocument
import Tokenizer
import ToolModel

/// The version `toolwright --version` and the reports print.
public enum ToolwrightVersion {
    public static let current = "0.1.0"
}

/// The results of one `check` run, ready to be written in any output format.
public struct CheckReport: Sendable {
    public var results: [AnalysisResult]
    /// The rule catalogue, for SARIF's `tool.driver.rules` and for doc links.
    public var rules: [RuleMetadata]
    /// Paths that could not be read (they make `check` exit 2).
    public var loadErrors: [LoadError]
    /// Token counts per document URI (`check --tokens`); empty when not asked for.
    public var tokens: [String: ToolTokenReport]

    public init(
        results: [AnalysisResult], rules: [RuleMetadata], loadErrors: [LoadError] = [],
        tokens: [String: ToolTokenReport] = [:]
    ) {
        self.results = results
        self.rules = rules
        self.loadErrors = loadErrors
        self.tokens = tokens
    }

    public var allFindings: [ResolvedFinding] { results.flatMap(\.findings) }

    public func count(_ severity: Severity) -> Int {
        allFindings.count { $0.finding.severity == severity }
    }

    /// True when any finding is at or above `threshold`: what makes `check` exit 1.
    public func hasFindings(atOrAbove threshold: Severity) -> Bool {
        allFindings.contains { $0.finding.severity >= threshold }
    }

    func document(uri: String) -> SourceDocument? {
        results.first { $0.document.uri == uri }?.document
    }

    /// Where a related location lands: its own document (or the finding's), and its byte range.
    func resolve(_ related: RelatedLocation, from result: AnalysisResult) -> (SourceDocument, ByteRange)? {
        let target = related.uri.flatMap { self.document(uri: $0) } ?? result.document
        guard related.uri == nil || related.uri == target.uri else { return nil }
        guard let location = target.tree.location(of: related.pointer) else { return nil }
        return (target, location.range)
    }
}

/// A range as people and SARIF count it: lines and columns from 1, columns in Unicode code
/// points (so `é` and `日` are one column each, an emoji is one column), end exclusive.
public struct HumanRange: Sendable, Hashable {
    public var startLine: Int
    public var startColumn: Int
    public var endLine: Int
    public var endColumn: Int

    public init(_ range: ByteRange, in document: SourceDocument) {
        let text = document.lineIndex.range(of: range, encoding: .utf32)
        startLine = text.start.line + 1
        startColumn = text.start.character + 1
        endLine = text.end.line + 1
        endColumn = text.end.character + 1
    }
}
