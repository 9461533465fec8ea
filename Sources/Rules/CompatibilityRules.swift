import JSON
import ToolModel

/// Object schemas and their object/array nesting level (top-level properties are level 1).
struct SchemaShape {
    struct Level {
        var node: SchemaNode
        var nesting: Int
    }

    var levels: [Level] = []

    init(_ schema: Located<JSONValue>) {
        var nesting: [JSONPointer: Int] = [:]
        SchemaWalker.walk(schema.value, at: schema.pointer) { node in
            let parent = node.parentPointer.flatMap { nesting[$0] } ?? 0
            let step: Int
            switch node.role {
            case .property, .patternProperty, .additionalProperties, .items: step = 1
            default: step = 0
            }
            nesting[node.pointer] = parent + step
            levels.append(Level(node: node, nesting: parent + step))
        }
    }

    var maxNesting: Level? { levels.max { $0.nesting < $1.nesting } }

    /// Subschemas that describe objects: `type: "object"` (alone or in a type array) or
    /// `properties`.
    var objects: [SchemaNode] {
        levels.map(\.node).filter(\.isObjectSchema)
    }
}

extension SchemaNode {
    var isObjectSchema: Bool {
        guard case .object = value else { return false }
        switch value["type"] {
        case .string(let type): return type.lowercased() == "object"
        case .array(let types): return types.contains(.string("object"))
        default: return value["properties"] != nil
        }
    }

    var typeNames: [String] {
        switch value["type"] {
        case .string(let name): [name]
        case .array(let names): names.compactMap(\.stringValue)
        default: []
        }
    }
}

/// `schema-nesting-depth`: deep schemas are hard to fill; OpenAI strict rejects more than 10 levels.
public struct SchemaNestingDepthRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "schema-nesting-depth", category: .schema, defaultSeverity: .info,
        summary: "Parameter schemas nest at most 3 levels (OpenAI strict: at most 10).",
        explanation: """
            Each object or array level adds a decision the model must get right; TDQS charges 2 per \
            level past the first. Above 3 levels is a heuristic info (AgentDX uses 3, chief-builder 4, \
            mcp-lint 5). Under openai-strict, more than 10 levels is an API error (5 with the legacy \
            limits). Options: maxDepth (3), legacy (false).
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let schema = tool.inputSchema, let deepest = SchemaShape(schema).maxNesting else { return [] }
        let depth = deepest.nesting
        let strictMax = context.option("legacy")?.boolValue == true ? 5 : 10
        if context.strictOpenAI(tool), depth > strictMax {
            return [
                finding(
                    "`\(tool.displayName)` nests \(depth) levels deep; OpenAI strict mode allows at most \(strictMax).",
                    at: deepest.node.pointer, severity: .error, preferKey: true)
            ]
        }
        let maxDepth = context.intOption("maxDepth", default: 3)
        guard depth > maxDepth else { return [] }
        let path = FieldLabel.parameterPath(deepest.node.pointer, schemaRoot: schema.pointer)
        return [
            finding(
                "`\(tool.displayName)` nests \(depth) levels deep (at `\(path)`); flatten it to \(maxDepth) or fewer.",
                at: deepest.node.pointer, preferKey: true)
        ]
    }
}

/// `openai-strict-closed-objects`: strict mode needs `additionalProperties: false` on every object.
public struct OpenAIStrictClosedObjectsRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "openai-strict-closed-objects", category: .schema, defaultSeverity: .error,
        summary: "OpenAI strict: every object schema has `additionalProperties: false`.",
        explanation: """
            With strict: true (or the openai-strict target), OpenAI requires additionalProperties: \
            false on every object: root, nested, items, $defs and anyOf branches (Structured Outputs, \
            supported schemas). Gemini's `parameters` rejects the same keyword, so a schema shared by \
            both needs one variant per provider.
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard context.strictOpenAI(tool), let schema = tool.inputSchema else { return [] }
        return SchemaShape(schema).objects.compactMap { node in
            let current = node.value["additionalProperties"]
            guard current != .bool(false) else { return nil }
            let at = node.pointer / "additionalProperties"
            let operation: FixOperation =
                current == nil
                ? .addMember(object: node.pointer, key: "additionalProperties", value: false)
                : .replace(at, false)
            let label = FieldLabel.parameterPath(node.pointer, schemaRoot: schema.pointer)
            return finding(
                "Object `\(label.isEmpty ? "(root)" : label)` of `\(tool.displayName)` needs "
                    + "\"additionalProperties\": false in OpenAI strict mode.",
                at: current == nil ? node.pointer : at,
                fixes: [Fix(title: "Add \"additionalProperties\": false", operations: [operation], isPreferred: true)])
        }
    }
}

