import JSON
import Selection
import Testing

@Suite struct ReportFormatterTests {
    @Test func jsonAndTextCarryRankingFlagsAndFindings() throws {
        let set = PromptSetReader.read(
            try Jansson.decode(#"{"prompts":[{"prompt":"open a new issue","expect":"search_issues"}]}"#), uri: "p")
        let report = SelectionSimulator.simulate(
            promptSet: set,
            toolSets: [
                mcpTools([("search_issues", "Search issues by text."), ("create_issue", "Create a new issue.")])
            ])
        let json = ReportFormatter.json(report)
        #expect(json["summary"]?["wrongToolWins"] == 1)
        let prompt = try #require(json["prompts"]?[0])
        #expect(prompt["ranking"]?[0]?["tool"] == "create_issue")
        #expect(prompt["expectedRank"] == 2)
        #expect(prompt["flags"] == ["wrong-tool-wins"])
        #expect(json["findings"]?[0]?["ruleId"] == "wrong-tool-wins")
        let text = ReportFormatter.text(report)
        #expect(text.contains("→ create_issue "))
        #expect(text.contains("runner-up search_issues"))
        #expect(text.contains("expected search_issues: rank 2"))
        #expect(text.contains("1 wrong-tool-wins"))
        #expect(ReportFormatter.toolLens(report, toolIndex: 1) == "picked by 1/1 prompts")
        #expect(ReportFormatter.toolLens(report, toolIndex: 0) == "picked by 0/1 prompts")
    }
}
