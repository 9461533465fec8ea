import JSON
import Testing
import ToolModel

@testable import Cost

@Suite struct TypeScriptAPIGeneratorTests {
    private func type(_ schema: JSONValue) -> String {
        TypeScriptAPIGenerator.type(schema, root: schema, indent: "", depth: 0)
    }

    @Test func mapsSchemaTypes() {
        #expect(type(["type": "integer"]) == "number")
        #expect(type(["type": "STRING"]) == "string")  // Gemini's OpenAPI subset
        #expect(type(["type": ["string", "null"]]) == "string | null")
        #expect(type(["enum": ["a", 1, nil]]) == #""a" | 1 | null"#)
        #expect(type(["const": "x"]) == #""x""#)
        #expect(type(["type": "array", "items": ["type": "string"]]) == "string[]")
        #expect(type(["type": "array", "items": ["enum": ["a", "b"]]]) == #"("a" | "b")[]"#)
        #expect(type(["type": "array"]) == "unknown[]")
        #expect(type(["anyOf": [["type": "string"], ["type": "number"]]]) == "string | number")
        #expect(type(["type": "string", "nullable": true]) == "string | null")
        #expect(type(["type": "object"]) == "Record<string, unknown>")
        #expect(type(["type": "object", "additionalProperties": ["type": "number"]]) == "Record<string, number>")
        #expect(type([:]) == "unknown")
    }

    @Test func inlinesLocalReferencesAndStopsOnCycles() {
        let schema: JSONValue = [
            "$defs": ["node": ["type": "object", "properties": ["next": ["$ref": "#/$defs/node"]]]],
            "$ref": "#/$defs/node",
        ]
        let rendered = type(schema)
        #expect(rendered.hasPrefix("{\n  /**") || rendered.hasPrefix("{\n  next?:"))
        #expect(rendered.contains("unknown"))  // the depth limit ends the cycle
        #expect(type(["$ref": "https://example.com/x.json"]) == "unknown")
    }

    @Test func declaresOneTypedFunctionPerToolWithJSDoc() {
        let set = Fixtures.toolSet([
            [
                "name": "get.weather",
                "description": "Current weather.\nUses */ in text.",
                "inputSchema": [
                    "type": "object",
                    "properties": [
                        "city": ["type": "string", "description": "City name"],
                        "unit": ["type": "string", "enum": ["c", "f"]],
                        "my-key": ["type": "boolean"],
                    ],
                    "required": ["city"],
                ],
                "outputSchema": ["type": "object", "properties": ["temp": ["type": "number"]], "required": ["temp"]],
            ],
            ["name": "ping", "inputSchema": ["type": "object"]],
        ])
        let text = TypeScriptAPIGenerator.declarations(for: set)
        #expect(text.contains("interface GetWeatherInput {"))
        #expect(text.contains("  /** City name */\n  city: string;"))
        #expect(text.contains(#"  unit?: "c" | "f";"#))
        #expect(text.contains(#"  "my-key"?: boolean;"#))
        #expect(text.contains("interface GetWeatherOutput {\n  temp: number;\n}"))
        #expect(text.contains(#"  "get.weather"(input: GetWeatherInput): Promise<GetWeatherOutput>;"#))
        #expect(text.contains("  ping(input: PingInput): Promise<unknown>;"))
        #expect(text.contains("   * Uses *\\/ in text."))
        #expect(!text.contains("Uses */"))
    }

    @Test func declaresRepeatedObjectTypesOnce() {
        let text = TypeScriptAPIGenerator.declarations(for: Fixtures.crudTools(resources: 2))
        #expect(text.contains("interface CreateUserData {"))
        #expect(text.contains("interface CreateTeamData {"))
        #expect(
            text.contains(
                "interface UpdateUserInput {\n  /** The user id */\n  id: string;\n  data: CreateUserData;\n}"))
        #expect(text.components(separatedBy: "Display name of the user").count == 2)  // declared once
        // A type used once stays inline.
        let single = TypeScriptAPIGenerator.declarations(
            for: Fixtures.toolSet([
                [
                    "name": "a",
                    "inputSchema": [
                        "type": "object",
                        "properties": ["o": ["type": "object", "properties": ["x": ["type": "number"]]]],
                    ],
                ]
            ]))
        #expect(single.contains("  o?: {\n    x?: number;\n  };"))
    }

    @Test func makesTypeNamesUnique() {
        let names = TypeScriptAPIGenerator.names(
            for: Fixtures.toolSet([["name": "get_a"], ["name": "get.a"], ["name": "1x"]]).tools)
        #expect(names.map(\.inputType) == ["GetAInput", "GetA2Input", "Tool1xInput"])
        #expect(names.map(\.accessor) == ["tools.get_a", #"tools["get.a"]"#, #"tools["1x"]"#])
    }

    @Test func programForwardsResultsAsVariables() throws {
        let loaded = try Fixtures.example("calculator.workflow.yaml")
        let program = CodeModeProgramGenerator.program(
            for: loaded.workflow, tools: loaded.toolSets.flatMap(\.tools))
        #expect(
            program == """
                const sum = await tools.add({ a: 15, b: 7 });
                const product = await tools.multiply({ a: sum.result, b: 3 });
                const r3 = await tools.divide({ a: product.result, b: 44 });
                console.log(JSON.stringify(r3));

                """)
    }

    @Test func programUsesLoopsForRepeatsAndPromiseAllForParallelCalls() {
        let (workflow, _) = Fixtures.workflow(
            """
            model: gpt-4o
            steps:
              - {tool: a, repeat: 3}
              - {tool: a, repeat: 2, parallel: true, print: true}
              - parallel: [{tool: a}, {tool: b, id: bee}]
              - code: const x = bee;
            codeMode: {print: x}
            """)
        let set = Fixtures.toolSet([["name": "a", "inputSchema": ["type": "object"]], ["name": "b"]])
        let program = CodeModeProgramGenerator.program(for: workflow!, tools: set.tools)
        #expect(
            program.contains("const r1: Awaited<ReturnType<typeof tools.a>>[] = [];\nfor (let i = 0; i < 3; i++) {"))
        #expect(program.contains("const r2 = await Promise.all(Array.from({ length: 2 }, () => tools.a({})));"))
        #expect(program.contains("const [r3, bee] = await Promise.all([\n  tools.a({}),\n  tools.b({}),\n]);"))
        #expect(program.contains("const x = bee;\nconsole.log(JSON.stringify(x));"))
    }
}