/// `openai-strict-all-required`: strict mode needs every property in `required`.
public struct OpenAIStrictAllRequiredRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "openai-strict-all-required", category: .schema, defaultSeverity: .error,
        summary: "OpenAI strict: every property is listed in `required` (optional ones as null-unions).",
        explanation: """
            OpenAI strict mode requires every key of `properties` to appear in `required`; an optional \
            parameter is written as a union with null ("type": ["string", "null"]). The quick fix \
            adds the name to `required` and widens its type.
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard context.strictOpenAI(tool), let schema = tool.inputSchema else { return [] }
        var findings: [Finding] = []
        for node in SchemaShape(schema).objects {
            let required = node.value["required"]?.arrayValue ?? []
            for member in node.value["properties"]?.effectiveMembers ?? []
            where !required.contains(.string(member.key)) {
                let property = node.pointer / "properties" / member.key
                var operations: [FixOperation] = [
                    node.value["required"]?.arrayValue != nil
                        ? .appendElement(array: node.pointer / "required", value: .string(member.key))
                        : .addMember(object: node.pointer, key: "required", value: [.string(member.key)])
                ]
                if let widened = Self.nullable(member.value) {
                    operations.append(
                        widened.0
                            ? .replace(property / "type", widened.1)
                            : .addMember(object: property, key: "type", value: widened.1))
                }
                findings.append(
                    finding(
                        "`\(member.key)` is not in `required`; OpenAI strict mode needs every property required "
                            + "(make it nullable to keep it optional).", at: property, preferKey: true,
                        fixes: [
                            Fix(
                                title: "Require `\(member.key)` and allow null", operations: operations,
                                isPreferred: true)
                        ]))
            }
        }
        return findings
    }

    /// The widened `type` (and whether `type` exists); nil when null is already allowed or the
    /// property has no plain type to widen.
    static func nullable(_ property: JSONValue) -> (Bool, JSONValue)? {
        switch property["type"] {
        case .string(let type) where type != "null": return (true, [.string(type), "null"])
        case .array(let types) where !types.contains("null"): return (true, .array(types + ["null"]))
        default: return nil
        }
    }
}

/// `openai-strict-unsupported`: keywords and formats strict mode rejects.
public struct OpenAIStrictUnsupportedRule: ToolRule {
    public init() {}

    static let unsupported: Set<String> = [
        "allOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas",
    ]
    static let formats: Set<String> = [
        "date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid",
    ]
    static let fineTunedUnsupported: Set<String> = [
        "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "multipleOf", "patternProperties",
        "minItems", "maxItems",
    ]

    public let metadata = RuleMetadata(
        id: "openai-strict-unsupported", category: .schema, defaultSeverity: .error,
        summary: "OpenAI strict: no allOf, not, if/then/else, dependent*, root anyOf, or unsupported formats.",
        explanation: """
            "If you turn on Structured Outputs… with an unsupported JSON Schema, you will receive an \
            error." Strict mode rejects allOf, not, if/then/else, dependentRequired, dependentSchemas, \
            a root anyOf, and formats other than date-time, time, date, duration, email, hostname, \
            ipv4, ipv6, uuid. Option fineTuned (false): also flag minLength, maxLength, pattern, \
            format, minimum, maximum, multipleOf, patternProperties, minItems, maxItems.
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard context.strictOpenAI(tool), let schema = tool.inputSchema else { return [] }
        let fineTuned = context.option("fineTuned")?.boolValue == true
        var findings: [Finding] = []
        if schema.value["anyOf"] != nil {
            findings.append(
                finding(
                    "The root of `\(tool.displayName)`'s schema is an anyOf; OpenAI strict mode needs an object root.",
                    at: schema.pointer / "anyOf", preferKey: true))
        }
        SchemaWalker.walk(schema.value, at: schema.pointer) { node in
            for member in node.value.effectiveMembers {
                let at = node.pointer / member.key
                if Self.unsupported.contains(member.key) {
                    let droppable = member.key != "allOf"
                    findings.append(
                        finding(
                            "`\(member.key)` is not supported in OpenAI strict mode.", at: at, preferKey: true,
                            fixes: droppable ? [Fix(title: "Remove `\(member.key)`", operations: [.remove(at)])] : []))
                } else if member.key == "format", let format = member.value.stringValue, !Self.formats.contains(format)
                {
                    findings.append(
                        finding(
                            "Format \"\(format.quotedExcerpt())\" is not supported in OpenAI strict mode (supported: "
                                + Self.formats.sorted().joined(separator: ", ") + ").", at: at,
                            fixes: [Fix(title: "Remove `format`", operations: [.remove(at)], isPreferred: true)]))
                } else if fineTuned, Self.fineTunedUnsupported.contains(member.key) {
                    findings.append(
                        finding(
                            "`\(member.key)` is not supported for fine-tuned models in strict mode.", at: at,
                            preferKey: true, fixes: [Fix(title: "Remove `\(member.key)`", operations: [.remove(at)])]))
                }
            }
        }
        return findings
    }
}

