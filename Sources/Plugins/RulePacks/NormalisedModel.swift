import JSON
import ToolModel

/// The dialect-neutral view rule packs and plugins see: `{"tools": [{"name", "title",
/// "description", "inputSchema", "outputSchema", "annotations", "dialect"}]}`, plus the way
/// back from a path in that view to a JSON Pointer into the real document.
public struct NormalisedModel: Sendable {
    public let value: JSONValue
    private let tools: [ToolDefinition]

    public init(tools: [ToolDefinition]) {
        self.tools = tools
        value = ["tools": .array(tools.map(Self.toolValue))]
    }

    static func toolValue(_ tool: ToolDefinition) -> JSONValue {
        var members: [JSONMember] = [JSONMember("dialect", .string(tool.dialect.rawValue))]
        if let name = tool.name { members.append(JSONMember("name", .string(name.value))) }
        if let title = tool.title { members.append(JSONMember("title", .string(title.value))) }
        if let description = tool.description {
            members.append(JSONMember("description", .string(description.value)))
        }
        if let schema = tool.inputSchema { members.append(JSONMember("inputSchema", schema.value)) }
        if let schema = tool.outputSchema { members.append(JSONMember("outputSchema", schema.value)) }
        if let annotations = tool.annotations { members.append(JSONMember("annotations", annotations.value)) }
        return .object(members)
    }

    /// Where a model path lives in the document. `exact` is false when the path names
    /// something that is not in the document as such (then the pointer is the nearest owner).
    public func documentPointer(for path: JSONPointer) -> (pointer: JSONPointer, exact: Bool) {
        let tokens = path.tokens
        guard tokens.count >= 2, tokens[0] == "tools", let index = JSONPointer.arrayIndex(tokens[1]),
            index < tools.count
        else { return (.root, path.isRoot) }
        let tool = tools[index]
        guard tokens.count >= 3 else { return (tool.definitionPointer, true) }
        let rest = JSONPointer(tokens: Array(tokens.dropFirst(3)))
        func under(_ located: JSONPointer?, fallback: JSONPointer) -> (JSONPointer, Bool) {
            guard let located else { return (fallback, false) }
            return (located.appending(rest), true)
        }
        switch tokens[2] {
        case "name": return under(tool.name?.pointer, fallback: tool.definitionPointer)
        case "title": return under(tool.title?.pointer, fallback: tool.definitionPointer)
        case "description": return under(tool.description?.pointer, fallback: tool.definitionPointer)
        case "inputSchema": return under(tool.inputSchema?.pointer, fallback: tool.inputSchemaPointer)
        case "outputSchema": return under(tool.outputSchema?.pointer, fallback: tool.definitionPointer)
        case "annotations": return under(tool.annotations?.pointer, fallback: tool.definitionPointer)
        default: return (tool.definitionPointer, false)
        }
    }
}
