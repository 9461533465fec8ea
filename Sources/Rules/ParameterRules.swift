import JSON
import ToolModel

/// `param-no-description`: every parameter, at any depth, needs a description.
public struct ParamNoDescriptionRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "param-no-description", category: .parameters, defaultSeverity: .warning,
        summary: "Every parameter needs a description.",
        explanation: """
            Without a description the model has to guess what a parameter means and which format it \
            takes. Every property is checked: nested `properties`, array `items`, `$defs`/`definitions` \
            and `anyOf`/`oneOf`/`allOf` branches. A property that is a local `$ref` may take its \
            description from the referenced definition.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let schema = tool.inputSchema else { return [] }
        var missing: [SchemaNode] = []
        var total = 0
        SchemaWalker.walk(schema.value, at: schema.pointer) { node in
            guard node.propertyName != nil, case .object = node.value else { return }
            total += 1
            if !Self.isDescribed(node.value, root: schema.value) { missing.append(node) }
        }
        let described = total - missing.count
        return missing.map { node in
            let path = FieldLabel.parameterPath(node.pointer, schemaRoot: schema.pointer)
            return finding(
                "Parameter `\(path)` of `\(tool.displayName)` has no description "
                    + "(\(described) of \(total) parameter\(total == 1 ? "" : "s") described).",
                at: node.pointer, preferKey: true)
        }
    }

    static func isDescribed(_ property: JSONValue, root: JSONValue) -> Bool {
        if let text = property["description"]?.stringValue, !text.isBlank { return true }
        if let target = SchemaReference.resolve(property["$ref"], in: root),
            let text = target["description"]?.stringValue, !text.isBlank
        {
            return true
        }
        return false
    }
}

/// `param-required-undefined`: `required` names a property that is not defined, or names one
/// twice.
public struct ParamRequiredUndefinedRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "param-required-undefined", category: .parameters, defaultSeverity: .error,
        summary: "Names in `required` must be defined in `properties`, once.",
        explanation: """
            A name in `required` that is not a key of `properties` at the same level (or of the \
            parent, for an anyOf/oneOf/allOf branch) makes the schema contradict itself: no call \
            can satisfy it, and strict schema compilers reject it. A name listed twice is a warning.
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let schema = tool.inputSchema else { return [] }
        var findings: [Finding] = []
        SchemaWalker.walk(schema.value, at: schema.pointer) { node in
            guard case .array(let required) = node.value["required"] else { return }
            let defined = Self.definedNames(node.value, parent: node.role.isBranch ? node.parent : nil)
            var seen: [String: Int] = [:]
            for (index, entry) in required.enumerated() {
                guard let name = entry.stringValue else { continue }  // schema-invalid
                var pointer: JSONPointer { node.pointer / "required" / index }
                if let first = seen[name] {
                    findings.append(duplicate(name, at: pointer, first: node.pointer / "required" / first))
                    continue
                }
                seen[name] = index
                if !defined.contains(name) {
                    findings.append(undefined(name, at: pointer, defined: defined, tool: tool))
                }
            }
        }
        return findings
    }

    /// Property names visible at a schema level: its own, those of its composition branches and,
    /// for a branch, its parent's.
    static func definedNames(_ schema: JSONValue, parent: JSONValue?) -> Set<String> {
        var names = Set((schema["properties"]?.objectMembers ?? []).map(\.key))
        for keyword in ["allOf", "anyOf", "oneOf"] {
            for branch in schema[keyword]?.arrayValue ?? [] {
                names.formUnion((branch["properties"]?.objectMembers ?? []).map(\.key))
            }
        }
        if let parent { names.formUnion(definedNames(parent, parent: nil)) }
        return names
    }

    private func undefined(_ name: String, at pointer: JSONPointer, defined: Set<String>, tool: ToolDefinition)
        -> Finding
    {
        var fixes: [Fix] = []
        let lowered = name.lowercased()
        let nearest = defined.sorted().map { ($0, TextDistance.levenshtein($0.lowercased(), lowered, limit: 3)) }
            .min { $0.1 < $1.1 }
        var message = "`\(name.quotedExcerpt())` is required but not defined in `properties`"
        if let (suggestion, distance) = nearest, distance <= 2 {
            message += "; did you mean `\(suggestion)`?"
            fixes.append(Fix(title: "Change to `\(suggestion)`", operations: [.replace(pointer, .string(suggestion))]))
        } else {
            message += defined.isEmpty ? " (this level defines no properties)." : "."
        }
        fixes.append(Fix(title: "Remove `\(name.quotedExcerpt())` from required", operations: [.remove(pointer)]))
        return finding(message, at: pointer, fixes: fixes)
    }

    private func duplicate(_ name: String, at pointer: JSONPointer, first: JSONPointer) -> Finding {
        Finding(
            ruleId: metadata.id, severity: .warning,
            message: "`\(name.quotedExcerpt())` is listed in `required` more than once.", pointer: pointer,
            related: [RelatedLocation(pointer: first, message: "first listed here")],
            fixes: [Fix(title: "Remove the duplicate", operations: [.remove(pointer)], isPreferred: true)])
    }
}

extension SchemaNode.Role {
    var isBranch: Bool {
        if case .branch = self { return true }
        return false
    }
}

/// Local `$ref`s (`#`, `#/$defs/X`) within one schema document.
enum SchemaReference {
    static func resolve(_ reference: JSONValue?, in root: JSONValue) -> JSONValue? {
        guard let text = reference?.stringValue, let pointer = pointer(text) else { return nil }
        return root.resolve(pointer)
    }

    /// The JSON Pointer of a local reference; `nil` for remote or anchor references.
    static func pointer(_ reference: String) -> JSONPointer? {
        guard reference.hasPrefix("#") else { return nil }
        let fragment = String(reference.dropFirst())
        return JSONPointer(percentDecoded(fragment))
    }

    private static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