/// `openai-strict-size`: the documented size limits of strict schemas.
public struct OpenAIStrictSizeRule: ToolRule {
    public init() {}

    struct Limits {
        var properties: Int
        var nesting: Int
        var characters: Int
        var enumValues: Int
        var largeEnumCharacters: Int

        static let current = Limits(
            properties: 5000, nesting: 10, characters: 120_000, enumValues: 1000, largeEnumCharacters: 15_000)
        static let legacy = Limits(
            properties: 100, nesting: 5, characters: 15_000, enumValues: 500, largeEnumCharacters: 7_500)
    }

    public let metadata = RuleMetadata(
        id: "openai-strict-size", category: .schema, defaultSeverity: .error,
        summary: "OpenAI strict: schema within the size limits.",
        explanation: """
            Hard API limits for strict schemas: at most 5,000 object properties, 10 nesting levels, \
            120,000 characters of property names, definition names, enum and const values, 1,000 enum \
            values, and a string enum of more than 250 values at most 15,000 characters. Option \
            legacy (false) uses the older limits 100 / 5 / 15,000 / 500 / 7,500.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard context.strictOpenAI(tool), let schema = tool.inputSchema else { return [] }
        let limits = context.option("legacy")?.boolValue == true ? Limits.legacy : .current
        var properties = 0
        var characters = 0
        var enumValues = 0
        var findings: [Finding] = []
        SchemaWalker.walk(schema.value, at: schema.pointer) { node in
            switch node.role {
            case .property(let name), .definition(let name): characters += name.unicodeScalars.count
            default: break
            }
            if node.propertyName != nil { properties += 1 }
            if let constant = node.value["const"]?.stringValue { characters += constant.unicodeScalars.count }
            guard let options = node.value["enum"]?.arrayValue else { return }
            enumValues += options.count
            let strings = options.compactMap(\.stringValue)
            let length = strings.reduce(0) { $0 + $1.unicodeScalars.count }
            characters += length
            if strings.count > 250, length > limits.largeEnumCharacters {
                findings.append(
                    finding(
                        "This enum has \(strings.count) string values totalling \(length) characters; above 250 values "
                            + "OpenAI strict allows at most \(limits.largeEnumCharacters).", at: node.pointer / "enum"))
            }
        }
        let at = schema.pointer
        if properties > limits.properties {
            findings.append(
                finding("\(properties) object properties; OpenAI strict allows \(limits.properties).", at: at))
        }
        if characters > limits.characters {
            findings.append(
                finding(
                    "\(characters) characters of names and enum values; OpenAI strict allows \(limits.characters).",
                    at: at))
        }
        if enumValues > limits.enumValues {
            findings.append(finding("\(enumValues) enum values; OpenAI strict allows \(limits.enumValues).", at: at))
        }
        if let deepest = SchemaShape(schema).maxNesting, deepest.nesting > limits.nesting {
            findings.append(
                finding(
                    "\(deepest.nesting) nesting levels; OpenAI strict allows \(limits.nesting).",
                    at: deepest.node.pointer, preferKey: true))
        }
        return findings
    }
}

/// `enum-case-collision`: enum values that differ only in letter case.
public struct EnumCaseCollisionRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "enum-case-collision", category: .schema, defaultSeverity: .warning,
        summary: "Enum values differ by more than letter case.",
        explanation: """
            "Structured outputs don't guarantee the capitalization of string enum… avoid enum values \
            that differ only in capitalization" (Anthropic, Structured outputs). A model asked for \
            one gets the other.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let schema = tool.inputSchema else { return [] }
        var findings: [Finding] = []
        SchemaWalker.walk(schema.value, at: schema.pointer) { node in
            guard let options = node.value["enum"]?.arrayValue else { return }
            var seen: [String: (String, Int)] = [:]
            for (index, option) in options.enumerated() {
                guard let text = option.stringValue else { continue }
                let key = text.lowercased()
                if let (first, firstIndex) = seen[key], first != text {
                    findings.append(
                        finding(
                            "Enum values \"\(first.quotedExcerpt(30))\" and \"\(text.quotedExcerpt(30))\" differ only in "
                                + "case; models do not reliably keep capitalization.",
                            at: node.pointer / "enum" / index,
                            related: [
                                RelatedLocation(pointer: node.pointer / "enum" / firstIndex, message: "\"\(first)\"")
                            ]))
                } else if seen[key] == nil {
                    seen[key] = (text, index)
                }
            }
        }
        return findings
    }
}

