import Foundation
import JSON
import SourceDocument
import Testing

@testable import LanguageServer

/// The selection simulator in tool files and prompt sets: "picked by N/M prompts" lenses on
/// tools and the ranking on hover over a prompt entry.
@Suite struct SelectionEditorTests {
    static let tools = """
        {"tools": [
          {"name": "search_issues", "description": "Search issues by text, label or state."},
          {"name": "create_issue", "description": "Create a new issue with a title and body."}
        ]}
        """

    static let prompts = """
        prompts:
          - prompt: search issues about the login timeout
            expect: search_issues
          - find open issues labelled bug
          - prompt: create an issue for the crash on start
            expect: create_issue

        """

    /// A fresh folder with `issues.tools.json` and `issues.prompts.yaml` on disk.
    private func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tw-sel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Self.tools.write(to: dir.appendingPathComponent("issues.tools.json"), atomically: true, encoding: .utf8)
        try Self.prompts.write(
            to: dir.appendingPathComponent("issues.prompts.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    private func pickedTitles(_ client: TestClient, _ uri: String) async throws -> [String] {
        let lenses = try await client.request("textDocument/codeLens", ["textDocument": ["uri": .string(uri)]])
        return (lenses.arrayValue ?? []).compactMap { $0.at("command.title")?.stringValue }.filter {
            $0.hasPrefix("picked by")
        }
    }

    @Test func toolFileLensesCountPicksFromPromptSetsOnDiskAndOpen() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let client = TestClient()
        try await client.initialize()
        let toolURI = dir.appendingPathComponent("issues.tools.json").absoluteString
        client.open(toolURI, Self.tools)
        _ = try await client.diagnostics(toolURI)
        #expect(try await pickedTitles(client, toolURI) == ["picked by 2/3 prompts", "picked by 1/3 prompts"])

        // An open prompt buffer wins over the file on disk.
        let promptURI = dir.appendingPathComponent("issues.prompts.yaml").absoluteString
        client.open(promptURI, Self.prompts + "  - create another issue for the slow build\n", languageId: "yaml")
        _ = try await client.diagnostics(promptURI)
        #expect(try await pickedTitles(client, toolURI) == ["picked by 2/4 prompts", "picked by 2/4 prompts"])

        // Unsaved edits to the tool file count too: without `create_issue` nothing picks it.
        let renamed = Self.tools.replacingOccurrences(
            of: "Create a new issue with a title and body.", with: "Archive a repository."
        )
        .replacingOccurrences(of: "create_issue", with: "archive_repository")
        client.change(
            toolURI, version: 2,
            [
                TestClient.edit(
                    TextRange(start: TextPosition(line: 0, character: 0), end: TextPosition(line: 3, character: 2)),
                    renamed)
            ])
        _ = try await client.diagnostics(toolURI, version: 2)
        #expect(try await pickedTitles(client, toolURI) == ["picked by 4/4 prompts", "picked by 0/4 prompts"])
    }

    @Test func toolFileWithoutPromptSetsHasNoPickLens() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tw-sel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let client = TestClient()
        try await client.initialize()
        let toolURI = dir.appendingPathComponent("lonely.tools.json").absoluteString
        client.open(toolURI, Self.tools)
        _ = try await client.diagnostics(toolURI)
        #expect(try await pickedTitles(client, toolURI).isEmpty)
    }

    @Test func hoverOnAPromptEntryShowsTheRanking() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let client = TestClient()
        try await client.initialize(capabilities: [
            "textDocument": ["hover": ["contentFormat": ["markdown", "plaintext"]]]
        ])
        let promptURI = dir.appendingPathComponent("issues.prompts.yaml").absoluteString
        client.open(promptURI, Self.prompts, languageId: "yaml")
        _ = try await client.diagnostics(promptURI)
        // Line 4: `  - prompt: create an issue for the crash on start`.
        let hover = try await client.request(
            "textDocument/hover",
            ["textDocument": ["uri": .string(promptURI)], "position": TextPosition(line: 4, character: 20).json])
        let value = try #require(hover.at("contents.value")?.stringValue)
        #expect(value.contains("Simulated tool selection"))
        let first = try #require(value.range(of: "`create_issue`"))
        let second = try #require(value.range(of: "`search_issues`"))
        #expect(first.lowerBound < second.lowerBound, "the winner is listed first")
        #expect(value.contains("margin"))
        #expect(value.contains("expected create_issue (rank 1)"))
        #expect(value.contains("Flags: "))
        #expect(hover.at("range.start.line")?.numberValue == 4)

        // Off any prompt entry (the `prompts:` key): no ranking.
        let outside = try await client.request(
            "textDocument/hover",
            ["textDocument": ["uri": .string(promptURI)], "position": TextPosition(line: 0, character: 2).json])
        #expect(outside.at("contents.value")?.stringValue?.contains("Simulated tool selection") != true)
    }
}
