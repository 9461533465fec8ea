import Analysis
import Foundation
import JSON
import Rules
import SourceDocument
import Testing
import ToolModel

@testable import LanguageServer

/// The standard analysis, remembering (weakly) the memo of every analysis it made and which
/// earlier analysis each one was given.
final class MemoRecorder: AnalysisProvider, @unchecked Sendable {
    private final class Weak {
        weak var memo: AnalysisMemo?
        init(_ memo: AnalysisMemo?) { self.memo = memo }
    }

    let standard = StandardAnalysis()
    private let lock = NSLock()
    private var made: [(version: Int, memo: Weak, reused: Int?)] = []
    private var givenPrevious: [Int: Int] = [:]

    func analyze(_ document: SourceDocument, workspace: [ToolSet], settings: AnalysisSettings) -> DocumentAnalysis {
        analyze(document, workspace: workspace, settings: settings, previous: nil)
    }

    func analyze(
        _ document: SourceDocument, workspace: [ToolSet], settings: AnalysisSettings, previous: DocumentAnalysis?
    ) -> DocumentAnalysis {
        let result = standard.analyze(document, workspace: workspace, settings: settings, previous: previous)
        lock.withLock {
            made.append((document.version, Weak(result.memo), result.memo?.reusedToolCount))
            if let previous { givenPrevious[document.version] = previous.version }
        }
        return result
    }

    func syntaxTree(of document: SourceDocument) -> SyntaxTree { standard.syntaxTree(of: document) }
    func metadata(for ruleId: String) -> RuleMetadata? { standard.metadata(for: ruleId) }
    var hasSetRules: Bool { standard.hasSetRules }

    /// Versions whose memo is still in memory.
    var aliveVersions: [Int] { lock.withLock { made.filter { $0.memo.memo != nil }.map(\.version) } }
    func previousVersion(of version: Int) -> Int? { lock.withLock { givenPrevious[version] } }
    func reused(in version: Int) -> Int? { lock.withLock { made.last { $0.version == version }?.reused } }
}

@Suite struct AnalysisMemoTests {
    static func document(tools: Int) -> String {
        let entries = (0..<tools).map { index in
            #"    {"name": "tool_\#(index)", "description": "Reads record \#(index) of the store for the user.", "#
                + #""inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}}}"#
        }
        return "{\"tools\": [\n" + entries.joined(separator: ",\n") + "\n]}\n"
    }

    /// Where tool `index`'s description text starts (the text is ASCII: UTF-16 = bytes).
    static func descriptionStart(_ text: String, tool index: Int) -> TextRange {
        let line = Array(text.split(separator: "\n")[index + 1].utf8)
        let marker = Array("Reads record".utf8)
        let column = (0...(line.count - marker.count)).first { Array(line[$0..<$0 + marker.count]) == marker }!
        let start = TextPosition(line: index + 1, character: column)
        return TextRange(start: start, end: start)
    }

    @Test func anEditReusesTheLastPublishedAnalysis() async throws {
        let recorder = MemoRecorder()
        let client = TestClient(provider: recorder)
        try await client.initialize()
        let uri = "file:///memo/tools.json"
        let text = Self.document(tools: 20)
        client.open(uri, text)
        _ = try await client.diagnostics(uri, version: 1)
        client.change(uri, version: 2, [TestClient.edit(Self.descriptionStart(text, tool: 4), "Quickly ")])
        _ = try await client.diagnostics(uri, version: 2)
        #expect(recorder.previousVersion(of: 2) == 1)
        // Nineteen tools are unchanged; only the edited one is checked again.
        #expect(recorder.reused(in: 2) == 19)
    }

    @Test func memosAreFreedWithTheirAnalysisAndTheirDocument() async throws {
        let recorder = MemoRecorder()
        let client = TestClient(provider: recorder)
        try await client.initialize()
        let uri = "file:///memo/bounded.json"
        let text = Self.document(tools: 10)
        client.open(uri, text)
        _ = try await client.diagnostics(uri, version: 1)
        for version in 2...6 {
            client.change(uri, version: version, [TestClient.edit(Self.descriptionStart(text, tool: 2), "x")])
            _ = try await client.diagnostics(uri, version: version)
        }
        // Only the published analysis keeps its memo; the ones it replaced are gone.
        _ = try await client.waitFor("older memos freed") { recorder.aliveVersions == [6] ? true : nil }
        client.notify("textDocument/didClose", ["textDocument": ["uri": .string(uri)]])
        _ = try await client.waitFor("memo freed on close") { recorder.aliveVersions.isEmpty ? true : nil }
    }
}
