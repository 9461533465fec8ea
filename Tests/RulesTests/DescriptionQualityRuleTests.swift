import JSON
import Rules
import Testing
import ToolModel

@Suite struct DescriptionQualityRuleTests {
    static let long1100 = "Gets the weather for a city. " + String(repeating: "More detail here. ", count: 62)
    static let long2100 = String(repeating: "Gets the weather for a city. ", count: 73)
    static let good =
        "Use this when the user asks about current conditions. Returns the temperature in Celsius."

    static let cases: [RuleCase] = [
        .hit("desc-tautological", mcpTool(description: "Get weather."), .warning, at: "/tools/0/description"),
        .clean("desc-tautological", mcpTool()),
        .hit(
            "desc-length-limit", openAITool(#"{"name":"w","description":\#(jsonString(long1100)),"parameters":{}}"#),
            .error, at: "/0/function/description"),
        .clean(
            "desc-length-limit", openAITool(#"{"name":"w","description":\#(jsonString(long1100)),"parameters":{}}"#),
            targets: [.anthropic], "Anthropic has no hard limit"),
        .hit(
            "desc-length-limit", mcpTool(description: long2100), .warning, at: "/tools/0/description",
            targets: [.claudeCode], "Claude Code truncates"),
        .clean("desc-length-limit", mcpTool(description: long1100), targets: [.claudeCode]),
        .hit("desc-missing-guidance", mcpTool(), .info, at: "/tools/0/description"),
        .clean("desc-missing-guidance", mcpTool(description: good)),
        .hit(
            "desc-weak-opening", mcpTool(description: "This is a weather tool for cities."), .info,
            at: "/tools/0/description"),
        .hit(
            "desc-weak-opening", mcpTool(description: "Handles weather things for cities."), .info,
            at: "/tools/0/description", "vague verb"),
        .clean("desc-weak-opening", mcpTool(description: "Assesses the weather risk for a city.")),
        .clean("desc-weak-opening", mcpTool(description: "This tool gets the weather for a city.")),
        .hit(
            "desc-promotional-cues", mcpTool(description: "The most reliable tool for weather in any city."),
            .warning, at: "/tools/0/description"),
        .hit(
            "desc-promotional-cues", mcpTool(description: "Gets weather 10x faster than other tools."), .warning,
            at: "/tools/0/description", "numeric claim"),
        .clean("desc-promotional-cues", mcpTool(description: "Gets the weather; used by the forecast page.")),
        .hit(
            "annotation-contradiction",
            mcpTools(
                #"{"name":"delete_file","description":"Deletes a file.","inputSchema":{},"annotations":{"readOnlyHint":true}}"#
            ),
            .warning, at: "/tools/0/annotations/readOnlyHint"),
        .hit(
            "annotation-contradiction", mcpTool(description: "Read-only lookup of the weather for a city."),
            .warning, at: "/tools/0/description", "claim without hint"),
        .hit(
            "annotation-contradiction",
            mcpTools(
                #"{"name":"get_weather","description":"Gets weather.","inputSchema":{},"annotations":{"readOnlyHint":true,"destructiveHint":true}}"#
            ),
            .info, at: "/tools/0/annotations/destructiveHint"),
        .clean(
            "annotation-contradiction",
            mcpTools(
                #"{"name":"get_weather","description":"Gets weather.","inputSchema":{},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true}}"#
            ),
            "reference servers spell out every hint"),
        .clean(
            "annotation-contradiction",
            mcpTools(
                #"{"name":"delete_file","description":"Deletes a file.","inputSchema":{},"annotations":{"readOnlyHint":false,"destructiveHint":true}}"#
            )),
    ]

    @Test(arguments: cases) func fixture(_ test: RuleCase) throws { try test.verify() }

    @Test func readOnlyClaimFixAddsTheHint() throws {
        try expectFixRemovesFinding(
            "annotation-contradiction", in: mcpTool(description: "Read-only lookup of the weather for a city."))
    }

    @Test func disambiguationNeedsTheSiblingOrACue() throws {
        let pair = mcpTools(
            #"{"name":"read_file","description":"Read the complete contents of a file from disk as text.","inputSchema":{}}"#,
            #"{"name":"read_text_file","description":"Read the complete contents of a text file from disk.","inputSchema":{}}"#
        )
        let found = try findings("desc-missing-disambiguation", in: pair)
        #expect(found.map(\.pointer) == [pointer("/tools/0/description"), pointer("/tools/1/description")])
        #expect(found.map(\.severity) == [.warning, .warning])
        #expect(found.first?.related.map(\.pointer) == [pointer("/tools/1/name")])
        let named = mcpTools(
            #"{"name":"read_file","description":"Read the complete contents of a file from disk as text; for text files use read_text_file.","inputSchema":{}}"#,
            #"{"name":"read_text_file","description":"Read the complete contents of a text file from disk, not for binary files.","inputSchema":{}}"#
        )
        #expect(try findings("desc-missing-disambiguation", in: named).isEmpty)
    }

    @Test func unknownReferenceIsReportedAndKnownOnesAreNot() throws {
        let stale = mcpTools(
            #"{"name":"get_weather","description":"Gets the weather; call fetch_city_list first.","inputSchema":{}}"#)
        let found = try findings("desc-unknown-reference", in: stale)
        #expect(found.map(\.pointer) == [pointer("/tools/0/description")])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.message.contains("fetch_city_list") == true)
        let known = mcpTools(
            #"{"name":"get_weather","description":"Gets the weather; call list_cities first. See docs/weather_api.md or https://x.io/a_b.","inputSchema":{"type":"object","properties":{"city_name":{"type":"string"}}}}"#,
            #"{"name":"list_cities","description":"Lists cities by country.","inputSchema":{}}"#)
        #expect(try findings("desc-unknown-reference", in: known).isEmpty)
    }
}
