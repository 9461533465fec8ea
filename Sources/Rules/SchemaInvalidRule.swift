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

    mutating func check(_ node: SchemaNode) {
        if case .bool(let flag) = node.value {
            if let name = node.propertyName { booleanProperty(name, flag, at: node.pointer) }
            return
        }
        guard case .object = node.value else { return }
        // One pass over the members: most keywords are absent, and looking each one up would
        // scan the members dozens of times per subschema.
        for member in node.value.effectiveMembers {
            check(member.key, member.value, of: node)
        }
    }

    private mutating func check(_ key: String, _ value: JSONValue, of node: SchemaNode) {
        // Built only when something is reported.
        var at: JSONPointer { node.pointer }
        switch key {
        case "type":
            checkType(value, at: at / key)
        case "required":
            checkRequired(value, of: node)
        case "enum":
            checkEnum(value, in: node.value, at: at / key)
        case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas":
            guard let members = value.objectMembers else {
                report("`\(key)` must be an object mapping names to schemas, found \(describe(value)).", at / key)
                return
            }
            for member in members where !member.value.isSchema {
                if case .bool = member.value { continue }  // boolean property schemas: reported when visited
                report(
                    "`\(key)/\(member.key)` must be a schema object, found \(describe(member.value)).",
                    at / key / member.key, preferKey: true)
            }
        case "anyOf", "oneOf", "allOf":
            guard let branches = value.arrayValue, !branches.isEmpty else {
                report("`\(key)` must be a non-empty array of schemas, found \(describe(value)).", at / key)
                return
            }
            for (index, branch) in branches.enumerated() where !branch.isSchema && branch.boolValue == nil {
                report("`\(key)/\(index)` must be a schema object, found \(describe(branch)).", at / key / index)
            }
        case "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "additionalItems",
            "unevaluatedProperties", "unevaluatedItems":
            if !value.isSchema, value.boolValue == nil {
                report("`\(key)` must be a schema object or a boolean, found \(describe(value)).", at / key)
            }
        case "items":
            if !value.isSchema, value.boolValue == nil, value.arrayValue == nil {
                report("`items` must be a schema object, found \(describe(value)).", at / key)
            }
        case "description", "title", "pattern", "format", "$schema", "$id":
            if value.stringValue == nil { report("`\(key)` must be a string, found \(describe(value)).", at / key) }
        case "$ref":
            checkReference(value, at: at / key)
        case "minimum", "maximum":
            if value.numberValue == nil { report("`\(key)` must be a number, found \(describe(value)).", at / key) }
        case "multipleOf":
            if let number = value.numberValue {
                if number <= 0 { report("`multipleOf` must be greater than 0.", at / key) }
            } else {
                report("`multipleOf` must be a number, found \(describe(value)).", at / key)
            }
        case "exclusiveMinimum", "exclusiveMaximum":
            // Draft 4 spelled these as booleans; both forms are read by clients.
            if value.numberValue == nil, value.boolValue == nil {
                report("`\(key)` must be a number, found \(describe(value)).", at / key)
            }
        case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties":
            if let number = value.numberValue, number >= 0, number.rounded() == number { return }
            report("`\(key)` must be a non-negative integer, found \(value.serialized().quotedExcerpt(30)).", at / key)
        default:
            return
        }
    }

    // MARK: type

    private mutating func checkType(_ type: JSONValue, at lazyPointer: @autoclosure () -> JSONPointer) {
        var pointer: JSONPointer { lazyPointer() }
        switch type {
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
        default:
            report("`type` must be a type name or an array of them, found \(describe(type)).", pointer)
        }
    }

    private mutating func checkTypeName(_ name: String, at lazyPointer: @autoclosure () -> JSONPointer, inArray: Bool) {
        var pointer: JSONPointer { lazyPointer() }
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

    private mutating func checkRequired(_ value: JSONValue, of node: SchemaNode) {
        var pointer: JSONPointer { node.pointer / "required" }
        switch value {
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
                            ? .appendElement(array: objectPointer / "required", value: .string(name))
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
        default:
            report("`required` must be an array of property names, found \(describe(value)).", pointer)
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

    private mutating func checkEnum(
        _ value: JSONValue, in schema: JSONValue, at lazyPointer: @autoclosure () -> JSONPointer
    ) {
        var pointer: JSONPointer { lazyPointer() }
        guard let options = value.arrayValue else {
            report("`enum` must be an array of allowed values, found \(describe(value)).", pointer)
            return
        }
        if options.isEmpty {
            report("`enum` is empty, so no value is valid; list the allowed values or remove `enum`.", pointer)
            return
        }
        guard let types = declaredTypes(schema) else { return }
        let nullable = schema["nullable"]?.boolValue == true
        for (index, option) in options.enumerated() {
            if option.isNull && nullable { continue }
            if !types.contains(where: { SchemaTypes.value(option, fits: $0) }) {
                report(
                    "Enum value \(option.serialized().quotedExcerpt(40)) is \(describe(option)), but the type is "
                        + types.map { "\"\($0)\"" }.joined(separator: " or ") + ".", pointer / index)
            }
        }
    }

    private mutating func checkReference(_ reference: JSONValue, at lazyPointer: @autoclosure () -> JSONPointer) {
        var pointer: JSONPointer { lazyPointer() }
        // Only JSON Pointer fragments are checked: `#name` is a 2020-12 `$anchor` reference and
        // anything before `#` points into another document.
        guard let text = reference.stringValue else {
            report("`$ref` must be a string, found \(describe(reference)).", pointer)
            return
        }
        guard text == "#" || text.hasPrefix("#/") else { return }
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
