import JSON
import Rules
import Testing
import ToolModel

@Suite struct ParameterQualityRuleTests {
    static func schema(_ properties: String, required: [String] = []) -> String {
        let list = required.map(jsonString).joined(separator: ",")
        return #"{"type":"object","properties":{"# + properties + #"},"required":["# + list + "]}"
    }

    static let base = "/tools/0/inputSchema/properties"
    static let elevenProperties = (1...11).map { #""p\#($0)":{"type":"string","description":"Value \#($0)."}"# }
        .joined(separator: ",")

    static let cases: [RuleCase] = [
        .hit(
            "param-ambiguous-name", mcpTool(schema: schema(#""data":{"type":"string","description":"The data."}"#)),
            .info, at: base + "/data"),
        .clean("param-ambiguous-name", mcpTool()),
        .hit(
            "param-no-type", mcpTool(schema: schema(#""city":{"description":"City name."}"#)), .warning,
            at: base + "/city"),
        .clean("param-no-type", mcpTool(schema: schema(#""city":{"enum":["Oslo","Rome"],"description":"City."}"#))),
        .hit(
            "param-enum-in-prose",
            mcpTool(schema: schema(#""mode":{"type":"string","description":"Count mode: 'l', 'w' or 'c'."}"#)),
            .warning, at: base + "/mode/description"),
        .hit(
            "param-enum-in-prose",
            mcpTool(schema: schema(#""order":{"type":"string","description":"Sort order, one of asc, desc."}"#)),
            .warning, at: base + "/order/description", "one of"),
        .clean(
            "param-enum-in-prose",
            mcpTool(
                schema: schema(
                    #""tz":{"type":"string","description":"IANA name (e.g., 'America/New_York', 'Europe/London')."}"#)),
            "examples are not an enum"),
        .hit(
            "param-exclusive-booleans",
            mcpTool(
                schema: schema(
                    #""on":{"type":"boolean","description":"On."},"off":{"type":"boolean","description":"Off."}"#,
                    required: ["on", "off"])),
            .warning, at: base + "/off"),
        .hit(
            "param-exclusive-booleans",
            mcpTool(schema: schema(#""include_archived":{"type":"boolean"},"exclude_archived":{"type":"boolean"}"#)),
            .warning, at: base + "/exclude_archived", "include/exclude"),
        .clean(
            "param-exclusive-booleans",
            mcpTool(schema: schema(#""on":{"type":"boolean"},"verbose":{"type":"boolean"}"#))),
        .hit(
            "param-default-issues",
            mcpTool(schema: schema(#""units":{"type":"string","description":"Units.","default":"None"}"#)),
            .warning, at: base + "/units/default"),
        .hit(
            "param-default-issues",
            mcpTool(
                schema: schema(#""units":{"type":"string","enum":["c","f"],"description":"Units.","default":"k"}"#)),
            .warning, at: base + "/units/default", "outside the enum"),
        .hit(
            "param-default-issues", mcpTool(schema: schema(#""units":{"type":"string","description":"Units."}"#)),
            .info, at: base + "/units", "optional without default"),
        .clean(
            "param-default-issues",
            mcpTool(schema: schema(#""units":{"type":"string","description":"Units; defaults to metric."}"#))),
        .clean(
            "param-default-issues",
            mcpTool(schema: schema(#""units":{"type":"string","description":"Units."}"#, required: ["units"]))),
        .hit(
            "param-format-unspecified",
            mcpTool(
                schema: schema(
                    #""start_date":{"type":"string","description":"Start of the range."}"#, required: ["start_date"])),
            .info, at: base + "/start_date"),
        .clean(
            "param-format-unspecified",
            mcpTool(schema: schema(#""start_date":{"type":"string","description":"Start, ISO 8601 (YYYY-MM-DD)."}"#))),
        .clean(
            "param-format-unspecified",
            mcpTool(schema: schema(#""start_date":{"type":"string","format":"date","description":"Start."}"#))),
        .hit(
            "param-model-fills-known-context",
            mcpTool(schema: schema(#""api_key":{"type":"string","description":"Key."}"#)), .warning,
            at: base + "/api_key"),
        .clean(
            "param-model-fills-known-context",
            mcpTool(
                schema: schema(
                    #""page_token":{"type":"string"},"max_tokens":{"type":"integer"},"session_date":{"type":"string"}"#)
            ),
            "pagination tokens, token counts, session dates"),
        .hit(
            "param-count-high", mcpTool(schema: schema(elevenProperties)), .warning,
            at: "/tools/0/inputSchema/properties"),
        .clean(
            "param-count-high", mcpTool(schema: schema(elevenProperties)), options: ["maxTopLevel": 12],
            "threshold option"),
    ]

    @Test(arguments: cases) func fixture(_ test: RuleCase) throws { try test.verify() }

    @Test func enumFixBuildsTheEnum() throws {
        let json = mcpTool(
            schema: Self.schema(#""mode":{"type":"string","description":"Count mode: 'l', 'w' or 'c'."}"#))
        let fix = try #require(try findings("param-enum-in-prose", in: json).first?.fixes.first)
        #expect(
            fix.operations == [.addMember(object: pointer(Self.base + "/mode"), key: "enum", value: ["l", "w", "c"])])
        try expectFixRemovesFinding("param-enum-in-prose", in: json)
    }

    @Test func bfclEnumMarkerIsRead() throws {
        let json = mcpTool(schema: Self.schema(#""kind":{"type":"string","description":"[Enum]: [\"cat\", \"dog\"]"}"#))
        let fix = try #require(try findings("param-enum-in-prose", in: json).first?.fixes.first)
        #expect(
            fix.operations.first
                == .addMember(object: pointer(Self.base + "/kind"), key: "enum", value: ["cat", "dog"]))
    }

    @Test func badDefaultFixRemovesIt() throws {
        try expectFixRemovesFinding(
            "param-default-issues",
            in: mcpTool(
                schema: Self.schema(
                    #""units":{"type":"string","description":"Units.","default":"None"}"#, required: ["units"])))
    }

    @Test func exclusiveBooleansPointAtBoth() throws {
        let json = mcpTool(schema: Self.schema(#""show_hidden":{"type":"boolean"},"hide_hidden":{"type":"boolean"}"#))
        let found = try findings("param-exclusive-booleans", in: json)
        #expect(found.first?.related.map(\.pointer) == [pointer(Self.base + "/show_hidden")])
    }
}
