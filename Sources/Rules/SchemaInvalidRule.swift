import JSON
import ToolModel

/// `schema-invalid`: structural errors clients reject: unknown type names (`dict`, `float`…),
/// boolean property schemas, `required: true` on a property, empty or mistyped enums, keywords
/// holding the wrong kind of value, dangling local `$ref`s.
public struct SchemaInvalidRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "schema-invalid", category: .schema, defaultSeverity: .error,
        summary: "The parameter schema must be valid JSON Schema.",
        explanation: """
            Clients reject invalid schemas, often silently dropping the tool: Claude Code dropped a \
            schema containing "data": true (modelcontextprotocol/inspector#1005); BFCL writes \
            "type": "dict". Checked: type names, boolean property schemas, `required` given as a \
            boolean on a property, `enum: []`, enum values of the wrong type, keywords holding the \
            wrong kind of value, and local `$ref`s that point nowhere.
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let schema = tool.inputSchema, case .object = schema.value else { return [] }
        var checker = SchemaChecker(rule: metadata.id, root: schema, openAPI: tool.usesOpenAPISchema)
        SchemaWalker.walk(schema.value, at: schema.pointer) { checker.check($0) }
        return checker.findings
    }
}

private struct SchemaChecker {
    let rule: String
    let root: Located<JSONValue>
    let openAPI: Bool
    var findings: [Finding] = []

    init(rule: String, root: Located<JSONValue>, openAPI: Bool) {
        self.rule = rule
        self.root = root
        self.openAPI = openAPI
    }

    static let schemaMaps = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]
    static let schemaArrays = ["anyOf", "oneOf", "allOf"]
    static let singleSchemas = [
        "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "additionalItems",
        "unevaluatedProperties", "unevaluatedItems",
    ]
    static let numbers = ["minimum", "maximum", "multipleOf"]
    static let counts = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"]
    static let strings = ["description", "title", "pattern", "format", "$ref", "$schema", "$id"]

    mutating func check(_ node: SchemaNode) {
        if case .bool(let flag) = node.value {
            if let name = node.propertyName { booleanProperty(name, flag, at: node.pointer) }
            return
        }
        guard case .object = node.value else { return }
        let schema = node.value
        let at = node.pointer
        checkType(schema["type"], at: at / "type")
        checkRequired(node)
        checkEnum(schema, at: at)
        for key in Self.schemaMaps {
            guard let value = schema[key] else { continue }
            guard let members = value.objectMembers else {
                report("`\(key)` must be an object mapping names to schemas, found \(describe(value)).", at / key)
                continue
            }
            for member in members where !member.value.isSchema {
                if case .bool = member.value { continue }  // boolean property schemas: reported when visited
                report(
                    "`\(key)/\(member.key)` must be a schema object, found \(describe(member.value)).",
                    at / key / member.key, preferKey: true)
            }
        }
        for key in Self.schemaArrays {
            guard let value = schema[key] else { continue }
            guard let branches = value.arrayValue, !branches.isEmpty else {
                report("`\(key)` must be a non-empty array of schemas, found \(describe(value)).", at / key)
                continue
            }
            for (index, branch) in branches.enumerated() where !branch.isSchema && branch.boolValue == nil {
                report("`\(key)/\(index)` must be a schema object, found \(describe(branch)).", at / key / index)
            }
        }
        for key in Self.singleSchemas {
            if let value = schema[key], !value.isSchema, value.boolValue == nil {
                report("`\(key)` must be a schema object or a boolean, found \(describe(value)).", at / key)
            }
        }
        if let items = schema["items"], !items.isSchema, items.boolValue == nil, items.arrayValue == nil {
            report("`items` must be a schema object, found \(describe(items)).", at / "items")
        }
        checkKeywordTypes(schema, at: at)
        checkReference(schema["$ref"], at: at / "$ref")
    }

    // MARK: type

    private mutating func checkType(_ type: JSONValue?, at pointer: JSONPointer) {
        switch type {
        case .none:
            return
        case .string(let name):
            checkTypeName(name, at: pointer, inArray: false)
        case .array(let names):
            if names.isEmpty { report("`type` must not be an empty array.", pointer) }
            var seen = Set<String>()
            for (index, element) in names.enumerated() {
                guard let name = element.stringValue else {
                    report("`type` entries must be type names, found \(describe(element)).", pointer / index)
                    continue
                }
                if !seen.insert(name).inserted {
                    report("`type` lists \"\(name)\" twice.", pointer / index, severity: .warning)
                }
                checkTypeName(name, at: pointer / index, inArray: true)
            }
        case .some(let other):
            report("`type` must be a type name or an array of them, found \(describe(other)).", pointer)
        }
    }

    private mutating func checkTypeName(_ name: String, at pointer: JSONPointer, inArray: Bool) {
        guard !SchemaTypes.isValid(name, openAPI: openAPI) else { return }
        let valid = "string, number, integer, boolean, object, array or null"
        switch SchemaTypes.correction(for: name, openAPI: openAPI) {
        case .some("") where !inArray:
            report(
                "\"\(name.quotedExcerpt())\" is not a JSON Schema type; leave `type` out to accept any value.", pointer,
                fixes: [Fix(title: "Remove `type`", operations: [.remove(pointer)], isPreferred: true)])
        case .some(let right) where !right.isEmpty:
            report(
                "\"\(name.quotedExcerpt())\" is not a JSON Schema type; use \"\(right)\".", pointer,
                fixes: [
                    Fix(
                        title: "Replace with \"\(right)\"", operations: [.replace(pointer, .string(right))],
                        isPreferred: true)
                ])
        default:
            report("\"\(name.quotedExcerpt())\" is not a JSON Schema type (expected \(valid)).", pointer)
        }
    }

    /// The declared type names, when they are all valid (otherwise enum checks would only echo
    /// the type error).
    private func declaredTypes(_ schema: JSONValue) -> [String]? {
        let names: [String]
        switch schema["type"] {
        case .string(let name): names = [name]
        case .array(let items): names = items.compactMap(\.stringValue)
        default: return nil
        }
        guard !names.isEmpty, names.allSatisfy({ SchemaTypes.isValid($0, openAPI: openAPI) }) else { return nil }
        return names
    }

    // MARK: required

    private mutating func checkRequired(_ node: SchemaNode) {
        let pointer = node.pointer / "required"
        switch node.value["required"] {
        case .none:
            return
        case .bool(let flag):
            guard let name = node.propertyName else {
                report("`required` must be an array of property names, found a boolean.", pointer)
                return
            }
            var operations: [FixOperation] = [.remove(pointer)]
            if flag, let objectPointer = node.parentPointer, let object = node.parent {
                let names = object["required"]?.arrayValue ?? []
                if !names.contains(.string(name)) {
                    operations.append(
                        object["required"]?.arrayValue != nil
                            ? .replace(objectPointer / "required", .array(names + [.string(name)]))
                            : .addMember(object: objectPointer, key: "required", value: [.string(name)]))
                }
            }
            report(
                "`required: \(flag)` on property `\(name.quotedExcerpt())` is not JSON Schema; list required "
                    + "properties in the parent object's `required` array.", pointer,
                fixes: [
                    Fix(
                        title: flag ? "Move `\(name)` to the parent's `required` array" : "Remove `required: false`",
                        operations: operations, isPreferred: true)
                ])
        case .array(let names):
            for (index, entry) in names.enumerated() where entry.stringValue == nil {
                report("`required` entries must be property names, found \(describe(entry)).", pointer / index)
            }
        case .some(let other):
            report("`required` must be an array of property names, found \(describe(other)).", pointer)
        }
    }

    private mutating func booleanProperty(_ name: String, _ flag: Bool, at pointer: JSONPointer) {
        let meaning = flag ? "accepts any value" : "can never be given"
        report(
            "Property `\(name.quotedExcerpt())` is the boolean schema `\(flag)` (it \(meaning)); clients such as "
                + "Claude Code reject boolean property schemas. Use an object schema.", pointer, preferKey: true,
            fixes: flag ? [Fix(title: "Replace with {}", operations: [.replace(pointer, [:])])] : [])
    }

    // MARK: enum

    private mutating func checkEnum(_ schema: JSONValue, at pointer: JSONPointer) {
        guard let value = schema["enum"] else { return }
        guard let options = value.arrayValue else {
            report("`enum` must be an array of allowed values, found \(describe(value)).", pointer / "enum")
            return
        }
        if options.isEmpty {
            report("`enum` is empty, so no value is valid; list the allowed values or remove `enum`.", pointer / "enum")
            return
        }
        guard let types = declaredTypes(schema) else { return }
        let nullable = schema["nullable"]?.boolValue == true
        for (index, option) in options.enumerated() {
            if option.isNull && nullable { continue }
            if !types.contains(where: { SchemaTypes.value(option, fits: $0) }) {
                report(
                    "Enum value \(option.serialized().quotedExcerpt(40)) is \(describe(option)), but the type is "
                        + types.map { "\"\($0)\"" }.joined(separator: " or ") + ".", pointer / "enum" / index)
            }
        }
    }

    // MARK: other keywords

    private mutating func checkKeywordTypes(_ schema: JSONValue, at pointer: JSONPointer) {
        for key in Self.strings {
            if let value = schema[key], value.stringValue == nil {
                report("`\(key)` must be a string, found \(describe(value)).", pointer / key)
            }
        }
        for key in Self.numbers {
            if let value = schema[key], value.numberValue == nil {
                report("`\(key)` must be a number, found \(describe(value)).", pointer / key)
            }
        }
        if let value = schema["multipleOf"]?.numberValue, value <= 0 {
            report("`multipleOf` must be greater than 0.", pointer / "multipleOf")
        }
        for key in ["exclusiveMinimum", "exclusiveMaximum"] {
            // Draft 4 spelled these as booleans; both forms are read by clients.
            if let value = schema[key], value.numberValue == nil, value.boolValue == nil {
                report("`\(key)` must be a number, found \(describe(value)).", pointer / key)
            }
        }
        for key in Self.counts {
            guard let value = schema[key] else { continue }
            if let number = value.numberValue, number >= 0, number.rounded() == number { continue }
            report(
                "`\(key)` must be a non-negative integer, found \(value.serialized().quotedExcerpt(30)).", pointer / key
            )
        }
    }

    private mutating func checkReference(_ reference: JSONValue?, at pointer: JSONPointer) {
        // Only JSON Pointer fragments are checked: `#name` is a 2020-12 `$anchor` reference and
        // anything before `#` points into another document.
        guard let text = reference?.stringValue, text == "#" || text.hasPrefix("#/") else { return }
        guard SchemaReference.pointer(text) != nil else {
            report("`$ref` \"\(text.quotedExcerpt())\" is not a valid JSON Pointer fragment.", pointer)
            return
        }
        if SchemaReference.resolve(reference, in: root.value) == nil {
            report("`$ref` \"\(text.quotedExcerpt())\" points to nothing in this schema.", pointer)
        }
    }

    // MARK: reporting

    private mutating func report(
        _ message: String, _ pointer: JSONPointer, severity: Severity = .error, preferKey: Bool = false,
        fixes: [Fix] = []
    ) {
        findings.append(
            Finding(
                ruleId: rule, severity: severity, message: message, pointer: pointer, preferKey: preferKey,
                fixes: fixes))
    }

    private func describe(_ value: JSONValue) -> String {
        SchemaRootNotObjectRule.article(value)
    }
}

extension JSONValue {
    var isSchema: Bool {
        if case .object = self { return true }
        return false
    }
}