/// `gemini-unsupported-keyword`: keys Gemini's OpenAPI-subset `parameters` rejects.
public struct GeminiUnsupportedKeywordRule: ToolRule {
    public init() {}

    /// Gemini's Schema fields (generativelanguage Schema reference).
    static let allowed: Set<String> = [
        "type", "format", "title", "description", "nullable", "enum", "items", "minItems", "maxItems",
        "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern",
        "example", "anyOf", "propertyOrdering", "default", "minimum", "maximum",
    ]

    public let metadata = RuleMetadata(
        id: "gemini-unsupported-keyword", category: .schema, defaultSeverity: .error,
        summary: "Gemini `parameters`: only the OpenAPI Schema subset Gemini accepts.",
        explanation: """
            Gemini's `parameters` is a subset of the OpenAPI 3.0 Schema; any other key (additionalProperties, \
            $schema, $ref, $defs, const, oneOf, allOf, not, propertyNames, patternProperties, \
            exclusiveMinimum…) gets 400 "Invalid JSON payload received. Unknown name" — the error MCP \
            schemas generated by Zod or Pydantic hit in Zed, n8n and promptfoo. Type arrays become \
            `nullable`, enums must be strings. Alternatively send the schema as \
            `parametersJsonSchema` (mutually exclusive with `parameters`).
            """,
        targets: [.gemini], fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        // `parametersJsonSchema` takes full JSON Schema.
        guard let schema = tool.inputSchema, !(tool.dialect == .gemini && !tool.usesOpenAPISchema) else { return [] }
        var findings: [Finding] = []
        SchemaWalker.walk(schema.value, at: schema.pointer) { node in
            guard case .object = node.value else { return }
            for member in node.value.effectiveMembers {
                let at = node.pointer / member.key
                if !Self.allowed.contains(member.key) {
                    findings.append(unknown(member, at: at, in: node))
                    continue
                }
                if member.key == "type", case .array(let types) = member.value {
                    findings.append(typeArray(types, at: at, node: node))
                }
                if member.key == "enum", let options = member.value.arrayValue,
                    options.contains(where: { $0.stringValue == nil && !$0.isNull })
                {
                    findings.append(
                        finding(
                            "Gemini enums hold strings only; this one has other values.", at: at,
                            fixes: [
                                Fix(
                                    title: "Quote the enum values",
                                    operations: [
                                        .replace(
                                            at,
                                            .array(
                                                options.map {
                                                    $0.stringValue.map(JSONValue.string) ?? .string($0.serialized())
                                                }))
                                    ])
                            ]))
                }
            }
        }
        return findings
    }

