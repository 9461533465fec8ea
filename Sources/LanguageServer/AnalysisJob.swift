import Analysis
import Foundation
import JSON
import Plugins
import SourceDocument
import ToolModel

/// One analysis, run off the state queue on copies of everything it needs.
struct AnalysisJob: Sendable {
    let provider: any AnalysisProvider
    let settings: AnalysisSettings
    let encoding: PositionEncoding
    /// Out-of-process plugins of a trusted workspace (or a host that reports the missing trust).
    let plugins: PluginHost?
    /// Other documents' tool sets, for set-level rules.
    let workspace: [ToolSet]
    /// Analysed open documents with their tree, to place related locations.
    let openDocuments: [String: (TextBuffer, SyntaxTree)]
    /// MCP config documents: the servers' fetched tools (`LiveMCPAnalysis.swift`).
    var liveMCP: LiveMCPSnapshot? = nil
    /// The document's last published analysis, whose work is reused where the text is the same.
    var previous: DocumentAnalysis? = nil

    func run(_ buffer: TextBuffer) -> AnalyzedDocument {
        // After an edit, only the edited value is parsed again where that gives the same tree.
        let document =
            previous?.memo?.document(
                uri: buffer.uri, bytes: buffer.bytes, version: buffer.version, format: buffer.format,
                lineIndex: buffer.lineIndex) ?? buffer.sourceDocument()
        var analysis = provider.analyze(document, workspace: workspace, settings: settings, previous: previous)
        if let plugins, analysis.isToolDocument {
            // The analysis queue is a plain dispatch queue, so waiting here blocks no task.
            let tools = analysis.toolSet
            let extra = Blocking.wait { await plugins.analyze(document, tools: tools) }
            let analyzer = Analyzer()
            analysis.findings = analyzer.sort(analysis.findings + extra.map { analyzer.resolve($0, in: document) })
        }
        // JSON or YAML that is not a tool file only gets its syntax problems reported, so an
        // editor attached to every .json file does not flag package.json for missing tools.
        var findings =
            analysis.publishesAllFindings
            ? analysis.findings : analysis.findings.filter { $0.finding.byteRange != nil }
        let mcp = liveMCP?.analyze(document, provider: provider, settings: settings)
        if let mcp { findings = Analyzer().sort(findings + mcp.findings) }
        var trees: [String: (TextBuffer, SyntaxTree)] = [buffer.uri: (buffer, analysis.tree)]
        let published = findings.map { resolved in
            PublishedFinding(finding: resolved, diagnostic: diagnostic(for: resolved, in: buffer, trees: &trees))
        }
        return AnalyzedDocument(analysis: analysis, published: published, mcp: mcp)
    }

    func diagnostic(
        for resolved: ResolvedFinding, in document: TextBuffer, trees: inout [String: (TextBuffer, SyntaxTree)]
    ) -> JSONValue {
        let finding = resolved.finding
        var related: [JSONValue] = []
        for location in finding.related {
            let uri = location.uri ?? document.uri
            guard let (other, tree) = lookup(uri, &trees), let place = tree.location(of: location.pointer) else {
                continue
            }
            related.append([
                "location": ["uri": .string(uri), "range": other.range(of: place.range, encoding: encoding).json],
                "message": .string(location.message),
            ])
        }
        let docsURL = provider.metadata(for: finding.ruleId)?.docsURL
        return .object([
            "range": document.range(of: resolved.range, encoding: encoding).json,
            "severity": .integer(Self.severity(finding.severity)),
            "code": .string(finding.ruleId),
            "codeDescription": docsURL.map { ["href": .string($0)] },
            "source": "toolwright",
            "message": .string(finding.message),
            "relatedInformation": related.isEmpty ? nil : .array(related),
        ])
    }

    static func severity(_ severity: Severity) -> Int64 {
        switch severity {
        case .error: 1
        case .warning: 2
        case .info: 3
        case .hint: 4
        }
    }

    /// An open document's tree, or the file read from disk for a closed one.
    private func lookup(_ uri: String, _ trees: inout [String: (TextBuffer, SyntaxTree)])
        -> (TextBuffer, SyntaxTree)?
    {
        if let hit = trees[uri] ?? openDocuments[uri] { return hit }
        var entry: (TextBuffer, SyntaxTree)?
        if let url = URL(string: uri), url.isFileURL, let data = FileManager.default.contents(atPath: url.path) {
            let buffer = TextBuffer(uri: uri, bytes: [UInt8](data), version: 0)
            entry = (buffer, provider.syntaxTree(of: buffer.sourceDocument()))
        }
        if let entry { trees[uri] = entry }
        return entry
    }
}
