import JSON
import Selection
import Testing
import ToolModel

@Suite struct FlagTests {
    let toolSet = mcpTools(
        [
            ("search_issues", "Search issues in a repository by text."),
            ("create_issue", "Create a new issue in a repository."),
            ("forecast_daily", "Daily weather forecast for a city."),
            ("forecast_hourly", "Hourly weather forecast for a city."),
        ], uri: "file:///w/gh.tools.json")

    func run(_ prompts: String) throws -> SimulationReport {
        let set = PromptSetReader.read(try Jansson.decode(prompts), uri: "file:///w/gh.prompts.json")
        return SelectionSimulator.simulate(promptSet: set, toolSets: [toolSet])
    }

    @Test func wrongToolWinsCarriesTheMarginAndBothTools() throws {
        let report = try run(#"{"prompts":[{"prompt":"open a new issue about the crash","expect":"search_issues"}]}"#)
        let result = try #require(report.results.first)
        #expect(result.flags == [.wrongToolWins])
        #expect(result.ranking.top?.name == "create_issue")
        #expect(result.expectedRank == 1)
        let finding = try #require(report.findings.first { $0.ruleId == "wrong-tool-wins" })
        #expect(finding.pointer == pointer("/prompts/0"))
        #expect(finding.message.contains("`create_issue` beats the expected `search_issues` by "))
        #expect(finding.related.map(\.pointer) == [pointer("/tools/1"), pointer("/tools/0")])
        #expect(finding.related.first?.uri == "file:///w/gh.tools.json")
    }

    @Test func expectedWinnerRaisesNothing() throws {
        let report = try run(#"{"prompts":[{"prompt":"search issues mentioning login","expect":"search_issues"}]}"#)
        #expect(report.results.first?.flags == [])
        #expect(report.results.first?.expectedRank == 0)
        #expect(report.findings.isEmpty)
    }

    @Test func nearTieWhenTwoToolsScoreAlike() throws {
        let report = try run(#"["weather forecast for Paris"]"#)
        let result = try #require(report.results.first)
        #expect(result.flags.contains(.nearTie))
        let finding = try #require(report.findings.first { $0.ruleId == "near-tie" })
        #expect(finding.pointer == pointer("/0"))
        #expect(finding.related.count == 2)
    }

    @Test func noSignalWhenNothingIsShared() throws {
        let report = try run(#"{"prompts":[{"prompt":"translate this sentence into French"}]}"#)
        #expect(report.results.first?.flags == [.noSignal])
        #expect(report.findings.map(\.ruleId) == ["no-signal"])
    }

    @Test func noToolFitsWhenTheWinnerCoversLittle() throws {
        let report = try run(
            #"{"prompts":[{"prompt":"book a table for four at an italian restaurant downtown, near the repository"}]}"#
        )
        let result = try #require(report.results.first)
        #expect(result.ranking.top?.score ?? 0 > 0)
        #expect(result.flags.contains(.noToolFits))
        #expect(report.findings.first { $0.ruleId == "no-tool-fits" }?.severity == .info)
    }

    @Test func expectNoneIsViolatedWhenAToolFits() throws {
        let report = try run(
            #"{"prompts":[{"prompt":"search issues about login","expect":"none"},{"prompt":"bake a cake","expect":"none"}]}"#
        )
        #expect(report.results[0].flags == [.noToolFits])
        #expect(report.results[1].flags == [])
        let finding = try #require(report.findings.first)
        #expect(finding.ruleId == "no-tool-fits")
        #expect(finding.pointer == pointer("/prompts/0/expect"))
        #expect(finding.severity == .warning)
    }

    @Test func unknownExpectedToolSuggestsTheClosestName() throws {
        let report = try run(#"{"prompts":[{"prompt":"search issues","expect":"search_issue"}]}"#)
        let finding = try #require(report.findings.first { $0.ruleId == "prompt-unknown-tool" })
        #expect(finding.pointer == pointer("/prompts/0/expect"))
        #expect(finding.message.contains("Did you mean `search_issues`?"))
        #expect(finding.fixes.first?.operations == [.replace(pointer("/prompts/0/expect"), "search_issues")])
        #expect(report.results.first?.expectedRank == nil)
    }

    @Test func contextTurnsAddWeakerEvidence() throws {
        let report = try run(
            #"{"prompts":[{"prompt":"and for tomorrow?","context":["what is the hourly weather forecast in Oslo"]}]}"#
        )
        #expect(report.results.first?.ranking.top?.name == "forecast_hourly")
    }
}
