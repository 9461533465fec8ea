import JSON

/// Where a dialect keeps the fields `ToolDefinition` normalises. Switches, not a table of
/// layouts: copying a layout out of a table cost a retain and a release of its arrays per tool.
enum DialectLayout {
    /// Gemini's keys that may hold the parameter schema and the response schema, in order of
    /// preference (the other dialects have one key each, below).
    private static let geminiSchemaKeys = ["parametersJsonSchema", "parameters_json_schema", "parameters"]
    private static let geminiOutputSchemaKeys = ["responseJsonSchema", "response_json_schema", "response"]

    /// The first key of the dialect's schema keys that `definition` has.
    static func schemaKey(of dialect: Dialect, in definition: JSONValue) -> String? {
        switch dialect {
        case .mcp: return definition.hasMember("inputSchema") ? "inputSchema" : nil
        case .anthropic: return definition.hasMember("input_schema") ? "input_schema" : nil
        case .openaiChat, .openaiResponses, .bfcl: return definition.hasMember("parameters") ? "parameters" : nil
        case .gemini: return geminiSchemaKeys.first { definition.hasMember($0) }
        }
    }

    /// The first key of the dialect's output-schema keys that `definition` has.
    static func outputSchemaKey(of dialect: Dialect, in definition: JSONValue) -> String? {
        switch dialect {
        case .mcp: return definition.hasMember("outputSchema") ? "outputSchema" : nil
        case .anthropic, .openaiChat, .openaiResponses, .bfcl: return nil
        case .gemini: return geminiOutputSchemaKeys.first { definition.hasMember($0) }
        }
    }

    /// Where the schema belongs when it is missing.
    static func defaultSchemaKey(of dialect: Dialect) -> String {
        switch dialect {
        case .mcp: "inputSchema"
        case .anthropic: "input_schema"
        case .openaiChat, .openaiResponses, .bfcl, .gemini: "parameters"
        }
    }

    /// Schema keys of every dialect, to spot a schema filed under another dialect's key.
    static let allSchemaKeys = ["inputSchema", "input_schema", "parameters", "parametersJsonSchema"]
}

/// Turns one tool object into a `ToolDefinition`, reporting fields of the wrong type.
enum ToolAdapter {
    /// The keys `ToolDefinition` has fields for (name, title, description, annotations): four
    /// `==`, not a static array (its one-time initialisation check and a retain and release
    /// per key).
    @inline(__always)
    static func isNormalised(_ key: String) -> Bool {
        key == "name" || key == "title" || key == "description" || key == "annotations"
    }

