import JSON
import Rules
import Testing

@Suite struct SchemaWalkerTests {
    @Test func visitsEverySubschemaInDocumentOrder() throws {
        let schema = try Jansson.decode(
            #"""
            {"type":"object",
             "properties":{"a":{"type":"array","items":{"type":"string"}},"b":true,"c":"not a schema"},
             "anyOf":[{"required":["a"]}],
             "$defs":{"D":{"not":{"type":"null"}}},
             "additionalProperties":false,
             "prefixItems":[{}]}
            """#)
        let nodes = SchemaWalker.nodes(schema, at: pointer("/s"))
        #expect(
            nodes.map(\.pointer.description) == [
                "/s", "/s/properties/a", "/s/properties/a/items", "/s/properties/b", "/s/anyOf/0", "/s/$defs/D",
                "/s/$defs/D/not", "/s/additionalProperties", "/s/prefixItems/0",
            ])
        #expect(
            nodes.map(\.role) == [
                .root, .property("a"), .items, .property("b"), .branch("anyOf"), .definition("D"), .other("not"),
                .additionalProperties, .items,
            ])
        #expect(nodes.map(\.depth) == [0, 1, 2, 1, 1, 1, 2, 1, 1])
        #expect(nodes[2].parentPointer == pointer("/s/properties/a"))
        #expect(nodes[2].parent?["type"] == "array")
    }

    @Test func duplicateKeysResolveToTheLastLikePointersDo() {
        let schema: JSONValue = .object([
            JSONMember("properties", ["a": ["type": "string"]]), JSONMember("properties", ["b": [:]]),
        ])
        #expect(schema.objectMembers?.count == 2)
        let names = SchemaWalker.nodes(schema, at: .root).compactMap(\.propertyName)
        #expect(names == ["b"])
    }

    @Test func stopsAtMaxDepth() {
        var schema: JSONValue = [:]
        for _ in 0..<(SchemaWalker.maxDepth + 50) { schema = ["items": schema] }
        let nodes = SchemaWalker.nodes(schema, at: .root)
        #expect(nodes.count == SchemaWalker.maxDepth + 1)
    }
}
