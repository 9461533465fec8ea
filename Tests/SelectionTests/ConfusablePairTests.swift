import JSON
import Selection
import Testing
import ToolModel

@Suite struct ConfusablePairTests {
    @Test func nearDuplicatesAreFlaggedWithSharedWordsAndBothLocations() throws {
        let set = mcpTools([
            ("forecast_daily", "Daily weather forecast for a city, with temperature, rain and wind."),
            ("forecast_hourly", "Hourly weather forecast for a city, with temperature, rain and wind."),
            ("send_email", "Send an email to a recipient."),
        ])
        let findings = ConfusablePairAnalyzer.findings(for: set, workspace: [set])
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.ruleId == "set-confusable-pair")
        #expect(finding.pointer == pointer("/tools/0/name"))
        #expect(finding.related.map(\.pointer) == [pointer("/tools/1/name")])
        #expect(finding.related.first?.uri == nil)
        #expect(finding.message.contains("`forecast`"))
        #expect(finding.message.contains("only `forecast_daily` mentions `daily`"))
    }

    @Test func namesWithTheSameWordsAreConfusable() {
        let set = mcpTools([
            ("checkSpelling", "Check the spelling of a word."),
            ("spellCheck", "Correct mistakes in a text."),
            ("getWordMeaning", "Retrieve the meaning of a word."),
        ])
        let pairs = ConfusablePairAnalyzer.pairs(in: [set])
        #expect(pairs.map { [$0.first.name, $0.second.name] } == [["checkSpelling", "spellCheck"]])
        #expect(pairs.first?.sameNameWords == true)
    }

    @Test func unrelatedToolsAreNotFlagged() {
        let set = mcpTools([
            ("send_email", "Send an email to a recipient."),
            ("get_forecast", "Weather forecast for a city."),
            ("create_issue", "Create an issue in a repository."),
        ])
        #expect(ConfusablePairAnalyzer.findings(for: set, workspace: []).isEmpty)
    }

    @Test func pairsAcrossFilesPointAtTheOtherFile() throws {
        let here = mcpTools(
            [
                (
                    "search_issues",
                    "Search the issues of a repository by title, label, author, assignee, milestone and text."
                )
            ],
            uri: "file:///a.json")
        let there = mcpTools(
            [("find_issues", "Find the issues of a repository by title, label, author, assignee, milestone and text.")],
            uri: "file:///b.json")
        let findings = ConfusablePairAnalyzer.findings(for: here, workspace: [here, there])
        let finding = try #require(findings.first)
        #expect(finding.pointer == pointer("/tools/0/name"))
        #expect(finding.related.first?.uri == "file:///b.json")
        #expect(
            ConfusablePairAnalyzer.findings(for: there, workspace: [here, there]).first?.related.first?.uri
                == "file:///a.json")
    }
}
