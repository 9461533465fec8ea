import JSON
import Rules
import Testing
import ToolModel

@Suite struct ParameterRuleTests {
    @Test func walksNestedPropertiesItemsDefsAndBranches() throws {
        let schema = #"""
            {"type":"object","properties":{
               "city":{"type":"string","description":"City."},
               "options":{"type":"object","properties":{"units":{"type":"string"}}},
               "stops":{"type":"array","items":{"type":"object","properties":{"lat":{"type":"number"}}}},
               "filter":{"anyOf":[{"type":"object","properties":{"tag":{"type":"string"}}}],"description":"Filter."},
               "home":{"$ref":"#/$defs/Place"},
               "work":{"$ref":"#/$defs/Undescribed"}},
             "$defs":{"Place":{"type":"object","description":"A place.","properties":{"zip":{"type":"string","description":""}}},
                      "Undescribed":{"type":"object"}}}
            """#
        let found = try findings("param-no-description", in: mcpTool(schema: schema))
        let base = "/tools/0/inputSchema"
        #expect(
            found.map(\.pointer) == [
                pointer(base + "/properties/options"), pointer(base + "/properties/options/properties/units"),
                pointer(base + "/properties/stops"), pointer(base + "/properties/stops/items/properties/lat"),
                pointer(base + "/properties/filter/anyOf/0/properties/tag"), pointer(base + "/properties/work"),
                pointer(base + "/$defs/Place/properties/zip"),
            ])
        #expect(found.allSatisfy { $0.severity == .warning && $0.preferKey })
        #expect(found[1].message.contains("`options.units`"))
        #expect(found[3].message.contains("`stops[].lat`"))
        #expect(found[0].message.contains("3 of 10 parameters described"))
    }

    @Test func describedParametersPass() throws {
        #expect(try findings("param-no-description", in: mcpTool()).isEmpty)
    }

    @Test func deepSchemaDoesNotOverflow() throws {
        var schema: JSONValue = ["type": "string"]
        for _ in 0..<5_000 { schema = ["type": "object", "properties": ["next": schema]] }
        let tool: JSONValue = ["tools": [["name": "deep", "description": "d", "inputSchema": schema]]]
        let set = DialectDetector.toolSet(from: tool, uri: "x")
        let found = RuleEngine().run(on: set, targets: [.mcp]).filter { $0.ruleId == "param-no-description" }
        #expect(found.count == SchemaWalker.maxDepth)
    }

    @Test func requiredNameNotDefined() throws {
        let schema =
            #"{"type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path","filepath","zzz"]}"#
        let found = try findings("param-required-undefined", in: mcpTool(schema: schema))
        #expect(
            found.map(\.pointer) == [
                pointer("/tools/0/inputSchema/required/1"), pointer("/tools/0/inputSchema/required/2"),
            ])
        #expect(found.allSatisfy { $0.severity == .error })
        #expect(found[0].message.contains("did you mean `file_path`"))
        #expect(found[0].fixes.first?.operations == [.replace(pointer("/tools/0/inputSchema/required/1"), "file_path")])
        #expect(found[1].fixes.map(\.operations) == [[.remove(pointer("/tools/0/inputSchema/required/2"))]])
    }

    @Test func duplicateRequiredIsAWarning() throws {
        let schema = #"{"type":"object","properties":{"a":{"type":"string"}},"required":["a","a"]}"#
        let found = try findings("param-required-undefined", in: mcpTool(schema: schema))
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.pointer == pointer("/tools/0/inputSchema/required/1"))
        #expect(found.first?.related.first?.pointer == pointer("/tools/0/inputSchema/required/0"))
        #expect(found.first?.fixes.first?.isPreferred == true)
    }

    @Test func branchesMayRequireTheParentsProperties() throws {
        let schema = #"""
            {"type":"object","properties":{"id":{"type":"string"},"email":{"type":"string"}},
             "anyOf":[{"required":["id"]},{"required":["email"]},{"required":["phone"]}]}
            """#
        let found = try findings("param-required-undefined", in: mcpTool(schema: schema))
        #expect(found.map(\.pointer) == [pointer("/tools/0/inputSchema/anyOf/2/required/0")])
    }

    @Test func nestedObjectsAreChecked() throws {
        let schema = #"{"type":"object","properties":{"o":{"type":"object","properties":{},"required":["x"]}}}"#
        let found = try findings("param-required-undefined", in: mcpTool(schema: schema))
        #expect(found.map(\.pointer) == [pointer("/tools/0/inputSchema/properties/o/required/0")])
    }

    @Test func consistentRequiredPasses() throws {
        let schema = #"{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}"#
        #expect(try findings("param-required-undefined", in: mcpTool(schema: schema)).isEmpty)
    }
}
