import JSON
import Rules
import Testing
import ToolModel

@Suite struct DescriptionRuleTests {
    @Test func missingDescriptionPointsAtTheName() throws {
        let found = try findings("desc-missing", in: mcpTool(description: nil))
        #expect(found.map(\.severity) == [.error])
        #expect(found.first?.pointer == pointer("/tools/0/name"))
    }

    @Test(arguments: ["", "   \n\t"])
    func blankDescription(_ text: String) throws {
        let found = try findings("desc-missing", in: mcpTool(description: text))
        #expect(found.map(\.pointer) == [pointer("/tools/0/description")])
    }

    @Test func nullDescription() throws {
        let json = #"[{"type":"function","function":{"name":"f","description":null,"parameters":{"type":"object"}}}]"#
        let found = try findings("desc-missing", in: json)
        #expect(found.map(\.pointer) == [pointer("/0/function/description")])
        #expect(found.first?.message.contains("null") == true)
    }

    @Test func presentDescriptionPasses() throws {
        #expect(try findings("desc-missing", in: mcpTool(description: "Get the weather.")).isEmpty)
    }

    @Test func shortDescriptionWarns() throws {
        let found = try findings("desc-too-short", in: mcpTool(description: "Gets weather."))
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.pointer == pointer("/tools/0/description"))
        #expect(found.first?.message.contains("13 characters") == true)
    }

    @Test func blankDescriptionIsLeftToDescMissing() throws {
        #expect(try findings("desc-too-short", in: mcpTool(description: "  ")).isEmpty)
    }

    @Test func fewSentencesIsInfoOnlyForAnthropic() throws {
        let json = mcpTool(description: "Gets the stock price for a ticker.")
        #expect(try findings("desc-too-short", in: json, targets: [.mcp]).isEmpty)
        let found = try findings("desc-too-short", in: json, targets: [.anthropic])
        #expect(found.map(\.severity) == [.info])
        #expect(found.first?.message.contains("1 sentence;") == true)
        let long = mcpTool(
            description:
                "Gets the stock price for a ticker. Use it for current quotes. It returns the last trade price.")
        #expect(try findings("desc-too-short", in: long, targets: [.anthropic]).isEmpty)
    }

    @Test func minLengthOption() throws {
        let json = mcpTool(description: "Gets the weather now.")
        #expect(try findings("desc-too-short", in: json).isEmpty)
        let found = try findings("desc-too-short", in: json, options: ["minLength": 40])
        #expect(found.count == 1)
    }

    @Test(arguments: [
        ("One. Two. Three.", 3), ("e.g. this is one", 2), ("Line one\nLine two", 2), ("No end", 1), ("", 0),
        ("Version 1.2 is out! Really?", 2),
    ])
    func sentenceCounting(_ text: String, _ expected: Int) throws {
        // Checked through the rule: fewer than `expected + 1` sentences is reported, `expected` is not.
        let json = mcpTool(description: text)
        let below = try findings(
            "desc-too-short", in: json, targets: [.anthropic],
            options: ["minLength": 0, "minSentences": .integer(Int64(expected + 1))])
        #expect(below.count == (text.isEmpty ? 0 : 1))
        let at = try findings(
            "desc-too-short", in: json, targets: [.anthropic],
            options: ["minLength": 0, "minSentences": .integer(Int64(expected))])
        #expect(at.isEmpty)
    }
}