    private func unknown(_ member: JSONMember, at: JSONPointer, in node: SchemaNode) -> Finding {
        var fixes = [
            Fix(
                title: "Remove `\(member.key)`", operations: [.remove(at)],
                isPreferred: member.key == "additionalProperties" || member.key == "$schema")
        ]
        if member.key == "const" {
            fixes.insert(
                Fix(
                    title: "Use a one-value enum",
                    operations: [.remove(at), .addMember(object: node.pointer, key: "enum", value: [member.value])],
                    isPreferred: true), at: 0)
        }
        return finding(
            "Gemini `parameters` does not accept `\(member.key)` (400 \"Unknown name\"); remove it or send the schema "
                + "as `parametersJsonSchema`.", at: at, preferKey: true, fixes: fixes)
    }

    private func typeArray(_ types: [JSONValue], at: JSONPointer, node: SchemaNode) -> Finding {
        let names = types.compactMap(\.stringValue)
        let others = names.filter { $0 != "null" }
        var fixes: [Fix] = []
        if others.count == 1, names.contains("null") {
            fixes.append(
                Fix(
                    title: "Use \"type\": \"\(others[0])\" with \"nullable\": true",
                    operations: [
                        .replace(at, .string(others[0])),
                        .addMember(object: node.pointer, key: "nullable", value: true),
                    ],
                    isPreferred: true))
        }
        return finding(
            "Gemini `parameters` does not accept a type array; use one type with \"nullable\": true.", at: at,
            fixes: fixes)
    }
}

/// `schema-noarg-open`: a tool without parameters that accepts any arguments.
public struct SchemaNoargOpenRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "schema-noarg-open", category: .schema, defaultSeverity: .info,
        summary: "A tool without parameters says so with `additionalProperties: false`.",
        explanation: """
            The MCP spec recommends { "type": "object", "additionalProperties": false } for tools with \
            no parameters; an open empty object lets the model invent arguments \
            (ChromeDevTools/chrome-devtools-mcp#2049). Not reported when gemini is also a target, \
            because Gemini's `parameters` rejects the keyword.
            """,
        targets: [.mcp], fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard !context.targets.contains(.gemini), let schema = tool.inputSchema, case .object = schema.value,
            (schema.value["properties"]?.objectMembers ?? []).isEmpty,
            schema.value["additionalProperties"] != .bool(false),
            schema.value["anyOf"] == nil, schema.value["oneOf"] == nil, schema.value["allOf"] == nil,
            schema.value["$ref"] == nil, schema.value["patternProperties"] == nil
        else { return [] }
        let existing = schema.value["additionalProperties"] != nil
        let operation: FixOperation =
            existing
            ? .replace(schema.pointer / "additionalProperties", false)
            : .addMember(object: schema.pointer, key: "additionalProperties", value: false)
        return [
            finding(
                "`\(tool.displayName)` takes no parameters but its schema accepts any; add "
                    + "\"additionalProperties\": false.", at: schema.pointer,
                fixes: [Fix(title: "Add \"additionalProperties\": false", operations: [operation], isPreferred: true)])
        ]
    }
}
