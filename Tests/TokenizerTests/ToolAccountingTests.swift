import JSON
import Testing
import Tokenizer

/// Tool-definition accounting: the cookbook formula, the harmony rendering, and the labelled
/// Anthropic / Gemini estimates.
@Suite struct ToolAccountingTests {
    /// The cookbook's example tool (openai-cookbook, How_to_count_tokens_with_tiktoken, section 7).
    static let weatherJSON = """
        {"type": "function", "function": {"name": "get_current_weather",
          "description": "Get the current weather in a given location",
          "parameters": {"type": "object", "properties": {
            "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
            "unit": {"type": "string", "description": "The unit of temperature to return", "enum": ["celsius", "fahrenheit"]}},
            "required": ["location"]}}}
        """

    static func weather() throws -> ToolSpec {
        try #require(ToolSpec(json: try Jansson.decode(weatherJSON)))
    }

    static let messages: [[(key: String, value: String)]] = [
        [
            ("role", "system"),
            ("content", "You are a helpful assistant that can answer to questions about the weather."),
        ],
        [("role", "user"), ("content", "What's the weather like in San Francisco?")],
    ]

    @Test func cookbookReproducesTheAPICounts() throws {
        let tool = try Self.weather()
        let gpt4o = try OpenAIToolAccounting.cookbookToolTokens([tool], model: "gpt-4o")
        let gpt4 = try OpenAIToolAccounting.cookbookToolTokens([tool], model: "gpt-4")
        #expect(gpt4o.tokens == 68 && gpt4.tokens == 71)
        #expect(try OpenAIToolAccounting.cookbookMessageTokens(Self.messages, model: "gpt-4o") + gpt4o.tokens == 101)
        #expect(try OpenAIToolAccounting.cookbookMessageTokens(Self.messages, model: "gpt-4") + gpt4.tokens == 105)
        #expect(gpt4o.encoding == .o200kBase && gpt4.encoding == .cl100kBase)
        #expect(gpt4o.exactness == .estimate && gpt4o.basis.contains("published constants"))
        let gpt5 = try OpenAIToolAccounting.cookbookToolTokens([tool], model: "gpt-5")
        #expect(gpt5.tokens == 68 && gpt5.basis.contains("borrowed"))
        #expect(try OpenAIToolAccounting.cookbookToolTokens([], model: "gpt-4o").tokens == 0)
    }

