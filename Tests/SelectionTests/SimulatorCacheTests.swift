import Foundation
import Selection
import SourceDocument
import Testing

/// The editor path: an open prompt document simulated against tool files on disk, whose index
/// is reused until a tool file changes.
@Suite struct SimulatorCacheTests {
    @Test func reusesTheIndexUntilTheToolFileChanges() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tw-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let tools = dir.appendingPathComponent("a.tools.json")
        let promptPath = dir.appendingPathComponent("a.prompts.yaml").path
        try
            #"{"tools":[{"name":"search_issues","description":"Search issues."},{"name":"send_email","description":"Send an email."}]}"#
            .write(to: tools, atomically: true, encoding: .utf8)
        func run(_ text: String) -> SimulationReport {
            let document = SourceDocument(uri: URL(fileURLWithPath: promptPath).absoluteString, bytes: Array(text.utf8))
            return PromptSetLoader.simulate(document: document, path: promptPath)
        }
        let first = run("prompts: [search issues about login]")
        #expect(first.results.map { $0.ranking.top?.name } == ["search_issues"])
        // An edited prompt buffer against the same (cached) tools.
        let second = run("prompts: [search issues about login, email the team]")
        #expect(second.results.map { $0.ranking.top?.name } == ["search_issues", "send_email"])
        // The tool file changes on disk (another size): the next run sees the new tools.
        try
            #"{"tools":[{"name":"find_tickets","description":"Find tickets and issues by text."},{"name":"send_email","description":"Send an email."}]}"#
            .write(to: tools, atomically: true, encoding: .utf8)
        let third = run("prompts: [search issues about login]")
        #expect(third.results.map { $0.ranking.top?.name } == ["find_tickets"])
        // A missing tool file is reported, not cached.
        try FileManager.default.removeItem(at: tools)
        #expect(run("prompts: [search issues]").findings.map(\.ruleId).contains("prompt-tools-missing"))
    }
}
