import Foundation
import JSON
import ToolModel

/// TypeScript declarations of a tool set for code mode: one typed async function per tool on a
/// `tools` object, input and output interfaces from the JSON Schemas, JSDoc from descriptions
/// (the shape Cloudflare's Code Mode and Anthropic's code-execution post describe).
public enum TypeScriptAPIGenerator {
    /// Names the generated code uses for one tool.
    public struct ToolNames: Sendable, Equatable {
        public var tool: String
        /// `tools.name` or `tools["odd.name"]`.
        public var accessor: String
        public var inputType: String
        public var outputType: String
    }

    /// The declarations for these tools (all tool sets merged, in order; later duplicates skipped).
    public static func declarations(for toolSets: [ToolSet]) -> String {
        declarations(for: toolSets.flatMap(\.tools))
    }

    public static func declarations(for toolSet: ToolSet) -> String { declarations(for: toolSet.tools) }

    public static func declarations(for tools: [ToolDefinition]) -> String {
        let unique = uniqueTools(tools)
        let names = self.names(for: unique)
        let shared = sharedTypes(unique, names: names)
        let named = Dictionary(shared.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        var out = ""
        for type in shared {
            // The type itself is rendered in full; only the types nested in it use the names.
            out += declaration(typeName: type.name, schema: type.schema, indent: "", named: named, root: type.root)
            out += "\n"
        }
        for (tool, name) in zip(unique, names) {
            out += declaration(typeName: name.inputType, schema: tool.inputSchema?.value, indent: "", named: named)
            out += "\n"
            if let output = tool.outputSchema?.value {
                out += declaration(typeName: name.outputType, schema: output, indent: "", named: named)
                out += "\n"
            }
        }
        out += "declare const tools: {\n"
        for (tool, name) in zip(unique, names) {
            out += jsDoc(tool.description?.value ?? tool.title?.value, indent: "  ")
            let output = tool.outputSchema == nil ? "unknown" : name.outputType
            out += "  \(propertyKey(name.tool))(input: \(name.inputType)): Promise<\(output)>;\n"
        }
        out += "};\n"
        return out
    }

    /// Just the parts of the declarations for the named tools (progressive disclosure reads these).
    public static func declarations(for tools: [ToolDefinition], only used: Set<String>) -> String {
        declarations(for: tools.filter { used.contains($0.name?.value ?? "") })
    }

    /// The names for each tool, in order (type names made unique).
    public static func names(for tools: [ToolDefinition]) -> [ToolNames] {
        var taken = Set<String>()
        return tools.map { tool in
            let name = tool.name?.value ?? "tool"
            var base = pascalCase(name)
            if base.isEmpty || !(base.first!.isLetter || base.first == "_") { base = "Tool" + base }
            var candidate = base
            var n = 2
            while taken.contains(candidate) {
                candidate = base + String(n)
                n += 1
            }
            taken.insert(candidate)
            return ToolNames(
                tool: name, accessor: isIdentifier(name) ? "tools.\(name)" : "tools[\(JSONValue.quoted(name))]",
                inputType: candidate + "Input", outputType: candidate + "Output")
        }
    }

    /// Object types that occur more than once across the tools (e.g. the same `data` object of
    /// `create_x` and `update_x`), declared once as named interfaces, as a programmer would.
    static func sharedTypes(_ tools: [ToolDefinition], names: [ToolNames])
        -> [(key: String, name: String, schema: JSONValue, root: JSONValue)]
    {
        var counts: [String: Int] = [:]
        var first: [(key: String, label: String, schema: JSONValue, root: JSONValue)] = []
        func visit(_ schema: JSONValue, label: String, root: JSONValue, depth: Int) {
            guard depth < 12, schema.objectMembers != nil else { return }
            if depth > 0, let key = sharedKey(schema) {
                counts[key, default: 0] += 1
                if counts[key] == 1 { first.append((key, label, schema, root)) }
            }
            for property in schema["properties"]?.objectMembers ?? [] {
                visit(property.value, label: label + pascalCase(property.key), root: root, depth: depth + 1)
            }
            if let items = schema["items"] { visit(items, label: label + "Item", root: root, depth: depth + 1) }
            for key in ["anyOf", "oneOf", "allOf"] {
                for variant in schema[key]?.arrayValue ?? [] {
                    visit(variant, label: label, root: root, depth: depth + 1)
                }
            }
        }
        for (tool, name) in zip(tools, names) {
            let base = String(name.inputType.dropLast("Input".count))
            if let input = tool.inputSchema?.value { visit(input, label: base, root: input, depth: 0) }
            if let output = tool.outputSchema?.value { visit(output, label: base + "Result", root: output, depth: 0) }
        }
        var taken = Set(names.flatMap { [$0.inputType, $0.outputType] })
        var result: [(key: String, name: String, schema: JSONValue, root: JSONValue)] = []
        for entry in first where counts[entry.key, default: 0] > 1 {
            var name = entry.label
            var n = 2
            while taken.contains(name) {
                name = entry.label + String(n)
                n += 1
            }
            taken.insert(name)
            result.append((entry.key, name, entry.schema, entry.root))
        }
        return result
    }

    /// Identity of a shareable object type: its schema without its own description (that is
    /// documentation of the property, not of the type). Nil for anything but an object with
    /// properties, or one using local `$ref`s (which resolve against their own document).
    static func sharedKey(_ schema: JSONValue) -> String? {
        guard isPlainObject(schema), let properties = schema["properties"]?.objectMembers, !properties.isEmpty,
            case .object(let members) = schema
        else { return nil }
        let key = JSONValue.object(members.filter { $0.key != "description" && $0.key != "title" }).serialized()
        return key.contains("\"$ref\"") ? nil : key
    }

    static func uniqueTools(_ tools: [ToolDefinition]) -> [ToolDefinition] {
        var seen = Set<String>()
        return tools.filter { seen.insert($0.name?.value ?? "").inserted }
    }

    /// `interface X { … }` for object schemas, else `type X = …;`.
    static func declaration(
        typeName: String, schema: JSONValue?, indent: String, named: [String: String] = [:], root: JSONValue? = nil
    ) -> String {
        guard let schema else { return "type \(typeName) = Record<string, never>;\n" }
        let root = root ?? schema
        var out = jsDoc(schema["description"]?.stringValue, indent: indent)
        let body = isPlainObject(schema) ? objectBody(schema, root: root, indent: indent, depth: 0, named: named) : ""
        if body.hasPrefix("{") {
            out += "interface \(typeName) " + body + "\n"
        } else {
            out += "type \(typeName) = " + type(schema, root: root, indent: indent, depth: 0, named: named) + ";\n"
        }
        return out
    }

    private static func isPlainObject(_ schema: JSONValue) -> Bool {
        let type = schema["type"]?.stringValue?.lowercased()
        return (type == "object" || (type == nil && schema["properties"] != nil)) && schema["anyOf"] == nil
            && schema["oneOf"] == nil && schema["allOf"] == nil
    }

    /// The TypeScript type of a JSON Schema (and Gemini's OpenAPI subset, whose type names are
    /// upper case). Local `$ref`s are inlined up to a depth; deeper or remote ones are `unknown`.
    static func type(
        _ schema: JSONValue, root: JSONValue, indent: String, depth: Int, named: [String: String] = [:]
    ) -> String {
        guard depth < 12 else { return "unknown" }
        if let flag = schema.boolValue { return flag ? "unknown" : "never" }
        guard schema.objectMembers != nil else { return "unknown" }
        if let ref = schema["$ref"]?.stringValue {
            guard ref.hasPrefix("#"), let pointer = JSONPointer(String(ref.dropFirst())),
                let target = root.resolve(pointer)
            else { return "unknown" }
            return type(target, root: root, indent: indent, depth: depth + 1, named: named)
        }
        if depth > 0, let key = sharedKey(schema), let name = named[key] { return name }
        if let constant = schema["const"] { return literal(constant) }
        if let cases = schema["enum"]?.arrayValue, !cases.isEmpty {
            return cases.map(literal).joined(separator: " | ")
        }
        for key in ["anyOf", "oneOf"] {
            if let variants = schema[key]?.arrayValue, !variants.isEmpty {
                return union(variants.map { type($0, root: root, indent: indent, depth: depth + 1, named: named) })
            }
        }
        if let parts = schema["allOf"]?.arrayValue, !parts.isEmpty {
            return parts.map { "(" + type($0, root: root, indent: indent, depth: depth + 1, named: named) + ")" }
                .joined(separator: " & ")
        }
        var base: String
        if let names = schema["type"]?.arrayValue {
            base = union(
                names.compactMap(\.stringValue).map {
                    single($0, schema, root: root, indent: indent, depth: depth, named: named)
                })
        } else if let name = schema["type"]?.stringValue {
            base = single(name, schema, root: root, indent: indent, depth: depth, named: named)
        } else if schema["properties"] != nil {
            base = objectBody(schema, root: root, indent: indent, depth: depth, named: named)
        } else if schema["items"] != nil {
            base = single("array", schema, root: root, indent: indent, depth: depth, named: named)
        } else {
            base = "unknown"
        }
        if schema["nullable"]?.boolValue == true, base != "unknown" { base = union([base, "null"]) }
        return base
    }

    private static func single(
        _ name: String, _ schema: JSONValue, root: JSONValue, indent: String, depth: Int, named: [String: String]
    )
        -> String
    {
        switch name.lowercased() {
        case "string": return "string"
        case "number", "integer": return "number"
        case "boolean": return "boolean"
        case "null": return "null"
        case "array":
            if let tuple = schema["prefixItems"]?.arrayValue {
                return "["
                    + tuple.map { type($0, root: root, indent: indent, depth: depth + 1, named: named) }.joined(
                        separator: ", ")
                    + "]"
            }
            guard let items = schema["items"] else { return "unknown[]" }
            if let tuple = items.arrayValue {
                return "["
                    + tuple.map { type($0, root: root, indent: indent, depth: depth + 1, named: named) }.joined(
                        separator: ", ")
                    + "]"
            }
            let element = type(items, root: root, indent: indent, depth: depth + 1, named: named)
            return element.contains(" | ") || element.contains(" & ") ? "(\(element))[]" : element + "[]"
        case "object": return objectBody(schema, root: root, indent: indent, depth: depth, named: named)
        default: return "unknown"
        }
    }

    private static func objectBody(
        _ schema: JSONValue, root: JSONValue, indent: String, depth: Int, named: [String: String] = [:]
    ) -> String {
        let properties = schema["properties"]?.objectMembers ?? []
        let additional = schema["additionalProperties"]
        if properties.isEmpty {
            if let additional, additional.objectMembers != nil {
                return "Record<string, " + type(additional, root: root, indent: indent, depth: depth + 1, named: named)
                    + ">"
            }
            return additional?.boolValue == false ? "Record<string, never>" : "Record<string, unknown>"
        }
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let inner = indent + "  "
        var out = "{\n"
        var seen = Set<String>()
        for property in properties where seen.insert(property.key).inserted {
            out += jsDoc(property.value["description"]?.stringValue, indent: inner)
            let marker = required.contains(property.key) ? "" : "?"
            out +=
                "\(inner)\(propertyKey(property.key))\(marker): "
                + type(property.value, root: root, indent: inner, depth: depth + 1, named: named) + ";\n"
        }
        if let additional, additional.boolValue != false {
            // An index signature must admit every declared property's type, hence `unknown`.
            out += "\(inner)[key: string]: unknown;\n"
        }
        return out + "\(indent)}"
    }

    private static func union(_ parts: [String]) -> String {
        var seen = Set<String>()
        let unique = parts.filter { seen.insert($0).inserted }
        if unique.contains("unknown") { return "unknown" }
        return unique.isEmpty ? "unknown" : unique.joined(separator: " | ")
    }

    private static func literal(_ value: JSONValue) -> String {
        switch value {
        case .string, .integer, .double, .bool, .null: return value.serialized()
        default: return "unknown"
        }
    }

    /// `/** … */`, with `*/` defused; nothing for no text.
    static func jsDoc(_ text: String?, indent: String) -> String {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return "" }
        let lines = text.replacingOccurrences(of: "*/", with: "*\\/").split(
            separator: "\n", omittingEmptySubsequences: false)
        if lines.count == 1 { return "\(indent)/** \(lines[0]) */\n" }
        return "\(indent)/**\n" + lines.map { "\(indent) * \($0)".trimmingTrailingSpaces() + "\n" }.joined()
            + "\(indent) */\n"
    }

    static func propertyKey(_ key: String) -> String { isIdentifier(key) ? key : JSONValue.quoted(key) }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first == "$" || isASCIILetter(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || $0 == "$" || isASCIILetter($0) || ("0"..."9").contains($0)
        }
            && !reserved.contains(name)
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static let reserved: Set<String> = [
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
        "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
        "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
        "while", "with",
    ]

    /// `gdrive.get_document` → `GdriveGetDocument`.
    static func pascalCase(_ name: String) -> String {
        var out = ""
        var upperNext = true
        for scalar in name.unicodeScalars {
            if isASCIILetter(scalar) || ("0"..."9").contains(scalar) {
                out += upperNext ? String(scalar).uppercased() : String(scalar)
                upperNext = false
            } else {
                upperNext = true
            }
        }
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
