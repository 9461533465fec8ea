import JSON
import Rules
import Testing
import ToolModel

@Suite struct NamingRuleTests {
    @Test func dottedNameIsFineForMCPButAnErrorForOpenAI() throws {
        let json = mcpTool(name: "weather.get")
        #expect(try findings("name-target-pattern", in: json, targets: [.mcp]).isEmpty)
        let openAI = try findings("name-target-pattern", in: json, targets: [.openai])
        #expect(openAI.count == 1)
        let finding = try #require(openAI.first)
        #expect(finding.severity == .error)
        #expect(finding.pointer == pointer("/tools/0/name"))
        #expect(finding.message.contains("OpenAI"))
        #expect(finding.message.contains("^[a-zA-Z0-9_-]{1,64}$"))
        #expect(finding.message.contains("`.`"))
        #expect(finding.fixes.first?.operations == [.replace(pointer("/tools/0/name"), "weather_get")])
    }

    @Test func spaceIsAWarningForMCP() throws {
        let found = try findings("name-target-pattern", in: mcpTool(name: "get weather"), targets: [.mcp])
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.message.contains("MCP") == true)
        #expect(found.first?.message.contains("a space") == true)
    }

    @Test func geminiNeedsALetterFirstAndNotesDots() throws {
        let digit = try findings("name-target-pattern", in: mcpTool(name: "3d_render"), targets: [.gemini])
        #expect(digit.map(\.severity) == [.error])
        #expect(digit.first?.message.contains("starts with `3`") == true)
        #expect(digit.first?.fixes.first?.operations == [.replace(pointer("/tools/0/name"), "_3d_render")])
        let dotted = try findings("name-target-pattern", in: mcpTool(name: "a.b"), targets: [.gemini])
        #expect(dotted.map(\.severity) == [.info])
    }

    @Test func lengthLimitsPerTarget() throws {
        let name = String(repeating: "a", count: 100)
        let json = mcpTool(name: name)
        #expect(try findings("name-target-pattern", in: json, targets: [.openai]).map(\.severity) == [.error])
        // Anthropic accepts 128 now; older platforms 64.
        #expect(try findings("name-target-pattern", in: json, targets: [.anthropic]).map(\.severity) == [.warning])
        #expect(try findings("name-target-pattern", in: json, targets: [.mcp]).isEmpty)
        let fix = try #require(try findings("name-target-pattern", in: json, targets: [.openai]).first?.fixes.first)
        #expect(fix.operations == [.replace(pointer("/tools/0/name"), .string(String(repeating: "a", count: 64)))])
    }

    @Test func oneFindingPerViolatedTarget() throws {
        let found = try findings(
            "name-target-pattern", in: mcpTool(name: "get/weather"),
            targets: [.openai, .openaiStrict, .mcp, .anthropic])
        #expect(found.map(\.severity) == [.error, .error, .warning])
        #expect(found.map { $0.message.contains("OpenAI") } == [true, false, false])
    }

    @Test func validNameHasNoFinding() throws {
        #expect(
            try findings("name-target-pattern", in: mcpTool(name: "get_weather_v2"), targets: Set(Target.allCases))
                .isEmpty)
    }

    @Test func openAIDialectDefaultsToOpenAITarget() throws {
        let json = #"[{"type":"function","function":{"name":"a.b","description":"d","parameters":{"type":"object"}}}]"#
        let found = try findings("name-target-pattern", in: json)
        #expect(found.map(\.pointer) == [pointer("/0/function/name")])
    }

    @Test func duplicatesExactAndCaseFolded() throws {
        let json = #"""
            {"tools":[{"name":"search","inputSchema":{}},{"name":"Search","inputSchema":{}},{"name":"search","inputSchema":{}}]}
            """#
        let found = try findings("name-duplicate", in: json)
        #expect(found.map(\.severity) == [.warning, .error])
        #expect(found.map(\.pointer) == [pointer("/tools/1/name"), pointer("/tools/2/name")])
        #expect(found.map { $0.related.map(\.pointer) } == [[pointer("/tools/0/name")], [pointer("/tools/0/name")]])
    }

    @Test func duplicatesAcrossBFCLRecordsAreIndependent() throws {
        let json = #"""
            [{"id":"a","question":[],"function":[{"name":"f","parameters":{"type":"dict"}}]},
             {"id":"b","question":[],"function":[{"name":"f","parameters":{"type":"dict"}},{"name":"f","parameters":{"type":"dict"}}]}]
            """#
        let found = try findings("name-duplicate", in: json)
        #expect(found.map(\.pointer) == [pointer("/1/function/1/name")])
        #expect(found.first?.related.first?.pointer == pointer("/1/function/0/name"))
    }

    @Test func distinctNamesHaveNoDuplicateFinding() throws {
        let json = #"{"tools":[{"name":"a","inputSchema":{}},{"name":"b","inputSchema":{}}]}"#
        #expect(try findings("name-duplicate", in: json).isEmpty)
    }
}
