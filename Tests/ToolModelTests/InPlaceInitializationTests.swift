import JSON
import Testing

@testable import ToolModel

/// `initializeFields` builds a `ToolDefinition` in place, one stored property at a time: every
/// property must be set, and set as the memberwise initializer sets it.
@Suite struct InPlaceInitializationTests {
    @Test func toolDefinitionFieldsMatchTheInitializer() throws {
        let pointer = JSONPointer.root / "tools" / 3
        let definitionPointer = pointer / "function"
        let schema: JSONValue = ["type": "object", "properties": ["city": ["type": "string"]]]
        let raw: JSONValue = ["name": "get_weather", "description": "Weather.", "parameters": schema]
        let expected = ToolDefinition(
            dialect: .openaiChat, pointer: pointer, definitionPointer: definitionPointer,
            name: Located("get_weather", at: definitionPointer / "name"),
            title: Located("Weather", at: definitionPointer / "title"),
            description: Located("Weather.", at: definitionPointer / "description"),
            inputSchema: Located(schema, at: definitionPointer / "parameters"),
            inputSchemaPointer: definitionPointer / "parameters",
            outputSchema: Located(["type": "object"], at: definitionPointer / "response"),
            annotations: Located(["readOnlyHint": true], at: definitionPointer / "annotations"),
            extras: ["strict": Located(true, at: pointer / "strict")], raw: raw, group: .root / "tools")
        let slot = UnsafeMutablePointer<ToolDefinition>.allocate(capacity: 1)
        defer { slot.deallocate() }
        slot.initializeFields(
            dialect: expected.dialect, pointer: expected.pointer, definitionPointer: expected.definitionPointer,
            name: expected.name, title: expected.title, description: expected.description,
            inputSchema: expected.inputSchema, inputSchemaPointer: expected.inputSchemaPointer,
            outputSchema: expected.outputSchema, annotations: expected.annotations, extras: expected.extras,
            raw: expected.raw, group: expected.group)
        let built = slot.move()
        #expect(built.dialect == expected.dialect)
        #expect(built.pointer == expected.pointer)
        #expect(built.definitionPointer == expected.definitionPointer)
        #expect(built.name == expected.name)
        #expect(built.title == expected.title)
        #expect(built.description == expected.description)
        #expect(built.inputSchema == expected.inputSchema)
        #expect(built.inputSchemaPointer == expected.inputSchemaPointer)
        #expect(built.outputSchema == expected.outputSchema)
        #expect(built.annotations == expected.annotations)
        #expect(built.extras == expected.extras)
        #expect(built.raw == expected.raw)
        #expect(built.group == expected.group)
    }

    /// A stored property added to `ToolDefinition` must be added to `initializeFields` too
    /// (left out, it would be uninitialized memory): this count is the reminder.
    @Test func toolDefinitionHasTheFieldsInitializedInPlace() {
        let tool = ToolDefinition(
            dialect: .mcp, pointer: .root, definitionPointer: .root, inputSchemaPointer: .root / "inputSchema",
            raw: [:])
        let names = Mirror(reflecting: tool).children.compactMap(\.label)
        #expect(
            names == [
                "dialect", "pointer", "definitionPointer", "name", "title", "description", "inputSchema",
                "inputSchemaPointer", "outputSchema", "annotations", "extras", "raw", "group",
            ])
    }
}
