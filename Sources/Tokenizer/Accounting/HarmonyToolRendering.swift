import JSON

/// The `namespace functions { … }` rendering of function tools used by OpenAI's harmony format
/// (gpt-oss), reimplemented from openai/harmony's documented behaviour (`docs/format.md`,
/// renderer v0.0.8): descriptions as `//` comments, `key?: type,` per property, enums as string
/// unions, `number` for integers, `T[]` arrays, `oneOf` as multi-line unions, defaults as
/// trailing comments, nested objects indented by four spaces (with their description repeated,
/// as the reference renderer does).
public enum HarmonyToolRendering {
    /// Text before the first tool of a non-empty section.
    static let sectionHeader = "# Tools\n\n## functions\n\nnamespace functions {\n\n"
    /// Text after the last tool.
    static let sectionFooter = "} // namespace functions"

    /// The `# Tools` section for these function tools ("" for none: no section is rendered).
    public static func toolsSection(_ tools: [ToolSpec]) -> String {
        guard !tools.isEmpty else { return "" }
        var lines = ["## functions\n", "namespace functions {\n"]
        for tool in tools {
            for line in rustLines(tool.description ?? "") { lines.append("// \(line)") }
            if let parameters = tool.parameters {
                lines.append("type \(tool.name) = (_: \(typeScript(parameters, indent: ""))) => any;\n")
            } else {
                lines.append("type \(tool.name) = () => any;\n")
            }
        }
        lines.append("} // namespace functions")
        return "# Tools\n\n" + lines.joined(separator: "\n")
    }

    /// Lines as Rust's `str::lines` yields them: no final empty line, `\r\n` endings stripped.
    static func rustLines(_ text: String) -> [String] {
        // Split on the scalar U+000A: as a Character, "\r\n" is one grapheme and never equals "\n".
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.last == "\r" ? line.dropLast() : line)
        }
        if text.isEmpty || text.unicodeScalars.last == "\n" { lines.removeLast() }
        return lines
    }

    /// TypeScript-like type of a JSON Schema.
    static func typeScript(_ schema: JSONValue, indent: String) -> String {
        if let variants = schema["oneOf"]?.arrayValue {
            var out = ""
            for variant in variants {
                out += "\n\(indent) | " + variantType(variant, indent: indent + "   ")
                let comments = trailingComments(variant, description: variant["description"]?.stringValue)
                if !comments.isEmpty { out += " // " + comments.joined(separator: " ") }
            }
            return out
        }
        if let types = schema["type"]?.arrayValue {
            let names = types.compactMap(\.stringValue).map { $0 == "integer" ? "number" : $0 }
            if !names.isEmpty { return names.joined(separator: " | ") }
        }
        switch schema["type"]?.stringValue {
        case "object": return objectType(schema, indent: indent)
        case "string":
            let cases = schema["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return cases.isEmpty ? "string" : cases.map { "\"\($0)\"" }.joined(separator: " | ")
        case "number", "integer": return "number"
        case "boolean": return "boolean"
        case "array":
            guard let items = schema["items"] else { return "Array<any>" }
            return typeScript(items, indent: indent) + "[]"
        default: return "any"
        }
    }

    private static func objectType(_ schema: JSONValue, indent: String) -> String {
        var out = ""
        if let description = schema["description"]?.stringValue { out += "\(indent)// \(description)\n" }
        out += "{\n"
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        for property in schema["properties"]?.objectMembers ?? [] {
            let value = property.value
            let marker = required.contains(property.key) ? "" : "?"
            if let title = value["title"]?.stringValue { out += "\(indent)// \(title)\n\(indent)//\n" }
            let variants = value["oneOf"]?.arrayValue
            if variants == nil, let description = value["description"]?.stringValue {
                out += "\(indent)// \(description)\n"
            }
            if let examples = value["examples"]?.arrayValue, !examples.isEmpty {
                out += "\(indent)// Examples:\n"
                for example in examples.compactMap(\.stringValue) { out += "\(indent)// - \"\(example)\"\n" }
            }
            if let variants {
                out += oneOfProperty(property.key + marker, value, variants, indent: indent)
                continue
            }
            out += "\(indent)\(property.key)\(marker): " + variantType(value, indent: indent + "    ") + ","
            if let defaultComment = defaultComment(value) { out += " // " + defaultComment }
            out += "\n"
        }
        return out + "\(indent)}"
    }

    private static func oneOfProperty(_ label: String, _ value: JSONValue, _ variants: [JSONValue], indent: String)
        -> String
    {
        var out = ""
        let description = value["description"]?.stringValue
        let repeatsFirst = description != nil && variants.first?["description"]?.stringValue == description
        let describedAbove = description != nil && !repeatsFirst
        if describedAbove, let description { out += "\(indent)// \(description)\n" }
        if let defaultComment = defaultComment(value) { out += "\(indent)// \(defaultComment)\n" }
        out += "\(indent)\(label):\n"
        for (index, variant) in variants.enumerated() {
            out += "\(indent) | " + variantType(variant, indent: indent + "   ")
            var variantDescription = variant["description"]?.stringValue
            if (index == 0 && describedAbove) || variantDescription == description { variantDescription = nil }
            let comments = trailingComments(variant, description: variantDescription)
            if !comments.isEmpty { out += " // " + comments.joined(separator: " ") }
            out += "\n"
        }
        return out + "\(indent),\n"
    }

    /// The type with `| null` added for `nullable: true` (unless it already mentions null).
    private static func variantType(_ schema: JSONValue, indent: String) -> String {
        let type = typeScript(schema, indent: indent)
        return schema["nullable"]?.boolValue == true && !type.contains("null") ? type + " | null" : type
    }

    private static func trailingComments(_ schema: JSONValue, description: String?) -> [String] {
        var comments: [String] = []
        if let description { comments.append(description) }
        if let defaultComment = defaultComment(schema) { comments.append(defaultComment) }
        return comments
    }

    /// `default: …`: a string default is quoted unless the schema is an enum.
    private static func defaultComment(_ schema: JSONValue) -> String? {
        guard let value = schema["default"] else { return nil }
        if let text = value.stringValue {
            let isEnum = !(schema["enum"]?.arrayValue ?? []).isEmpty
            return isEnum ? "default: \(text)" : "default: \"\(text)\""
        }
        return "default: \(value.serialized())"
    }
}