    @Test func harmonyRenderingOfTheWeatherTool() throws {
        let section = HarmonyToolRendering.toolsSection([try Self.weather()])
        #expect(
            section == """
                # Tools

                ## functions

                namespace functions {

                // Get the current weather in a given location
                type get_current_weather = (_: {
                // The city and state, e.g. San Francisco, CA
                location: string,
                // The unit of temperature to return
                unit?: "celsius" | "fahrenheit",
                }) => any;

                } // namespace functions
                """)
        let count = try OpenAIToolAccounting.harmonyToolTokens([try Self.weather()], model: "gpt-oss-120b")
        #expect(count.tokens == 69)
        #expect(count.exactness == .exact && count.encoding == .o200kHarmony)
        #expect(
            try OpenAIToolAccounting.harmonyToolTokens([try Self.weather()], model: "gpt-4o").exactness == .estimate)
        #expect(try OpenAIToolAccounting.harmonyToolTokens([], model: "gpt-oss-20b").tokens == 0)
        #expect(HarmonyToolRendering.toolsSection([]).isEmpty)
    }

    /// Expected text produced by openai-harmony 0.0.8 (`render_conversation`) for these tools.
    @Test func harmonyRenderingCoversSchemaFeatures() throws {
        let parameters = try Jansson.decode(
            """
            {"type": "object", "description": "Search options", "properties": {
              "query": {"type": "string", "title": "Query", "description": "Search text", "examples": ["cats", "dogs"]},
              "limit": {"type": "integer", "default": 10},
              "mode": {"type": "string", "enum": ["fast", "exact"], "default": "fast"},
              "tags": {"type": "array", "items": {"type": "string"}},
              "raw": {"type": "array"},
              "score": {"type": ["number", "null"]},
              "flag": {"type": "boolean", "nullable": true},
              "filter": {"type": "object", "description": "Nested filter", "properties": {
                "field": {"type": "string", "description": "Field name"}, "value": {"type": "number"}},
                "required": ["field"]},
              "target": {"description": "Where", "oneOf": [{"type": "string", "description": "A path"},
                {"type": "integer", "description": "An id", "default": 3}]},
              "anything": {"description": "No type"},
              "lang": {"type": "string", "default": "en"}},
             "required": ["query", "mode"]}
            """)
        let tools = [
            ToolSpec(name: "search", description: "Search the index.\nSecond line.", parameters: parameters),
            ToolSpec(name: "ping", description: "Ping it"),
        ]
        let expected =
            "# Tools\n\n## functions\n\nnamespace functions {\n\n// Search the index.\n// Second line.\n"
            + "type search = (_: // Search options\n{\n// Query\n//\n// Search text\n// Examples:\n// - \"cats\"\n"
            + "// - \"dogs\"\nquery: string,\nlimit?: number, // default: 10\nmode: \"fast\" | \"exact\", // default: fast\n"
            + "tags?: string[],\nraw?: Array<any>,\nscore?: number | null,\nflag?: boolean | null,\n// Nested filter\n"
            + "filter?:     // Nested filter\n{\n    // Field name\n    field: string,\n    value?: number,\n    },\n"
            + "// Where\ntarget?:\n | string\n | number // An id default: 3\n,\n// No type\nanything?: any,\n"
            + "lang?: string, // default: \"en\"\n}) => any;\n\n// Ping it\ntype ping = () => any;\n\n} // namespace functions"
        #expect(HarmonyToolRendering.toolsSection(tools) == expected)
        #expect(try Encoding.named(.o200kHarmony).count(expected) == 174)
    }

    @Test func readsEveryDialect() throws {
        let schema = #"{"type":"object","properties":{"q":{"type":"string"}}}"#
        let shapes = [
            #"{"type":"function","function":{"name":"f","description":"d","parameters":\#(schema)}}"#,
            #"{"type":"function","name":"f","description":"d","parameters":\#(schema)}"#,
            #"{"name":"f","description":"d","input_schema":\#(schema)}"#,
            #"{"name":"f","description":"d","inputSchema":\#(schema)}"#,
        ]
        for shape in shapes {
            let spec = try #require(ToolSpec(json: try Jansson.decode(shape)))
            #expect(spec == ToolSpec(name: "f", description: "d", parameters: try Jansson.decode(schema)))
        }
        #expect(ToolSpec(json: try Jansson.decode(#"{"description":"no name"}"#)) == nil)
    }

    @Test func anthropicEstimateUsesTheDatedTable() throws {
        let tool = try Self.weather()
        let sonnet = try #require(try AnthropicToolAccounting.estimate([tool], model: "claude-sonnet-4-5-20250929"))
        let overhead = try #require(try AnthropicToolAccounting.overhead(model: "claude-sonnet-4-5-20250929"))
        #expect(overhead.auto == 346 && overhead.any == 313 && overhead.status == "secondary")
        #expect(sonnet.exactness == .estimate && sonnet.provider == "anthropic")
        #expect(sonnet.basis.contains("346") && sonnet.basis.contains("1.16"))
        let forced = try #require(
            try AnthropicToolAccounting.estimate([tool], model: "claude-sonnet-4-5", toolChoice: .any))
        #expect(sonnet.tokens - forced.tokens == 346 - 313)
        #expect(sonnet.tokens > 346 + 70)  // the tool JSON is ~79 o200k tokens
        // Claude 3 rows come from the primary (Claude 3 era) table.
        #expect(try AnthropicToolAccounting.overhead(model: "claude-3-opus-20240229")?.auto == 530)
        // Only an unverified row exists for Opus 5; its ratio family is the newer tokenizer.
        #expect(try AnthropicToolAccounting.overhead(model: "claude-opus-5")?.status == "unverified")
        #expect(try AnthropicToolAccounting.ratio(model: "claude-opus-5", kind: .code)?.value == 1.68)
        #expect(try AnthropicToolAccounting.estimate([tool], model: "gpt-4o") == nil)
        #expect(try AnthropicToolAccounting.estimate([], model: "claude-opus-4-1")?.tokens == 0)
    }

    @Test func geminiIsALabelledEstimate() throws {
        let count = try GeminiToolAccounting.estimate([try Self.weather()], model: "gemini-2.5-pro")
        #expect(count.exactness == .estimate && count.provider == "gemini" && count.tokens > 50)
        #expect(try GeminiToolAccounting.estimate([], model: "gemini-2.5-pro").tokens == 0)
    }
}

@Suite struct ToolTokenReportTests {
    @Test func perToolCountsAndShares() throws {
        let weather = try ToolAccountingTests.weather()
        let ping = ToolSpec(name: "ping", description: "Check the service is up.")
        let report = try ToolTokenReport(
            tools: [weather, ping],
            providers: [
                .openAI(model: "gpt-4o"), .harmony(model: "gpt-oss-20b"),
                .anthropic(model: "claude-sonnet-4-5", toolChoice: .auto),
                .anthropic(model: "gpt-4o", toolChoice: .auto),
                .gemini(model: "gemini-2.5-flash"),
            ])
        #expect(report.providers.count == 4)  // the non-Claude model under .anthropic is skipped
        #expect(report.totals.map(\.provider) == ["openai", "openai", "anthropic", "gemini"])
        #expect(report.tools.map(\.name) == ["get_current_weather", "ping"])
        // Cookbook: total = Σ per-tool + the per-request 12.
        let cookbook = report.tools.map { $0.counts[0].tokens }
        #expect(cookbook[0] == 68 - 12)
        #expect(report.totals[0].tokens == cookbook.reduce(0, +) + 12)
        // Anthropic: the 346-token system prompt is paid once, not per tool.
        #expect(report.tools.allSatisfy { $0.counts[2].tokens < 100 })
        #expect(report.totals[2].tokens >= 346 + report.tools[1].counts[2].tokens)
        #expect(abs(report.tools.map(\.share).reduce(0, +) - 1) < 1e-9)
        #expect(report.tools[0].share > report.tools[1].share)
    }
}
