import JSON
import Rules
import Testing
import ToolModel

@Suite struct SchemaRootRuleTests {
    @Test func mcpNeedsInputSchema() throws {
        let found = try findings("schema-root-not-object", in: #"{"tools":[{"name":"a","description":"d"}]}"#)
        #expect(found.map(\.severity) == [.error])
        #expect(found.first?.pointer == pointer("/tools/0/inputSchema"))
        #expect(
            found.first?.fixes.first?.operations == [
                .addMember(
                    object: pointer("/tools/0"), key: "inputSchema",
                    value: ["type": "object", "additionalProperties": false])
            ])
    }

    @Test func anthropicNeedsInputSchema() throws {
        let json =
            #"{"tools":[{"name":"a","description":"d","input_schema":{"type":"object"}},{"name":"b","description":"d"}]}"#
        let found = try findings("schema-root-not-object", in: json)
        #expect(found.map(\.pointer) == [pointer("/tools/1/input_schema")])
    }

    @Test func openAIAndGeminiMayOmitParameters() throws {
        #expect(
            try findings("schema-root-not-object", in: #"[{"type":"function","function":{"name":"ping"}}]"#).isEmpty)
        #expect(try findings("schema-root-not-object", in: #"{"functionDeclarations":[{"name":"ping"}]}"#).isEmpty)
    }

    @Test func nullAndNonObjectSchemas() throws {
        let null = try findings("schema-root-not-object", in: #"{"tools":[{"name":"a","inputSchema":null}]}"#)
        #expect(null.map(\.pointer) == [pointer("/tools/0/inputSchema")])
        #expect(null.first?.message.contains("null") == true)
        let array = try findings("schema-root-not-object", in: #"[{"type":"function","name":"a","parameters":[]}]"#)
        #expect(array.map(\.pointer) == [pointer("/0/parameters")])
    }

    @Test func rootTypeMustBeObject() throws {
        let string = try findings("schema-root-not-object", in: mcpTool(schema: #"{"type":"string"}"#))
        #expect(string.map(\.pointer) == [pointer("/tools/0/inputSchema/type")])
        let missing = try findings("schema-root-not-object", in: mcpTool(schema: #"{"properties":{}}"#))
        #expect(missing.map(\.pointer) == [pointer("/tools/0/inputSchema")])
        #expect(missing.first?.fixes.first?.isPreferred == true)
        let union = try findings("schema-root-not-object", in: mcpTool(schema: #"{"anyOf":[{"type":"object"}]}"#))
        #expect(union.first?.message.contains("anyOf") == true)
        let array = try findings("schema-root-not-object", in: mcpTool(schema: #"{"type":["object","null"]}"#))
        #expect(array.map(\.pointer) == [pointer("/tools/0/inputSchema/type")])
    }

    @Test func objectRootPasses() throws {
        #expect(try findings("schema-root-not-object", in: mcpTool()).isEmpty)
        // BFCL's "dict" is schema-invalid's finding (with its fix), not reported twice.
        #expect(try findings("schema-root-not-object", in: #"[{"name":"f","parameters":{"type":"dict"}}]"#).isEmpty)
        #expect(
            try findings(
                "schema-root-not-object", in: #"{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT"}}]}"#
            ).isEmpty)
    }
}

@Suite struct SchemaInvalidRuleTests {
    @Test func bfclTypeNamesGetFixes() throws {
        let json = #"""
            [{"name":"f","description":"d","parameters":{"type":"dict","properties":{
               "x":{"type":"float"},"n":{"type":"int"},"l":{"type":"list"},"t":{"type":"tuple"},"a":{"type":"any"},
               "s":{"type":"String"},"q":{"type":"quux"}}}}]
            """#
        let found = try findings("schema-invalid", in: json)
        let replacements = found.compactMap { finding -> String? in
            guard case .replace(_, let value)? = finding.fixes.first?.operations.first else { return nil }
            return value.stringValue
        }
        #expect(replacements == ["object", "number", "integer", "array", "array", "string"])
        #expect(found.map(\.pointer).first == pointer("/0/parameters/type"))
        let any = try #require(found.first { $0.pointer == pointer("/0/parameters/properties/a/type") })
        #expect(any.fixes.first?.operations == [.remove(pointer("/0/parameters/properties/a/type"))])
        let unknown = try #require(found.last)
        #expect(unknown.pointer == pointer("/0/parameters/properties/q/type"))
        #expect(unknown.fixes.isEmpty)
        #expect(found.allSatisfy { $0.severity == .error })
    }

    @Test func geminiOpenAPIAcceptsUpperCaseTypes() throws {
        let json =
            #"{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT","properties":{"a":{"type":"STRING"}}}}]}"#
        #expect(try findings("schema-invalid", in: json).isEmpty)
        let jsonSchema = #"{"functionDeclarations":[{"name":"f","parametersJsonSchema":{"type":"OBJECT"}}]}"#
        #expect(try findings("schema-invalid", in: jsonSchema).count == 1)
    }

    @Test func booleanPropertySchema() throws {
        let found = try findings(
            "schema-invalid", in: mcpTool(schema: #"{"type":"object","properties":{"data":true}}"#))
        #expect(found.map(\.pointer) == [pointer("/tools/0/inputSchema/properties/data")])
        #expect(found.first?.preferKey == true)
        #expect(
            found.first?.fixes.first?.operations == [.replace(pointer("/tools/0/inputSchema/properties/data"), [:])])
    }

    @Test func requiredBooleanOnProperty() throws {
        let schema =
            #"{"type":"object","properties":{"a":{"type":"string","required":true},"b":{"type":"string","required":false}},"required":["c"]}"#
        let found = try findings("schema-invalid", in: mcpTool(schema: schema))
        let base = "/tools/0/inputSchema"
        #expect(
            found.map(\.pointer) == [
                pointer(base + "/properties/a/required"), pointer(base + "/properties/b/required"),
            ])
        #expect(
            found[0].fixes.first?.operations == [
                .remove(pointer(base + "/properties/a/required")),
                .appendElement(array: pointer(base + "/required"), value: "a"),
            ])
        #expect(found[1].fixes.first?.operations == [.remove(pointer(base + "/properties/b/required"))])
    }

    @Test func requiredTrueWithoutParentArrayAddsOne() throws {
        let schema = #"{"type":"object","properties":{"a":{"type":"string","required":true}}}"#
        let found = try findings("schema-invalid", in: mcpTool(schema: schema))
        #expect(
            found.first?.fixes.first?.operations.last
                == .addMember(object: pointer("/tools/0/inputSchema"), key: "required", value: ["a"]))
    }

    @Test func enumProblems() throws {
        let schema = #"""
            {"type":"object","properties":{
              "e":{"type":"string","enum":[]},
              "k":{"type":"integer","enum":[1,"2",3.5,4.0]},
              "m":{"type":["string","null"],"enum":["a",null,1]},
              "o":{"enum":"abc"}}}
            """#
        let found = try findings("schema-invalid", in: mcpTool(schema: schema))
        let base = "/tools/0/inputSchema/properties"
        #expect(
            found.map(\.pointer) == [
                pointer(base + "/e/enum"), pointer(base + "/k/enum/1"), pointer(base + "/k/enum/2"),
                pointer(base + "/m/enum/2"), pointer(base + "/o/enum"),
            ])
    }

    @Test func keywordsWithTheWrongKindOfValue() throws {
        let schema = #"""
            {"type":"object","properties":{"a":"string","b":{"type":"array","items":"string"},
              "c":{"type":"string","minLength":-1,"description":5},"d":{"anyOf":[]},"e":{"$ref":"#/$defs/Missing"}},
             "required":"a"}
            """#
        let found = try findings("schema-invalid", in: mcpTool(schema: schema))
        let base = "/tools/0/inputSchema"
        #expect(
            Set(found.map(\.pointer)) == [
                pointer(base + "/properties/a"), pointer(base + "/required"), pointer(base + "/properties/b/items"),
                pointer(base + "/properties/c/minLength"), pointer(base + "/properties/c/description"),
                pointer(base + "/properties/d/anyOf"), pointer(base + "/properties/e/$ref"),
            ])
        #expect(found.count == 7)
    }

    @Test func propertiesNotAnObject() throws {
        let found = try findings("schema-invalid", in: mcpTool(schema: #"{"type":"object","properties":["a"]}"#))
        #expect(found.map(\.pointer) == [pointer("/tools/0/inputSchema/properties")])
    }

    @Test func validSchemaPasses() throws {
        let schema = #"""
            {"type":"object","properties":{"a":{"type":["string","null"],"enum":["x",null]},"n":{"type":"number","enum":[1,2.5],"minimum":0},
              "r":{"$ref":"#/$defs/R"},"t":{"type":"array","items":[{"type":"string"}]},
              "anchor":{"$ref":"#node"},"remote":{"$ref":"https://example.com/s.json#/x"},"self":{"$ref":"#"}},
             "$defs":{"R":{"type":"object","additionalProperties":false}},"required":["a"]}
            """#
        #expect(try findings("schema-invalid", in: mcpTool(schema: schema)).isEmpty)
    }
}
