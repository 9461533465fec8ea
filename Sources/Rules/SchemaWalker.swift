import JSON

/// One subschema met while walking a schema, with how it was reached.
public struct SchemaNode: Sendable {
    public enum Role: Sendable, Equatable {
        case root
        /// A member of `properties` (the parameter's name).
        case property(String)
        case patternProperty(String)
        case additionalProperties
        /// `items` (an object), an element of a tuple-form `items` array, or of `prefixItems`.
        case items
        case definition(String)
        /// A branch of `anyOf`, `oneOf` or `allOf`.
        case branch(String)
        /// `not`, `if`/`then`/`else`, `contains`, `propertyNames`…
        case other(String)
    }

    public var value: JSONValue
    public var pointer: JSONPointer
    public var role: Role
    /// The schema whose keyword holds this one; `nil` for the root.
    public var parentPointer: JSONPointer?
    public var parent: JSONValue?
    public var depth: Int

    public var propertyName: String? {
        if case .property(let name) = role { return name }
        return nil
    }
}

/// Visits every subschema of a JSON Schema, iteratively (a hostile, deeply nested schema can
/// not overflow the stack) and in document order. Boolean subschemas are visited but have no
/// children; values of the wrong type under a schema keyword are skipped here and reported by
/// `schema-invalid`.
public enum SchemaWalker {
    /// Deeper subschemas are not visited; real tool schemas stay far below this.
    public static let maxDepth = 128

    public static func walk(_ schema: JSONValue, at pointer: JSONPointer, visit: (SchemaNode) -> Void) {
        var stack = [
            SchemaNode(value: schema, pointer: pointer, role: .root, parentPointer: nil, parent: nil, depth: 0)
        ]
        while let node = stack.popLast() {
            visit(node)
            guard node.depth < maxDepth, case .object = node.value else { continue }
            var children: [SchemaNode] = []
            for member in node.value.effectiveMembers {
                children += Self.children(of: member, in: node)
            }
            stack += children.reversed()
        }
    }

    /// All subschemas, collected (for rules that look at several at once).
    public static func nodes(_ schema: JSONValue, at pointer: JSONPointer) -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        walk(schema, at: pointer) { nodes.append($0) }
        return nodes
    }

    private static func children(of member: JSONMember, in node: SchemaNode) -> [SchemaNode] {
        let key = member.key
        var base: JSONPointer { node.pointer / key }
        func child(_ value: JSONValue, _ pointer: @autoclosure () -> JSONPointer, _ role: SchemaNode.Role)
            -> SchemaNode?
        {
            switch value {
            case .object, .bool:
                SchemaNode(
                    value: value, pointer: pointer(), role: role, parentPointer: node.pointer, parent: node.value,
                    depth: node.depth + 1)
            default: nil
            }
        }
        switch key {
        case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas":
            let base = base
            return member.value.effectiveMembers.compactMap { entry in
                let role: SchemaNode.Role =
                    switch key {
                    case "properties": .property(entry.key)
                    case "patternProperties": .patternProperty(entry.key)
                    case "dependentSchemas": .other("dependentSchemas/" + entry.key)
                    default: .definition(entry.key)
                    }
                return child(entry.value, base / entry.key, role)
            }
        case "anyOf", "oneOf", "allOf", "prefixItems":
            let role: SchemaNode.Role = key == "prefixItems" ? .items : .branch(key)
            let base = base
            return (member.value.arrayValue ?? []).enumerated().compactMap { child($1, base / $0, role) }
        case "items" where member.value.arrayValue != nil:
            let base = base
            return (member.value.arrayValue ?? []).enumerated().compactMap { child($1, base / $0, .items) }
        case "items", "additionalItems", "unevaluatedItems":
            return child(member.value, base, .items).map { [$0] } ?? []
        case "additionalProperties", "unevaluatedProperties":
            return child(member.value, base, .additionalProperties).map { [$0] } ?? []
        case "not", "if", "then", "else", "contains", "propertyNames":
            return child(member.value, base, .other(key)).map { [$0] } ?? []
        default:
            return []
        }
    }
}
