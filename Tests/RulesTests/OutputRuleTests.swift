import JSON
import Rules
import Testing
import ToolModel

@Suite struct OutputRuleTests {
    static func tool(_ fields: String) -> String { mcpTools("{" + fields + "}") }

    static let cases: [RuleCase] = [
        .hit("output-schema-missing", mcpTool(), .info, at: "/tools/0/name"),
        .hit(
            "output-schema-missing", mcpTool(), .warning, at: "/tools/0/name", options: ["codeMode": true], "code mode"),
        .clean(
            "output-schema-missing",
            tool(
                #""name":"get_weather","description":"Gets weather.","inputSchema":{},"outputSchema":{"type":"object"}"#
            )),
        .clean(
            "output-schema-missing", openAITool(#"{"name":"get_weather","parameters":{}}"#),
            "OpenAI has no outputSchema"),
        .hit(
            "output-schema-invalid",
            tool(
                #""name":"get_weather","description":"Gets weather.","inputSchema":{},"outputSchema":{"type":"array"}"#),
            .error, at: "/tools/0/outputSchema/type"),
        .hit(
            "output-schema-invalid",
            tool(#""name":"get_weather","inputSchema":{},"outputSchema":{"type":"object","properties":{"data":true}}"#),
            .error, at: "/tools/0/outputSchema/properties/data", "boolean subschema"),
        .clean(
            "output-schema-invalid",
            tool(
                #""name":"get_weather","inputSchema":{},"outputSchema":{"type":"object","properties":{"t":{"type":"number"}}}"#
            )),
        .hit(
            "output-unbounded",
            tool(#""name":"list_users","description":"Lists users.","inputSchema":{"type":"object"}"#),
            .warning, at: "/tools/0/name"),
        .clean(
            "output-unbounded",
            tool(
                #""name":"list_users","description":"Lists users.","inputSchema":{"type":"object","properties":{"limit":{"type":"integer"}}}"#
            )),
        .clean(
            "output-unbounded",
            tool(#""name":"read_file","description":"Reads one file.","inputSchema":{"type":"object"}"#),
            "one item"),
        .hit(
            "output-low-signal-fields",
            tool(
                #""name":"get_user","inputSchema":{},"outputSchema":{"type":"object","properties":{"user_uuid":{"type":"string"},"mime_type":{"type":"string"},"etag":{"type":"string"}}}"#
            ),
            .info, at: "/tools/0/outputSchema"),
        .clean(
            "output-low-signal-fields",
            tool(
                #""name":"get_user","inputSchema":{},"outputSchema":{"type":"object","properties":{"user_uuid":{"type":"string"},"display_name":{"type":"string"}}}"#
            )),
        .hit(
            "output-error-guidance-missing",
            tool(
                #""name":"delete_file","description":"Deletes the file at an absolute path.","inputSchema":{"type":"object","properties":{"path":{"type":"string"}}}"#
            ),
            .info, at: "/tools/0/description"),
        .clean(
            "output-error-guidance-missing",
            tool(
                #""name":"delete_file","description":"Deletes the file at an absolute path. Returns an error if the file does not exist.","inputSchema":{"type":"object","properties":{"path":{"type":"string"}}}"#
            )),
    ]

    @Test(arguments: cases) func fixture(_ test: RuleCase) throws { try test.verify() }

    @Test func missingRootTypeFix() throws {
        try expectFixRemovesFinding(
            "output-schema-invalid",
            in: Self.tool(
                #""name":"get_weather","inputSchema":{},"outputSchema":{"properties":{"t":{"type":"number"}}}"#))
    }

    /// The fix names the missing root type rather than only silencing the rule.
    @Test func missingRootTypeFixDeclaresAnObject() throws {
        let json = Self.tool(
            #""name":"get_weather","inputSchema":{},"outputSchema":{"properties":{"t":{"type":"number"}}}"#)
        let finding = try #require(try findings("output-schema-invalid", in: json).first)
        let fix = try #require(finding.fixes.first)
        let fixed = applying(fix, to: try Jansson.decode(json))
        #expect(fixed["tools"]?[0]?["outputSchema"]?["type"] == "object")
        #expect(fixed["tools"]?[0]?["outputSchema"]?["properties"]?["t"]?["type"] == "number")
    }
}
