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
        // Members are read by index through buffers: a copy of a member, or of a value to
        // look at it, is a retain and release (`ToolText.collect` and `SchemaFields` copy).
        guard let schema = tool.pointee.inputSchema?.value, case .object(let top) = schema else { return false }
        texts.removeAll(keepingCapacity: true)
        return top.withUnsafeBufferPointer { top in
            var properties: [JSONMember] = []
            var required: [JSONValue] = []
            for i in 0..<top.count {
                let key = top[i].key
                if key.utf8.count == 10, key.hasSameCodeUnits(as: "properties") {
                    if case .object(let members) = top[i].value { properties = members } else { properties = [] }
                } else if key.utf8.count == 8, key.hasSameCodeUnits(as: "required") {
                    if case .array(let values) = top[i].value { required = values } else { required = [] }
                }
            }
            collect(properties: properties, depth: 0, into: &split)
            for i in 0..<texts.count { split.append(texts[i]) }
            return required.withUnsafeBufferPointer { required in
                properties.withUnsafeBufferPointer { properties in
                    for r in 0..<required.count {
                        guard case .string(let key) = required[r] else { continue }
                        var at = properties.count
                        while at > 0 {
                            at -= 1
                            if properties[at].key == key { break }
                        }
                        guard at >= 0, at < properties.count, properties[at].key == key else { continue }
                        if SelectionIndex.isNumeric(properties[at].value["type"]?.stringValue) { return true }
                    }
                    return false
                }
            }
        }
    }

    /// `ToolText.collect(_:depth:)`.
    private mutating func collect(_ schema: JSONValue, depth: Int, into split: inout WordSplit) {
        guard depth < ToolText.maxDepth, case .object(let members) = schema else { return }
        var properties: [JSONMember] = []
        members.withUnsafeBufferPointer { members in
            for i in 0..<members.count {
                let key = members[i].key
                if key.utf8.count == 10, key.hasSameCodeUnits(as: "properties") {
                    if case .object(let nested) = members[i].value { properties = nested } else { properties = [] }
                }
            }
        }
        collect(properties: properties, depth: depth, into: &split)
    }

    /// `ToolText.collect(properties:depth:)`: names into `split`, texts into `texts`.
    private mutating func collect(properties: [JSONMember], depth: Int, into split: inout WordSplit) {
        properties.withUnsafeBufferPointer { members in
            for m in 0..<members.count {
                split.append(members[m].key)
                guard case .object(let fields) = members[m].value else { continue }
                fields.withUnsafeBufferPointer { fields in
                    // The last member of each name, as `SchemaFields`.
                    var description = -1
                    var enumValues = -1
                    var nested = -1
                    var items = -1
                    for j in 0..<fields.count {
                        let key = fields[j].key
                        switch key.utf8.count {
                        case 11 where key.hasSameCodeUnits(as: "description"): description = j
                        case 4 where key.hasSameCodeUnits(as: "enum"): enumValues = j
                        case 10 where key.hasSameCodeUnits(as: "properties"): nested = j
                        case 5 where key.hasSameCodeUnits(as: "items"): items = j
                        default: break
                        }
                    }
                    if description >= 0, case .string(let text) = fields[description].value { texts.append(text) }
                    if enumValues >= 0, case .array(let values) = fields[enumValues].value {
                        // Each of the first `maxEnumValues` strings: the words of their joined text.
                        values.withUnsafeBufferPointer { values in
                            for k in 0..<min(values.count, ToolText.maxEnumValues) {
                                if case .string(let text) = values[k] { texts.append(text) }
                            }
                        }
                    }
                    if depth + 1 < ToolText.maxDepth, nested >= 0, case .object(let inner) = fields[nested].value {
                        collect(properties: inner, depth: depth + 1, into: &split)
                    }
                    if items >= 0 { collect(fields[items].value, depth: depth + 1, into: &split) }
                }
            }
        }
    }
}
