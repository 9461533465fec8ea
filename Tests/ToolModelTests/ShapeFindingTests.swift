import JSON
import Testing
import ToolModel

@Suite struct ShapeFindingTests {
    @Test(arguments: [
        #"{"name":"my-package","version":"1.0.0"}"#, "[1, 2, 3]", #""just a string""#, "42",
        #"[{"foo":1}]"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"no"}}"#,
        #"{"jsonrpc":"2.0","id":1,"result":{"resources":[]}}"#,
    ])
    func unknownDocumentGetsOneFinding(_ text: String) throws {
        let set = try read(text)
        #expect(set.tools.isEmpty)
        #expect(set.dialect == nil)
        #expect(set.findings.count == 1)
        let finding = try #require(set.findings.first)
        #expect(finding.ruleId == "tool-dialect-unknown")
        #expect(finding.severity == .error)
        #expect(finding.pointer == .root)
        #expect(finding.message.contains("inputSchema"))
        #expect(finding.message.contains("functionDeclarations"))
        #expect(finding.message.contains("input_schema"))
    }

    @Test func jsonRPCErrorSaysSo() throws {
        let set = try read(#"{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"x"}}"#)
        #expect(set.findings.first?.message.contains("error response") == true)
    }

    @Test func entriesThatAreNotToolsAreReported() throws {
        let set = try read(
            #"{"tools":[{"name":"ok","inputSchema":{"type":"object"}}, 5, "x", {"foo":1}, {"name":7,"inputSchema":{}}]}"#
        )
        #expect(set.dialect == .mcp)
        #expect(set.names == ["ok", nil])
        let shapes = set.findings("tool-shape")
        #expect(
            shapes.map(\.pointer) == [
                pointer("/tools/1"), pointer("/tools/2"), pointer("/tools/3"), pointer("/tools/4/name"),
            ])
        #expect(shapes.allSatisfy { $0.severity == .error })
        #expect(shapes[0].message.contains("an integer"))
        #expect(shapes[3].message.contains("must be a string"))
    }

    @Test func toolsThatIsNotAnArray() throws {
        let set = try read(#"{"tools":{"name":"x"}}"#)
        #expect(set.tools.isEmpty)
        #expect(set.findings.map(\.ruleId) == ["tool-shape"])
        #expect(set.findings.first?.pointer == pointer("/tools"))
    }

    @Test func missingNameAndWrongDescriptionType() throws {
        let set = try read(#"[{"description":5,"inputSchema":{"type":"object"}}]"#)
        #expect(set.tools.count == 1)
        let pointers = set.findings("tool-shape").map(\.pointer)
        #expect(pointers == [pointer("/0"), pointer("/0/description")])
    }

    @Test func mixedDialectsAreFlagged() throws {
        let set = try read(
            #"[{"name":"a","inputSchema":{"type":"object"}},{"name":"b","inputSchema":{}},{"name":"c","input_schema":{}}]"#
        )
        #expect(set.dialect == .mcp)
        #expect(set.tools.map(\.dialect) == [.mcp, .mcp, .anthropic])
        let mixed = set.findings("tool-shape")
        #expect(mixed.count == 1)
        #expect(mixed.first?.pointer == pointer("/2"))
        #expect(mixed.first?.severity == .warning)
    }

    @Test func schemaUnderAnotherDialectsKeyGetsRenameFix() throws {
        let set = try read(
            #"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a","parameters":{"type":"object"}}]}}"#)
        #expect(set.dialect == .mcp)
        let finding = try #require(set.findings("tool-shape").first)
        #expect(finding.pointer == pointer("/result/tools/0/parameters"))
        #expect(finding.preferKey)
        #expect(
            finding.fixes.first?.operations == [.renameKey(pointer("/result/tools/0/parameters"), to: "inputSchema")])
    }

    @Test func geminiSchemaKeysAreExclusive() throws {
        let set = try read(
            #"{"functionDeclarations":[{"name":"a","parameters":{"type":"object"},"parametersJsonSchema":{"type":"object"}}]}"#
        )
        #expect(set.findings("tool-shape").map(\.pointer) == [pointer("/functionDeclarations/0/parameters")])
        #expect(set.tools.first?.inputSchemaPointer == pointer("/functionDeclarations/0/parametersJsonSchema"))
    }

    @Test func openAIBuiltinToolIsNotedNotChecked() throws {
        let set = try read(
            #"[{"type":"web_search"},{"type":"function","name":"f","parameters":{"type":"object"}}]"#)
        #expect(set.dialect == .openaiResponses)
        #expect(set.names == ["f"])
        #expect(set.findings.map(\.severity) == [.info])
    }

    @Test func deeplyNestedWrappersDoNotCrash() throws {
        var value: JSONValue = ["tools": []]
        for _ in 0..<50 { value = ["response": value] }
        let set = DialectDetector.toolSet(from: value, uri: "x")
        #expect(set.tools.isEmpty)
        #expect(set.findings.map(\.ruleId) == ["tool-dialect-unknown"])
    }
}

@Suite struct GeminiShapeTests {
    @Test func nonObjectDeclarationIsReported() throws {
        let set = try read(#"{"tools":[{"functionDeclarations":[{"name":"a"}, null]}]}"#)
        #expect(set.names == ["a"])
        #expect(set.findings.map(\.pointer) == [pointer("/tools/0/functionDeclarations/1")])
        #expect(set.findings.first?.message.contains("null") == true)
    }

    @Test func nullOptionalFieldsAreAbsentButNullNameIsNot() throws {
        let set = try read(#"[{"name":null,"title":null,"description":null,"inputSchema":{"type":"object"}}]"#)
        let tool = try #require(set.tools.first)
        #expect(tool.name == nil && tool.title == nil && tool.description == nil)
        #expect(set.findings.map(\.pointer) == [pointer("/0/name")])
        #expect(set.findings.first?.message == "`name` must be a string, found null.")
    }
}
