import JSON
import ToolModel

/// `schema-root-not-object`: the parameter schema is missing (where required), null, not an
/// object, or its root type is not `object`.
public struct SchemaRootNotObjectRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "schema-root-not-object", category: .schema, defaultSeverity: .error,
        summary: "The parameter schema must be an object schema with `type: \"object\"`.",
        explanation: """
            MCP: inputSchema "MUST be a valid JSON Schema object (not null)" with type "object"; \
            Anthropic requires input_schema. OpenAI, Gemini and BFCL may omit `parameters` for a tool \
            without parameters. OpenAI strict: "Root objects must not be anyOf and must be an object".
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        let key = tool.inputSchemaPointer.lastToken ?? "parameters"
        guard let schema = tool.inputSchema else {
            guard tool.dialect == .mcp || tool.dialect == .anthropic else { return [] }
            let empty = Self.emptySchema(for: tool.dialect)
            return [
                finding(
                    "\(tool.dialect.displayName) tool `\(tool.displayName)` has no `\(key)`; "
                        + "a tool without parameters still needs \(empty.serialized()).",
                    at: tool.inputSchemaPointer,
                    fixes: [
                        Fix(
                            title: "Add an empty `\(key)`",
                            operations: [.addMember(object: tool.definitionPointer, key: key, value: empty)],
                            isPreferred: true)
                    ])
            ]
        }
        guard case .object = schema.value else {
            let empty = Self.emptySchema(for: tool.dialect)
            return [
                finding(
                    "`\(key)` of `\(tool.displayName)` is \(Self.article(schema.value)); it must be a JSON Schema "
                        + "object with \"type\": \"object\".",
                    at: schema.pointer,
                    fixes: [
                        Fix(title: "Replace with \(empty.serialized())", operations: [.replace(schema.pointer, empty)])
                    ])
            ]
        }
        switch schema.value["type"] {
        case .none:
            let composition = ["anyOf", "oneOf"].first { schema.value[$0] != nil }
            let message =
                composition.map { "The root of `\(key)` is an `\($0)`; it must be an object schema (type \"object\")." }
                ?? "`\(key)` of `\(tool.displayName)` has no \"type\"; the root must be \"type\": \"object\"."
            return [
                finding(
                    message, at: schema.pointer,
                    fixes: [
                        Fix(
                            title: "Add \"type\": \"object\"",
                            operations: [.addMember(object: schema.pointer, key: "type", value: "object")],
                            isPreferred: composition == nil)
                    ])
            ]
        case .string(let type):
            // Misspelled object types (`dict`, `Object`) are schema-invalid's, with their fix.
            if type == "object" || SchemaTypes.correction(for: type, openAPI: tool.usesOpenAPISchema) == "object"
                || (tool.usesOpenAPISchema && type.lowercased() == "object")
            {
                return []
            }
            return [
                finding(
                    "The root type of `\(key)` is \"\(type.quotedExcerpt())\"; tool parameters must be an object "
                        + "(wrap a single value in a property).",
                    at: schema.pointer / "type")
            ]
        case .some(let other):
            return [
                finding(
                    "The root type of `\(key)` is \(other.serialized()); it must be exactly \"object\".",
                    at: schema.pointer / "type",
                    fixes: [Fix(title: "Use \"object\"", operations: [.replace(schema.pointer / "type", "object")])])
            ]
        }
    }

    /// MCP's recommended schema for a tool without parameters.
    static func emptySchema(for dialect: Dialect) -> JSONValue {
        dialect == .mcp
            ? ["type": "object", "additionalProperties": false]
            : ["type": "object", "properties": [:]]
    }

    static func article(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .array: "an array"
        case .integer: "an integer"
        default: "a " + value.typeName
        }
    }
}

/// JSON Schema type names and the usual misspellings of them.
enum SchemaTypes {
    static let valid: Set<String> = ["string", "number", "integer", "boolean", "object", "array", "null"]

    /// Python, BFCL and OpenAPI spellings mapped to JSON Schema; `""` means "drop `type`".
    static let aliases: [String: String] = [
        "dict": "object", "map": "object", "hash": "object", "obj": "object", "record": "object",
        "float": "number", "double": "number", "decimal": "number", "real": "number", "num": "number",
        "int": "integer", "long": "integer", "int32": "integer", "int64": "integer",
        "list": "array", "tuple": "array", "set": "array", "arr": "array",
        "str": "string", "text": "string", "char": "string",
        "bool": "boolean",
        "none": "null", "nil": "null", "nonetype": "null",
        "any": "",
    ]

    /// Whether a type name is acceptable. Gemini's OpenAPI `parameters` spells types upper-case.
    static func isValid(_ type: String, openAPI: Bool) -> Bool {
        // A switch on the seven names, not the set: this runs for every `type` of every schema.
        switch type {
        case "string", "number", "integer", "boolean", "object", "array", "null": true
        default: openAPI && valid.contains(type.lowercased())
        }
    }

    /// The JSON Schema spelling of a wrong type name, `""` for "drop it", `nil` when unknown.
    static func correction(for type: String, openAPI: Bool) -> String? {
        guard !isValid(type, openAPI: openAPI) else { return nil }
        let lower = type.lowercased()
        if valid.contains(lower) { return lower }
        return aliases[lower]
    }

    /// Whether an enum or const value fits a declared type.
    static func value(_ value: JSONValue, fits type: String) -> Bool {
        switch (type.lowercased(), value) {
        case ("string", .string), ("boolean", .bool), ("null", .null), ("object", .object), ("array", .array):
            true
        case ("number", .integer), ("number", .double), ("integer", .integer):
            true
        case ("integer", .double(let d)):
            d.rounded() == d
        default:
            false
        }
    }
}
