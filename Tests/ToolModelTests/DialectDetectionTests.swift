import JSON
import Testing
import ToolModel

@Suite struct DialectDetectionTests {
    @Test func mcpToolsListResult() throws {
        let set = try read(
            #"""
            {"tools":[{"name":"get_weather","title":"Weather","description":"Get the weather.",
              "inputSchema":{"type":"object","properties":{"city":{"type":"string"}}},
              "outputSchema":{"type":"object"},"annotations":{"readOnlyHint":true},"_meta":{"v":1}}],
             "nextCursor":"abc"}
            """#)
        #expect(set.dialect == .mcp)
        #expect(set.findings.isEmpty)
        let tool = try #require(set.tools.first)
        #expect(tool.dialect == .mcp)
        #expect(tool.name == Located("get_weather", at: pointer("/tools/0/name")))
        #expect(tool.title == Located("Weather", at: pointer("/tools/0/title")))
        #expect(tool.description?.pointer == pointer("/tools/0/description"))
        #expect(tool.inputSchema?.pointer == pointer("/tools/0/inputSchema"))
        #expect(tool.inputSchemaPointer == pointer("/tools/0/inputSchema"))
        #expect(tool.outputSchema?.pointer == pointer("/tools/0/outputSchema"))
        #expect(tool.annotation("readOnlyHint") == true)
        #expect(tool.extras["_meta"]?.pointer == pointer("/tools/0/_meta"))
        #expect(tool.pointer == pointer("/tools/0"))
        #expect(tool.definitionPointer == pointer("/tools/0"))
        #expect(tool.group == pointer("/tools"))
    }

    @Test func mcpJSONRPCResponse() throws {
        let set = try read(
            #"{"jsonrpc":"2.0","id":7,"result":{"tools":[{"name":"a","inputSchema":{"type":"object"}},{"name":"b","inputSchema":{"type":"object"}}]}}"#
        )
        #expect(set.dialect == .mcp)
        #expect(set.names == ["a", "b"])
        #expect(set.tools[1].name?.pointer == pointer("/result/tools/1/name"))
        #expect(set.tools[1].inputSchemaPointer == pointer("/result/tools/1/inputSchema"))
    }

    @Test func mcpBareArrayAndSingleTool() throws {
        let array = try read(#"[{"name":"x","description":"d","inputSchema":{"type":"object"}}]"#)
        #expect(array.dialect == .mcp)
        #expect(array.tools.first?.name?.pointer == pointer("/0/name"))
        let single = try read(#"{"name":"x","description":"d","inputSchema":{"type":"object"}}"#)
        #expect(single.dialect == .mcp)
        #expect(single.tools.first?.name?.pointer == pointer("/name"))
        #expect(single.tools.first?.inputSchemaPointer == pointer("/inputSchema"))
    }

    @Test func captureWrapperIsReadAsMCP() throws {
        let set = try read(
            #"{"_capture":{"server":"s"},"response":{"jsonrpc":"2.0","id":"u","result":{"tools":[{"name":"t","inputSchema":{"type":"object"}}]}}}"#
        )
        #expect(set.dialect == .mcp)
        #expect(set.tools.first?.name?.pointer == pointer("/response/result/tools/0/name"))
    }

    @Test func openAIChat() throws {
        let set = try read(
            #"""
            [{"type":"function","function":{"name":"get_weather","description":"Weather.","strict":true,
              "parameters":{"type":"object","properties":{}}}}]
            """#)
        #expect(set.dialect == .openaiChat)
        let tool = try #require(set.tools.first)
        #expect(tool.pointer == pointer("/0"))
        #expect(tool.definitionPointer == pointer("/0/function"))
        #expect(tool.name?.pointer == pointer("/0/function/name"))
        #expect(tool.inputSchema?.pointer == pointer("/0/function/parameters"))
        #expect(tool.extras["strict"] == Located(true, at: pointer("/0/function/strict")))
        #expect(tool.extras["type"] == nil)
    }

    @Test func openAIChatInsideToolsWithoutParameters() throws {
        let set = try read(#"{"model":"gpt","tools":[{"type":"function","function":{"name":"ping"}}]}"#)
        #expect(set.dialect == .openaiChat)
        #expect(set.tools.first?.inputSchema == nil)
        #expect(set.tools.first?.inputSchemaPointer == pointer("/tools/0/function/parameters"))
    }

    @Test func openAIResponses() throws {
        let set = try read(
            #"[{"type":"function","name":"lookup","description":"d","parameters":{"type":"object"},"strict":false}]"#)
        #expect(set.dialect == .openaiResponses)
        let tool = try #require(set.tools.first)
        #expect(tool.definitionPointer == pointer("/0"))
        #expect(tool.name?.pointer == pointer("/0/name"))
        #expect(tool.extras["strict"]?.pointer == pointer("/0/strict"))
    }

    @Test func anthropic() throws {
        let set = try read(
            #"""
            {"tools":[{"name":"get_stock","description":"d","input_schema":{"type":"object"},
              "input_examples":[{"ticker":"X"}],"cache_control":{"type":"ephemeral"},"strict":true}]}
            """#)
        #expect(set.dialect == .anthropic)
        let tool = try #require(set.tools.first)
        #expect(tool.inputSchema?.pointer == pointer("/tools/0/input_schema"))
        #expect(tool.extras["input_examples"]?.pointer == pointer("/tools/0/input_examples"))
        #expect(tool.extras["cache_control"] != nil)
        #expect(tool.extras["strict"]?.value == true)
    }

    @Test func geminiShapes() throws {
        let bare = try read(
            #"{"functionDeclarations":[{"name":"a","parameters":{"type":"OBJECT"}},{"name":"b"}]}"#)
        #expect(bare.dialect == .gemini)
        #expect(bare.names == ["a", "b"])
        #expect(bare.tools[1].inputSchemaPointer == pointer("/functionDeclarations/1/parameters"))
        #expect(bare.tools[0].usesOpenAPISchema)

        let array = try read(#"[{"functionDeclarations":[{"name":"a"}]},{"functionDeclarations":[{"name":"b"}]}]"#)
        #expect(array.dialect == .gemini)
        #expect(
            array.tools.map(\.name?.pointer) == [
                pointer("/0/functionDeclarations/0/name"), pointer("/1/functionDeclarations/0/name"),
            ])
        #expect(array.tools[0].group == array.tools[1].group)

        let wrapped = try read(
            #"{"tools":[{"googleSearch":{}},{"functionDeclarations":[{"name":"c","parametersJsonSchema":{"type":"object"}}]}]}"#
        )
        #expect(wrapped.dialect == .gemini)
        let tool = try #require(wrapped.tools.first)
        #expect(tool.inputSchema?.pointer == pointer("/tools/1/functionDeclarations/0/parametersJsonSchema"))
        #expect(!tool.usesOpenAPISchema)
        // The built-in search tool is noted, not silently dropped.
        #expect(wrapped.findings.map(\.severity) == [.info])
        #expect(wrapped.findings.first?.pointer == pointer("/tools/0"))
    }

    @Test func bfclFunctionDocsAndRecords() throws {
        let docs = try read(#"[{"name":"a.b","description":"d","parameters":{"type":"dict","properties":{}}}]"#)
        #expect(docs.dialect == .bfcl)
        let records = try read(
            #"""
            [{"id":"r0","question":[[{"role":"user","content":"q"}]],"function":[{"name":"f","parameters":{"type":"dict"}}]},
             {"id":"r1","question":[],"function":[{"name":"g","parameters":{"type":"dict"}},{"name":"f","parameters":{"type":"dict"}}]}]
            """#)
        #expect(records.dialect == .bfcl)
        #expect(records.names == ["f", "g", "f"])
        #expect(records.tools[2].name?.pointer == pointer("/1/function/1/name"))
        #expect(records.tools[0].group == pointer("/0/function"))
        #expect(records.tools[2].group == pointer("/1/function"))
    }

    @Test func emptyToolListIsValid() throws {
        let set = try read(#"{"tools":[]}"#)
        #expect(set.tools.isEmpty)
        #expect(set.findings.isEmpty)
        #expect(try read("[]").findings.isEmpty)
    }
}
