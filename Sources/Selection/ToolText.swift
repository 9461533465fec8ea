import JSON
import ToolModel

/// The text of one tool that a model reads when choosing it, split into the fields the scorer
/// weighs differently.
public struct ToolText: Sendable {
    public var name: String
    public var description: String
    public var parameterNames: [String]
    /// Parameter descriptions and enum values, at any depth of the input schema.
    public var parameterText: [String]
    /// Names of the required top-level parameters with their JSON Schema type (when stated).
    public var requiredParameters: [(name: String, type: String?)]

    public init(
        name: String, description: String, parameterNames: [String] = [], parameterText: [String] = [],
        requiredParameters: [(name: String, type: String?)] = []
    ) {
        self.name = name
        self.description = description
        self.parameterNames = parameterNames
        self.parameterText = parameterText
        self.requiredParameters = requiredParameters
    }

    /// Enum lists are cut here: a 500-value country list would drown the description.
    static let maxEnumValues = 20
    static let maxDepth = 4

    public init(_ tool: ToolDefinition) {
        name = tool.name?.value ?? ""
        var description = tool.description?.value ?? ""
        if let title = tool.title?.value, !title.isEmpty { description = title + ". " + description }
        self.description = description
        parameterNames = []
        parameterText = []
        requiredParameters = []
        guard let schema = tool.inputSchema?.value else { return }
        collect(schema, depth: 0)
        let properties = schema["properties"]?.objectMembers ?? []
        for required in schema["required"]?.arrayValue ?? [] {
            guard let key = required.stringValue else { continue }
            let type = properties.last(where: { $0.key == key })?.value["type"]?.stringValue
            requiredParameters.append((key, type))
        }
    }

    private mutating func collect(_ schema: JSONValue, depth: Int) {
        guard depth < Self.maxDepth, case .object = schema else { return }
        for member in schema["properties"]?.objectMembers ?? [] {
            parameterNames.append(member.key)
            let property = member.value
            if let text = property["description"]?.stringValue { parameterText.append(text) }
            if let values = property["enum"]?.arrayValue {
                let strings = values.prefix(Self.maxEnumValues).compactMap(\.stringValue)
                if !strings.isEmpty { parameterText.append(strings.joined(separator: " ")) }
            }
            collect(property, depth: depth + 1)
            if let items = property["items"] { collect(items, depth: depth + 1) }
        }
    }
}
