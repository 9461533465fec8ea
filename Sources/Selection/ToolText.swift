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

    public init(_ tool: borrowing ToolDefinition) {
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
        collect(properties: schema["properties"]?.objectMembers ?? [], depth: depth)
    }

    private mutating func collect(properties: [JSONMember], depth: Int) {
        // Top level only: a reservation per nested schema would re-allocate each time.
        if depth == 0 { parameterNames.reserveCapacity(properties.count) }
        for member in properties {
            parameterNames.append(member.key)
            let fields = SchemaFields(member.value)
            if let text = fields.description?.stringValue { parameterText.append(text) }
            if let values = fields.enumValues?.arrayValue {
                let strings = values.prefix(Self.maxEnumValues).compactMap(\.stringValue)
                if !strings.isEmpty { parameterText.append(strings.joined(separator: " ")) }
            }
            if depth + 1 < Self.maxDepth, let nested = fields.properties?.objectMembers {
                collect(properties: nested, depth: depth + 1)
            }
            if let items = fields.items { collect(items, depth: depth + 1) }
        }
    }
}

/// The members of a property schema that `ToolText` reads, found in one pass over its members
/// (the last of a repeated key, as `JSONValue`'s subscript finds it); all nil for a non-object.
private struct SchemaFields {
    var description: JSONValue?
    var enumValues: JSONValue?
    var properties: JSONValue?
    var items: JSONValue?

    init(_ schema: JSONValue) {
        guard case .object(let members) = schema else { return }
        for member in members {
            let key = member.key
            // The four names differ in length: one comparison of bytes per member at most.
            switch key.utf8.count {
            case 11 where key.hasSameCodeUnits(as: "description"): description = member.value
            case 4 where key.hasSameCodeUnits(as: "enum"): enumValues = member.value
            case 10 where key.hasSameCodeUnits(as: "properties"): properties = member.value
            case 5 where key.hasSameCodeUnits(as: "items"): items = member.value
            default: break
            }
        }
    }
}

/// The words of a definition's fields other than the name, split straight into a `WordSplit`
/// as one run: the words `SelectionIndex.init(texts:)` splits from `ToolText(tool)` — the
/// description (after the title), the parameter names, then the parameter texts, in
/// `ToolText.collect`'s order — without building the `ToolText` (its arrays, the joined title
/// and enum strings) only to drop it. Splitting texts one after the other is splitting them
/// joined by a space, so "title. description" and joined enum values give the same words.
struct SchemaWords {
    /// The current tool's parameter texts, split after all the names (reused).
    private var texts: [String] = []

    /// Splits the fields into `split` (its earlier words dropped); true when a required
    /// top-level parameter takes a number (`SelectionIndex.isNumeric` of its stated type).
    mutating func split(_ tool: UnsafePointer<ToolDefinition>, into split: inout WordSplit) -> Bool {
        if let title = tool.pointee.title?.value, !title.isEmpty {
            split.split(title)
            split.append(tool.pointee.description?.value ?? "")
        } else {
            split.split(tool.pointee.description?.value ?? "")
        }
        guard let schema = tool.pointee.inputSchema?.value else { return false }
        texts.removeAll(keepingCapacity: true)
        collect(schema, depth: 0, into: &split)
        for i in 0..<texts.count { split.append(texts[i]) }
        let properties = schema["properties"]?.objectMembers ?? []
        for required in schema["required"]?.arrayValue ?? [] {
            guard let key = required.stringValue else { continue }
            let type = properties.last(where: { $0.key == key })?.value["type"]?.stringValue
            if SelectionIndex.isNumeric(type) { return true }
        }
        return false
    }

    private mutating func collect(_ schema: JSONValue, depth: Int, into split: inout WordSplit) {
        guard depth < ToolText.maxDepth, case .object = schema else { return }
        collect(properties: schema["properties"]?.objectMembers ?? [], depth: depth, into: &split)
    }

    private mutating func collect(properties: [JSONMember], depth: Int, into split: inout WordSplit) {
        for member in properties {
            split.append(member.key)
            let fields = SchemaFields(member.value)
            if let text = fields.description?.stringValue { texts.append(text) }
            if let values = fields.enumValues?.arrayValue {
                for value in values.prefix(ToolText.maxEnumValues) {
                    if let text = value.stringValue { texts.append(text) }
                }
            }
            if depth + 1 < ToolText.maxDepth, let nested = fields.properties?.objectMembers {
                collect(properties: nested, depth: depth + 1, into: &split)
            }
            if let items = fields.items { collect(items, depth: depth + 1, into: &split) }
        }
    }
}
