import Foundation
import JSON
import Testing

/// `toolwright rules --markdown` writes docs/rules/README.md; the committed index must be its output.
@Suite struct CLIRulesIndexTests {
    @Test func committedIndexIsTheGeneratedOne() async throws {
        let run = try await ToolwrightBinary.run(["rules", "--markdown"])
        #expect(run.status == 0)
        let committed = try String(
            contentsOf: ToolwrightBinary.repositoryRoot.appendingPathComponent("docs/rules/README.md"), encoding: .utf8)
        #expect(
            run.stdout == committed,
            "docs/rules/README.md is stale: run `toolwright rules --markdown > docs/rules/README.md`")
    }

    @Test func everyRuleHasARowWithItsPagesSeverity() async throws {
        let rules = try await ToolwrightBinary.run(["rules", "--format", "json"]).json().arrayValue ?? []
        let index = try await ToolwrightBinary.run(["rules", "--markdown"]).stdout
        let rows = index.split(separator: "\n").filter { $0.hasPrefix("| [") }
        for rule in rules {
            let id = rule["id"]?.stringValue ?? ""
            let row = try #require(rows.first { $0.hasPrefix("| [\(id)](\(id).md) |") }, "\(id)")
            let fixable = rule["fixable"] == .bool(true) ? "yes" : "no"
            #expect(row.contains(" | \(fixable) | "), "\(row)")
        }
        // The severity cell is the page's, which knows more than the metadata's default.
        let page = try String(
            contentsOf: ToolwrightBinary.repositoryRoot.appendingPathComponent("docs/rules/name-duplicate.md"),
            encoding: .utf8)
        let data = try #require(page.split(separator: "\n").first { $0.hasPrefix("| naming |") })
        let cells = data.split(separator: "|")
        try #require(cells.count > 1)
        let cell = cells[1]
        let row = try #require(rows.first { $0.hasPrefix("| [name-duplicate]") })
        #expect(row.contains(" | \(cell.trimmingCharacters(in: .whitespaces)) | "))
        // Without pages, the metadata's default severity.
        let bare = try await ToolwrightBinary.run(["rules", "--markdown", "--pages", "/nonexistent"]).stdout
        #expect(bare.contains("| [name-duplicate](name-duplicate.md) | naming | error | all | no |"))
    }
}
