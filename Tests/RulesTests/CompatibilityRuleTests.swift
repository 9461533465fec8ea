import JSON
import Rules
import Testing
import ToolModel

@Suite struct CompatibilityRuleTests {
    static func nested(_ depth: Int) -> String {
        var schema = #"{"type":"string","description":"Leaf."}"#
        for level in (1...depth).reversed() {
            schema = #"{"type":"object","description":"Level \#(level).","properties":{"l\#(level)":"# + schema + "}}"
        }
        return schema
    }

    static func strict(_ parameters: String, strict: Bool = true) -> String {
        openAITool(
            #"{"name":"get_weather","description":"Gets weather.","strict":\#(strict),"parameters":\#(parameters)}"#)
    }

    static let closed =
        #"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}"#
    static let open = #"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#
    static let optionalUnits =
        #"{"type":"object","properties":{"city":{"type":"string"},"units":{"type":"string"}},"required":["city"],"additionalProperties":false}"#
    static let bigEnum =
        #"{"type":"object","properties":{"c":{"type":"string","enum":["#
        + (0...1000).map { #""v\#($0)""# }
        .joined(separator: ",") + #"]}},"required":["c"],"additionalProperties":false}"#

    static let cases: [RuleCase] = [
        .hit("schema-nesting-depth", mcpTool(schema: nested(4)), .info, at: "/tools/0/inputSchema" + deepPointer(4)),
        .clean("schema-nesting-depth", mcpTool(schema: nested(3))),
        .hit(
            "schema-nesting-depth", mcpTool(schema: nested(11)), .error, at: "/tools/0/inputSchema" + deepPointer(11),
            targets: [.openaiStrict], "OpenAI strict limit"),
        .hit("openai-strict-closed-objects", strict(open), .error, at: "/0/function/parameters"),
        .clean("openai-strict-closed-objects", strict(closed)),
        .clean("openai-strict-closed-objects", strict(open, strict: false), "not strict, openai target"),
        .hit(
            "openai-strict-closed-objects", strict(open, strict: false), .error, at: "/0/function/parameters",
            targets: [.openaiStrict], "openai-strict target"),
        .hit(
            "openai-strict-all-required", strict(optionalUnits), .error, at: "/0/function/parameters/properties/units"),
        .clean("openai-strict-all-required", strict(closed)),
        .hit(
            "openai-strict-unsupported",
            strict(
                #"{"type":"object","properties":{"u":{"type":"string","format":"uri"}},"required":["u"],"additionalProperties":false}"#
            ),
            .error, at: "/0/function/parameters/properties/u/format"),
        .clean(
            "openai-strict-unsupported",
            strict(
                #"{"type":"object","properties":{"t":{"type":"string","format":"date-time"}},"required":["t"],"additionalProperties":false}"#
            )),
        .hit("openai-strict-size", strict(bigEnum), .error, at: "/0/function/parameters"),
        .clean("openai-strict-size", strict(closed)),
        .hit(
            "anthropic-strict-limits",
            #"[{"name":"get_weather","description":"Gets weather.","strict":true,"input_schema":{"type":"object","properties":{"days":{"type":"integer","minimum":1}},"required":["days"],"additionalProperties":false}}]"#,
            .warning, at: "/0/input_schema/properties/days/minimum"),
        .clean(
            "anthropic-strict-limits",
            #"[{"name":"get_weather","description":"Gets weather.","input_schema":{"type":"object","properties":{"days":{"type":"integer","minimum":1}}}}]"#,
            "not strict"),
        .hit(
            "enum-case-collision",
            mcpTool(schema: #"{"type":"object","properties":{"o":{"type":"string","enum":["Asc","asc"]}}}"#), .warning,
            at: "/tools/0/inputSchema/properties/o/enum/1"),
        .clean(
            "enum-case-collision",
            mcpTool(schema: #"{"type":"object","properties":{"o":{"type":"string","enum":["asc","desc"]}}}"#)),
        .hit(
            "gemini-unsupported-keyword",
            mcpTool(schema: #"{"type":"object","properties":{"city":{"type":"string"}},"additionalProperties":false}"#),
            .error, at: "/tools/0/inputSchema/additionalProperties", targets: [.gemini]),
        .clean(
            "gemini-unsupported-keyword",
            mcpTool(schema: #"{"type":"object","properties":{"city":{"type":"string"}},"additionalProperties":false}"#),
            targets: [.mcp], "MCP accepts it"),
        .clean(
            "gemini-unsupported-keyword",
            #"{"functionDeclarations":[{"name":"f","description":"d","parametersJsonSchema":{"type":"object","additionalProperties":false}}]}"#,
            "parametersJsonSchema takes JSON Schema"),
        .hit(
            "gemini-unsupported-keyword",
            mcpTool(schema: #"{"type":"object","properties":{"n":{"type":["string","null"]}}}"#), .error,
            at: "/tools/0/inputSchema/properties/n/type", targets: [.gemini], "type array"),
        .hit(
            "schema-noarg-open", mcpTools(#"{"name":"ping","inputSchema":{"type":"object"}}"#), .info,
            at: "/tools/0/inputSchema"),
        .clean(
            "schema-noarg-open",
            mcpTools(#"{"name":"ping","inputSchema":{"type":"object","additionalProperties":false}}"#)),
        .clean(
            "schema-noarg-open", mcpTools(#"{"name":"ping","inputSchema":{"type":"object"}}"#),
            targets: [.mcp, .gemini],
            "Gemini rejects the keyword"),
    ]

    static func deepPointer(_ depth: Int) -> String {
        (1...depth).map { "/properties/l\($0)" }.joined()
    }

    @Test(arguments: cases) func fixture(_ test: RuleCase) throws { try test.verify() }

    @Test func fixesRemoveTheirFindings() throws {
        try expectFixRemovesFinding("openai-strict-closed-objects", in: Self.strict(Self.open))
        try expectFixRemovesFinding("openai-strict-all-required", in: Self.strict(Self.optionalUnits))
        try expectFixRemovesFinding(
            "openai-strict-unsupported",
            in: Self.strict(
                #"{"type":"object","properties":{"u":{"type":"string","format":"uri"}},"required":["u"],"additionalProperties":false}"#
            ))
        try expectFixRemovesFinding(
            "gemini-unsupported-keyword",
            in: mcpTool(schema: #"{"type":"object","properties":{"n":{"type":["string","null"]}}}"#), targets: [.gemini]
        )
        try expectFixRemovesFinding(
            "schema-noarg-open", in: mcpTools(#"{"name":"ping","inputSchema":{"type":"object"}}"#))
    }

    @Test func allRequiredFixWidensTheType() throws {
        let finding = try #require(
            try findings("openai-strict-all-required", in: Self.strict(Self.optionalUnits)).first)
        let base = pointer("/0/function/parameters")
        #expect(
            finding.fixes.first?.operations == [
                .appendElement(array: base / "required", value: "units"),
                .replace(base / "properties" / "units" / "type", ["string", "null"]),
            ])
    }

    @Test func geminiConstBecomesAnEnum() throws {
        let json = mcpTool(schema: #"{"type":"object","properties":{"k":{"type":"string","const":"x"}}}"#)
        let found = try findings("gemini-unsupported-keyword", in: json, targets: [.gemini])
        #expect(found.map(\.pointer) == [pointer("/tools/0/inputSchema/properties/k/const")])
        #expect(found.first?.fixes.first?.title == "Use a one-value enum")
        try expectFixRemovesFinding("gemini-unsupported-keyword", in: json, targets: [.gemini])
    }
}
