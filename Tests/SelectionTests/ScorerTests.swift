import JSON
import Selection
import Testing
import ToolModel

@Suite struct ScorerTests {
    @Test func nameAndDescriptionWordsPickTheTool() {
        let set = mcpTools([
            ("search_issues", "Search issues in a repository by text."),
            ("create_issue", "Create a new issue in a repository."),
            ("list_pull_requests", "List open pull requests of a repository."),
        ])
        let simulator = SelectionSimulator(toolSets: [set])
        #expect(simulator.rank("find issues mentioning login timeouts").top?.name == "search_issues")
        #expect(simulator.rank("open a new bug report issue").top?.name == "create_issue")
        #expect(simulator.rank("which pull requests are open?").top?.name == "list_pull_requests")
    }

    @Test func synonymsBridgeWordsTheToolDoesNotUse() {
        let set = mcpTools([
            ("remove_file", "Remove a file from the disk."),
            ("copy_file", "Copy a file from the disk."),
        ])
        let prompt = "delete the draft file"
        // Lexical scoring isolates the synonym table (with the semantic layer, "draft" pulls
        // towards `copy_file`: see docs/SELECTION.md).
        #expect(SelectionSimulator(toolSets: [set], options: .lexical).rank(prompt).top?.name == "remove_file")
        var plain = ScorerOptions.lexical
        plain.synonyms = false
        let without = SelectionSimulator(toolSets: [set], options: plain).rank(prompt)
        // Without synonyms only "file" is shared, which both tools say: a tie.
        #expect(without.ranking[0].score == without.ranking[1].score)
    }

    @Test func idfIsNeverNegativeOnTinySets() {
        // Every tool says "weather": BM25Okapi's IDF would be negative here and punish it.
        let set = mcpTools([
            ("weather_now", "Current weather for a city."),
            ("weather_history", "Past weather for a city and date."),
        ])
        let ranking = SelectionSimulator(toolSets: [set], options: .lexical).rank("weather")
        #expect(ranking.ranking.allSatisfy { $0.score > 0 })
    }

    @Test func nearDuplicateToolsNearlyTie() {
        let set = mcpTools([
            ("forecast_daily", "Daily weather forecast for a city."),
            ("forecast_hourly", "Hourly weather forecast for a city."),
            ("send_email", "Send an email to a recipient."),
        ])
        let ranking = SelectionSimulator(toolSets: [set], options: .lexical).rank("weather forecast for Paris")
        #expect(Set(ranking.ranking.prefix(2).map(\.name)) == ["forecast_daily", "forecast_hourly"])
        #expect(ranking.relativeMargin < SelectionThresholds.default.nearTieRelativeMargin)
        #expect(ranking.ranking[2].score == 0)
    }

    @Test func noOverlapScoresNothing() {
        let set = mcpTools([("get_forecast", "Weather forecast."), ("send_email", "Send an email.")])
        let ranking = SelectionSimulator(toolSets: [set], options: .lexical).rank("translate this sentence into French")
        #expect(ranking.ranking.allSatisfy { $0.score == 0 })
        #expect(ranking.coverage == 0)
        #expect(ranking.relativeMargin == 0)
    }

    @Test func tiesBreakByToolOrder() {
        let set = mcpTools([("b_tool", "Alpha beta."), ("a_tool", "Alpha beta.")])
        let ranking = SelectionSimulator(toolSets: [set]).rank("alpha")
        #expect(ranking.ranking.map(\.name) == ["b_tool", "a_tool"])
    }

    @Test func parameterNamesDescriptionsAndEnumsCount() throws {
        let set = try tools(
            #"""
            [{"type":"function","function":{"name":"convert","description":"Convert an amount.",
              "parameters":{"type":"object","properties":{"unit":{"type":"string","enum":["celsius","fahrenheit"]}}}}},
             {"type":"function","function":{"name":"exchange","description":"Exchange an amount.",
              "parameters":{"type":"object","properties":{"currency":{"type":"string","description":"ISO code such as EUR"}}}}}]
            """#)
        let simulator = SelectionSimulator(toolSets: [set])
        #expect(simulator.rank("30 celsius in fahrenheit").top?.name == "convert")
        #expect(simulator.rank("100 EUR to another currency").top?.name == "exchange")
    }

    @Test func coverageIsHighWhenTheToolSaysEveryPromptWord() {
        let set = mcpTools([("get_forecast", "Weather forecast for a city."), ("send_email", "Send an email.")])
        let simulator = SelectionSimulator(toolSets: [set])
        #expect(simulator.rank("weather forecast city").coverage > 0.9)
        #expect(simulator.rank("weather forecast for the volcano eruption tomorrow").coverage < 0.6)
    }
}