    /// Initializes `slot` with the tool of `entry`: built where it will stay. Appended to an
    /// array (`append`, or a returned `ToolDefinition`), the finished definition was copied
    /// whole and the original destroyed: a retain and a release per field, for every tool read.
    static func initializeTool(
        _ slot: UnsafeMutablePointer<ToolDefinition>, from entry: JSONValue, at pointer: JSONPointer,
        dialect: Dialect, group: JSONPointer, findings: inout [Finding]
    ) {
        var definition = entry
        var definitionPointer = pointer
        var extras: [String: Located<JSONValue>] = [:]
        if dialect == .openaiChat, let function = entry["function"] {
            if case .object = function {
                definition = function
                definitionPointer = pointer / "function"
                // By index: a `for member in` loop copied every member (a retain and a release
                // of its value) to look at its key.
                if case .object(let members) = entry {
                    for index in members.indices {
                        let key = members[index].key
                        guard key != "type" && key != "function" else { continue }
                        extras[key] = Located(members[index].value, at: pointer / key)
                    }
                }
            } else {
                findings.append(
                    ReaderFindings.shape(
                        "`function` must be an object holding name, description and parameters, found "
                            + ReaderFindings.article(function) + ".", at: pointer / "function"))
            }
        }
        let schemaKey = DialectLayout.schemaKey(of: dialect, in: definition)
        let outputKey = DialectLayout.outputSchemaKey(of: dialect, in: definition)
        // Fields first, the definition built once at the end (assigning them one by one to a
        // `ToolDefinition` copied the whole struct along the way).
        let inputSchemaPointer = definitionPointer / (schemaKey ?? DialectLayout.defaultSchemaKey(of: dialect))
        // The normalised fields found in one pass over the members (the last of a repeated key,
        // as `definition[key]`), not one lookup each.
        var nameIndex: Int?
        var titleIndex: Int?
        var descriptionIndex: Int?
        var annotationsIndex: Int?
        let members = definition.objectMembers ?? []
        for index in members.indices {
            let key = members[index].key
            if key.hasSameCodeUnits(as: "name") {
                nameIndex = index
            } else if key.hasSameCodeUnits(as: "description") {
                descriptionIndex = index
            } else if key.hasSameCodeUnits(as: "title") {
                titleIndex = index
            } else if key.hasSameCodeUnits(as: "annotations") {
                annotationsIndex = index
            }
        }
        let name = string(
            "name", nameIndex.map { members[$0].value }, at: definitionPointer, required: true, findings: &findings)
        let title = string(
            "title", titleIndex.map { members[$0].value }, at: definitionPointer, required: false,
            findings: &findings)
        let description = string(
            "description", descriptionIndex.map { members[$0].value }, at: definitionPointer, required: false,
            findings: &findings)
        var inputSchema: Located<JSONValue>?
        if let schemaKey, let schema = definition[schemaKey] {
            // The same pointer as `inputSchemaPointer` (one array for both).
            inputSchema = Located(schema, at: inputSchemaPointer)
        } else {
            reportMisplacedSchema(in: definition, at: definitionPointer, dialect: dialect, findings: &findings)
        }
        if dialect == .gemini, schemaKey != "parameters", definition.hasMember("parameters") {
            findings.append(
                ReaderFindings.shape(
                    "Gemini accepts either `parameters` or `parametersJsonSchema`, not both.",
                    at: definitionPointer / "parameters", preferKey: true))
        }
        var outputSchema: Located<JSONValue>?
        if let outputKey, let schema = definition[outputKey] {
            outputSchema = Located(schema, at: definitionPointer / outputKey)
        }
        var annotationsField: Located<JSONValue>?
        if let annotationsIndex {
            let annotations = members[annotationsIndex].value
            annotationsField = Located(annotations, at: definitionPointer / "annotations")
            if annotations.objectMembers == nil {
                findings.append(
                    ReaderFindings.shape(
                        "`annotations` must be an object, found " + ReaderFindings.article(annotations) + ".",
                        at: definitionPointer / "annotations", severity: .warning))
            }
        }
        // `==`, as the `Set<String>` this was: keys are skipped by canonical equivalence.
        if case .object(let members) = definition {
            for index in members.indices {
                let key = members[index].key
                guard !isNormalised(key) && key != schemaKey && key != outputKey else { continue }
                extras[key] = Located(members[index].value, at: definitionPointer / key)
            }
        }
        // Field by field into the slot, every local consumed: a whole `ToolDefinition` built and
        // then stored was copied (a retain and a release per field, for every tool read).
        slot.initializeFields(
            dialect: dialect, pointer: pointer, definitionPointer: definitionPointer, name: name, title: title,
            description: description, inputSchema: inputSchema, inputSchemaPointer: inputSchemaPointer,
            outputSchema: outputSchema, annotations: annotationsField, extras: extras, raw: definition, group: group)
    }

    /// A string field (`found`: the object's member `key`, if any). An optional field may be
    /// `null` (rules such as `desc-missing` judge that); any other type is reported.
    private static func string(
        _ key: String, _ found: JSONValue?, at pointer: JSONPointer, required: Bool, findings: inout [Finding]
    ) -> Located<String>? {
        guard let value = found else {
            if required { findings.append(ReaderFindings.shape("This tool has no `\(key)`.", at: pointer)) }
            return nil
        }
        switch value {
        case .string(let text):
            return Located(text, at: pointer / key)
        case .null where !required:
            return nil
        default:
            findings.append(
                ReaderFindings.shape(
                    "`\(key)` must be a string, found " + ReaderFindings.article(value) + ".", at: pointer / key))
            return nil
        }
    }

    private static func reportMisplacedSchema(
        in definition: JSONValue, at pointer: JSONPointer, dialect: Dialect, findings: inout [Finding]
    ) {
        let defaultKey = DialectLayout.defaultSchemaKey(of: dialect)
        guard let key = DialectLayout.allSchemaKeys.first(where: { definition.hasMember($0) }) else { return }
        findings.append(
            Finding(
                ruleId: ReaderFindings.shapeId, severity: .warning,
                message: "`\(key)` is not where \(dialect.displayName) tools keep their parameter schema; "
                    + "it belongs under `\(defaultKey)`.",
                pointer: pointer / key, preferKey: true,
                fixes: [
                    Fix(
                        title: "Rename `\(key)` to `\(defaultKey)`",
                        operations: [.renameKey(pointer / key, to: defaultKey)])
                ]))
    }
}
