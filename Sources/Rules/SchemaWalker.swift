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
    public var role: Role
    /// The schema whose keyword holds this one; `nil` for the root.
    public var parent: JSONValue?
    public var depth: Int
    /// Where the node sits, as a parent-linked path: most nodes are never reported, so their
    /// pointers are only built on demand.
    let path: SchemaPath
    let parentPath: SchemaPath?

    public var pointer: JSONPointer { path.pointer }
    /// The pointer of the schema whose keyword holds this one; `nil` for the root.
    public var parentPointer: JSONPointer? { parentPath?.pointer }

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
        guard let cache = sharedWalks else { return walkTree(schema, at: pointer, visit: visit) }
        // Equal values at the same pointer have the same subschemas; the comparison is cheap
        // because the rules pass the tool's own value (same storage).
        if let entry = cache.entries[pointer], entry.schema == schema {
            for node in entry.nodes { visit(node) }
            return
        }
        var nodes: [SchemaNode] = []
        walkTree(schema, at: pointer) { node in
            nodes.append(node)
            visit(node)
        }
        cache.entries[pointer] = (schema, nodes)
    }

    /// Set by `RuleEngine.run` while it runs the tool rules: several rules walk the same schemas,
    /// and the walks after the first reuse its nodes.
    @TaskLocal static var sharedWalks: SharedSchemaWalks?

    private static func walkTree(_ schema: JSONValue, at pointer: JSONPointer, visit: (SchemaNode) -> Void) {
        var stack = [
            SchemaNode(value: schema, role: .root, parent: nil, depth: 0, path: SchemaPath(pointer), parentPath: nil)
        ]
        while let node = stack.popLast() {
            visit(node)
            guard node.depth < maxDepth, case .object = node.value else { continue }
            // Children go straight onto the stack, then that stretch is reversed in place so
            // they pop in document order.
            let start = stack.count
            for member in node.value.effectiveMembers {
                addChildren(of: member, in: node, to: &stack)
            }
            stack[start...].reverse()
        }
    }

    /// All subschemas, collected (for rules that look at several at once).
    public static func nodes(_ schema: JSONValue, at pointer: JSONPointer) -> [SchemaNode] {
        var nodes: [SchemaNode] = []
        walk(schema, at: pointer) { nodes.append($0) }
        return nodes
    }

    private static func addChildren(of member: JSONMember, in node: SchemaNode, to children: inout [SchemaNode]) {
        let key = member.key
        func add(_ value: JSONValue, _ path: SchemaPath, _ role: SchemaNode.Role) {
            switch value {
            case .object, .bool:
                children.append(
                    SchemaNode(
                        value: value, role: role, parent: node.value, depth: node.depth + 1, path: path,
                        parentPath: node.path))
            default: break
            }
        }
        switch key {
        case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas":
            let base = SchemaPath(node.path, key)
            for entry in member.value.effectiveMembers {
                let role: SchemaNode.Role =
                    switch key {
                    case "properties": .property(entry.key)
                    case "patternProperties": .patternProperty(entry.key)
                    case "dependentSchemas": .other("dependentSchemas/" + entry.key)
                    default: .definition(entry.key)
                    }
                add(entry.value, SchemaPath(base, entry.key), role)
            }
        case "anyOf", "oneOf", "allOf", "prefixItems":
            let role: SchemaNode.Role = key == "prefixItems" ? .items : .branch(key)
            let base = SchemaPath(node.path, key)
            for (index, element) in (member.value.arrayValue ?? []).enumerated() {
                add(element, SchemaPath(base, String(index)), role)
            }
        case "items" where member.value.arrayValue != nil:
            let base = SchemaPath(node.path, key)
            for (index, element) in (member.value.arrayValue ?? []).enumerated() {
                add(element, SchemaPath(base, String(index)), .items)
            }
        case "items", "additionalItems", "unevaluatedItems":
            add(member.value, SchemaPath(node.path, key), .items)
        case "additionalProperties", "unevaluatedProperties":
            add(member.value, SchemaPath(node.path, key), .additionalProperties)
        case "not", "if", "then", "else", "contains", "propertyNames":
            add(member.value, SchemaPath(node.path, key), .other(key))
        default:
            return
        }
    }
}

/// Schema walks remembered for one `RuleEngine.run`. Bound to one synchronous run at a time
/// (a task-local value), so it is never used from two threads at once.
final class SharedSchemaWalks: @unchecked Sendable {
    var entries: [JSONPointer: (schema: JSONValue, nodes: [SchemaNode])] = [:]
    /// The tool's strings and their words, for the text rules.
    var texts: ToolTexts?
}

/// A JSON Pointer as a chain of tokens back to a base pointer; immutable, so nodes share their
/// ancestors' links.
final class SchemaPath: Sendable {
    private let parent: SchemaPath?
    private let token: String
    private let base: JSONPointer

    init(_ base: JSONPointer) {
        self.parent = nil
        self.token = ""
        self.base = base
    }

    init(_ parent: SchemaPath, _ token: String) {
        self.parent = parent
        self.token = token
        self.base = .root
    }

    var pointer: JSONPointer {
        var tokens: [String] = []
        var link = self
        while let parent = link.parent {
            tokens.append(link.token)
            link = parent
        }
        return JSONPointer(tokens: link.base.tokens + tokens.reversed())
    }
}
