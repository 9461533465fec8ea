import JSON
import Plugins
import Rules
import SourceDocument
import Testing
import ToolModel

/// Runs a one-rule pack over the MCP fixture and returns the findings.
private func run(_ given: String, _ then: String, tools: String = Fixture.mcpTools) throws -> [Finding] {
    let text = """
        {"id": "t", "rules": {"r": {"given": \(JSONValue.quoted(given)), "then": \(then)}}}
        """
    let (pack, problems) = RulePack.load(SourceDocument(uri: "file:///p.json", text: text))
    #expect(problems.isEmpty, "\(problems)")
    let loaded = try #require(pack)
    let (_, set) = Fixture.toolSet(tools)
    let engine = RuleEngine(toolRules: loaded.rules, setRules: [])
    return engine.run(on: set, targets: [.mcp])
}

@Suite struct RulePackFunctionTests {
    @Test func casingFlagsOnlyNonSnakeNamesAtTheirPointer() throws {
        let findings = try run("$.tools[*].name", #"{"function": "casing", "functionOptions": {"type": "snake"}}"#)
        #expect(findings.map(\.pointer.description) == ["/tools/0/name"])
        #expect(findings.first?.message.contains("snake") == true)
    }

    @Test func casingKinds() throws {
        let cases: [(String, String, Bool)] = [
            ("camel", "getWeather", true), ("camel", "GetWeather", false), ("pascal", "GetWeather", true),
            ("pascal", "getWeather", false), ("kebab", "get-weather", true), ("kebab", "get_weather", false),
            ("macro", "GET_WEATHER", true), ("macro", "Get_Weather", false), ("snake", "get_weather2", true),
            ("snake", "get__weather", false),
        ]
        for (type, name, ok) in cases {
            let tools = #"[{"name": "\#(name)", "description": "d", "inputSchema": {"type": "object"}}]"#
            let findings = try run(
                "$.tools[*].name", #"{"function": "casing", "functionOptions": {"type": "\#(type)"}}"#, tools: tools)
            #expect(findings.isEmpty == ok, "\(type) \(name)")
        }
    }

    @Test func parameterKeysViaRecursiveDescentMapToPropertyPointers() throws {
        let findings = try run(
            "$.tools[*].inputSchema..properties[*]",
            #"{"field": "@key", "function": "casing", "functionOptions": {"type": "snake"}}"#)
        #expect(findings.map(\.pointer.description) == ["/tools/0/inputSchema/properties/City"])
        #expect(findings.first?.preferKey == true)
    }

    @Test func definedAndUndefined() throws {
        let defined = try run(
            "$.tools[*].inputSchema.properties[*]", #"{"field": "description", "function": "defined"}"#)
        // City and days lack descriptions; query has one. Missing fields point at the owner.
        #expect(
            Set(defined.map(\.pointer.description)) == [
                "/tools/0/inputSchema/properties/City", "/tools/0/inputSchema/properties/days",
            ])
        let undefined = try run("$.tools[*]", #"{"field": "title", "function": "defined"}"#)
        #expect(undefined.count == 2)
        let forbidden = try run("$.tools[*]", #"{"field": "description", "function": "undefined"}"#)
        #expect(forbidden.map(\.pointer.description) == ["/tools/0/description", "/tools/1/description"])
    }

    @Test func truthyAndFalsy() throws {
        let tools = #"[{"name": "a", "description": "", "inputSchema": {"type": "object"}}]"#
        #expect(try run("$.tools[*]", #"{"field": "description", "function": "truthy"}"#, tools: tools).count == 1)
        #expect(try run("$.tools[*]", #"{"field": "name", "function": "truthy"}"#, tools: tools).isEmpty)
        #expect(try run("$.tools[*]", #"{"field": "description", "function": "falsy"}"#, tools: tools).isEmpty)
        #expect(try run("$.tools[*]", #"{"field": "name", "function": "falsy"}"#, tools: tools).count == 1)
    }

    @Test func patternAndNotPattern() throws {
        let must = try run("$.tools[*].description", #"{"function": "pattern", "functionOptions": {"match": "\\.$"}}"#)
        #expect(must.isEmpty)
        let mustEndWithBang = try run(
            "$.tools[*].description", #"{"function": "pattern", "functionOptions": {"match": "!$"}}"#)
        #expect(mustEndWithBang.count == 2)
        let not = try run(
            "$.tools[*].description", #"{"function": "notPattern", "functionOptions": {"match": "^Weather"}}"#)
        #expect(not.map(\.pointer.description) == ["/tools/0/description"])
    }

    @Test func lengthBounds() throws {
        let short = try run("$.tools[*].description", #"{"function": "length", "functionOptions": {"min": 20}}"#)
        #expect(short.map(\.pointer.description) == ["/tools/0/description"])
        let long = try run("$.tools[*].description", #"{"function": "length", "functionOptions": {"max": 20}}"#)
        #expect(long.map(\.pointer.description) == ["/tools/1/description"])
        let props = try run(
            "$.tools[*].inputSchema.properties", #"{"function": "length", "functionOptions": {"max": 1}}"#)
        #expect(props.map(\.pointer.description) == ["/tools/0/inputSchema/properties"])
    }

    @Test func enumeration() throws {
        let findings = try run(
            "$.tools[*].inputSchema.properties[*].type",
            #"{"function": "enumeration", "functionOptions": {"values": ["string"]}}"#)
        #expect(findings.map(\.pointer.description) == ["/tools/0/inputSchema/properties/days/type"])
    }

    @Test func schemaFunction() throws {
        let findings = try run(
            "$.tools[*].inputSchema",
            #"{"function": "schema", "functionOptions": {"schema": {"type": "object", "required": ["required"]}}}"#)
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.message.contains("required") })
        let passing = try run(
            "$.tools[*].inputSchema",
            #"{"function": "schema", "functionOptions": {"schema": {"required": ["type"]}}}"#)
        #expect(passing.isEmpty)
    }

    @Test func tokenCountEstimateAndCustomCounter() throws {
        let findings = try run(
            "$.tools[*].description", #"{"function": "tokenCount", "functionOptions": {"max": 5}}"#)
        // "Weather." is 2 estimated tokens; the 60-character description is 15.
        #expect(findings.map(\.pointer.description) == ["/tools/1/description"])
        let text =
            #"{"rules": {"r": {"given": "$.tools[*].name", "then": {"function": "tokenCount", "functionOptions": {"max": 1}}}}}"#
        let (pack, _) = RulePack.load(SourceDocument(uri: "file:///p.json", text: text)) { _ in 100 }
        let (_, set) = Fixture.toolSet(Fixture.mcpTools)
        let engine = RuleEngine(toolRules: try #require(pack).rules, setRules: [])
        #expect(engine.run(on: set, targets: [.mcp]).count == 2)
    }

    @Test func messageTemplateAndSeverity() throws {
        let text = """
            rules:
              tool-name-snake:
                severity: error
                message: "Tool {{value}} ({{property}}): {{error}}"
                given: $.tools[*].name
                then: {function: casing, functionOptions: {type: snake}}
              disabled:
                severity: "off"
                given: $.tools[*]
                then: {function: falsy}
            """
        let (pack, problems) = RulePack.load(SourceDocument(uri: "file:///p.yaml", text: text))
        #expect(problems.isEmpty, "\(problems)")
        let loaded = try #require(pack)
        #expect(loaded.rules.map(\.metadata.id) == ["tool-name-snake"])
        let (_, set) = Fixture.toolSet(Fixture.mcpTools)
        let findings = RuleEngine(toolRules: loaded.rules, setRules: []).run(on: set, targets: [.mcp])
        #expect(findings.map(\.message) == ["Tool getWeather (name): is not snake case"])
        #expect(findings.first?.severity == .error)
    }

    @Test func selectorsOverOtherDialectsMapToTheirOwnPointers() throws {
        let openai = """
            [{"type": "function", "function": {"name": "GetX", "description": "d",
              "parameters": {"type": "object", "properties": {"Q": {"type": "string"}}}}}]
            """
        let names = try run(
            "$.tools[*].name", #"{"function": "casing", "functionOptions": {"type": "snake"}}"#, tools: openai)
        #expect(names.map(\.pointer.description) == ["/0/function/name"])
        let keys = try run(
            "$.tools[*].inputSchema.properties[*]",
            #"{"field": "@key", "function": "casing", "functionOptions": {"type": "snake"}}"#, tools: openai)
        #expect(keys.map(\.pointer.description) == ["/0/function/parameters/properties/Q"])
    }
}
