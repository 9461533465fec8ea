import JSON
import Rules
import Testing
import ToolModel

/// The engine lets the schema rules share one walk per schema; what they find must be exactly
/// what each finds on its own.
@Suite struct SharedSchemaWalkTests {
    static let tools = #"""
        {"tools":[
          {"name":"a","description":"First tool with several schema problems.","inputSchema":{"type":"object",
            "properties":{"x":{"type":"dict"},"y":true,"z":{"type":"array","items":{"type":"object",
              "properties":{"w":{"type":"string","required":true}}}}},
            "required":["x","x","q"],"anyOf":[{"required":["v"]}],"$defs":{"D":{"type":"flot"}}}},
          {"name":"b","description":"Second tool, the same schema text at another pointer.","inputSchema":{"type":"object",
            "properties":{"x":{"type":"dict"},"y":true},"required":["x","q"]}}
        ]}
        """#

    @Test func engineFindingsEqualEachRuleRunAlone() throws {
        let set = DialectDetector.toolSet(from: try Jansson.decode(Self.tools), uri: "file:///t.json")
        let targets = Target.defaults(for: set.dialect)
        let together = RuleEngine().run(on: set, targets: targets)
        var alone: [Finding] = []
        for rule in BuiltinRules.toolRules where rule.metadata.applies(to: targets) {
            let context = RuleContext(targets: targets, options: .object([]))
            for tool in set.tools { alone += rule.check(tool, in: set, context: context) }
        }
        let schemaRules: Set = ["schema-invalid", "param-required-undefined", "param-no-description"]
        let shared = together.filter { schemaRules.contains($0.ruleId) }
        #expect(shared.count >= 8)
        #expect(shared == alone.filter { schemaRules.contains($0.ruleId) })
    }

    @Test func aDifferentSchemaAtTheSamePointerIsWalkedAfresh() throws {
        // param-no-description walks each tool's schema first; the derived rule then walks a
        // changed copy at the same pointer and must see the copy's properties, not the original's.
        let set = DialectDetector.toolSet(from: try Jansson.decode(Self.tools), uri: "file:///t.json")
        let engine = RuleEngine(toolRules: [ParamNoDescriptionRule(), DerivedSchemaRule()], setRules: [])
        let messages = engine.run(on: set, targets: [.mcp]).filter { $0.ruleId == "test-derived" }.map(\.message)
        #expect(messages == ["extra", "extra"])
    }
}

/// Walks the tool's schema with its `properties` replaced, at the schema's own pointer.
private struct DerivedSchemaRule: ToolRule {
    let metadata = RuleMetadata(
        id: "test-derived", category: .schema, defaultSeverity: .info, summary: "test", explanation: "test")

    func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let schema = tool.inputSchema, let members = schema.value.objectMembers else { return [] }
        let derived = JSONValue.object(members + [JSONMember("properties", ["extra": [:]])])
        var names: [String] = []
        SchemaWalker.walk(derived, at: schema.pointer) { node in
            if let name = node.propertyName { names.append(name) }
        }
        return [
            Finding(
                ruleId: metadata.id, severity: .info, message: names.joined(separator: ","), pointer: schema.pointer)
        ]
    }
}
