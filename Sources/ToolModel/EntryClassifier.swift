import JSON

/// What one object in a tool list is, judged from its keys alone.
enum EntryKind: Equatable {
    /// A function tool. `dialect` is nil for a bare `{name, description, parameters}` object whose
    /// dialect only its list can tell. `strong` is false when only a `name` hints at a tool.
    case tool(Dialect?, strong: Bool)
    /// A Gemini `Tool` object holding declarations under this key.
    case geminiContainer(key: String)
    /// A BFCL record `{"id","question","function":[…]}`.
    case bfclRecord
    /// A provider built-in (`{"type":"web_search"}`, `{"googleSearch":{}}`): valid, not checked.
    case builtin(String)
    case notATool
}

enum EntryClassifier {
    static let geminiDeclarationKeys = ["functionDeclarations", "function_declarations"]
    static let geminiBuiltinKeys = [
        "googleSearch", "google_search", "googleSearchRetrieval", "google_search_retrieval", "codeExecution",
        "code_execution", "urlContext", "url_context", "retrieval", "googleMaps", "google_maps", "computerUse",
        "computer_use", "fileSearch", "file_search",
    ]
    static let geminiJSONSchemaKeys = [
        "parametersJsonSchema", "parameters_json_schema", "responseJsonSchema", "response_json_schema",
    ]

    static func classify(_ entry: JSONValue) -> EntryKind {
        guard case .object = entry else { return .notATool }
        if let key = geminiDeclarationKeys.first(where: { entry[$0]?.arrayValue != nil }) {
            return .geminiContainer(key: key)
        }
        let type = entry["type"]?.stringValue
        if let function = entry["function"] {
            if type == "function", case .object = function { return .tool(.openaiChat, strong: true) }
            if function.arrayValue != nil || entry["question"] != nil { return .bfclRecord }
        }
        if type == "function" { return .tool(.openaiResponses, strong: true) }
        if entry["inputSchema"] != nil { return .tool(.mcp, strong: true) }
        if entry["input_schema"] != nil { return .tool(.anthropic, strong: true) }
        if geminiJSONSchemaKeys.contains(where: { entry[$0] != nil }) { return .tool(.gemini, strong: true) }
        if let parameters = entry["parameters"] {
            return .tool(dialect(ofBareParameters: parameters), strong: true)
        }
        if let type, type != "custom" { return .builtin(type) }
        if let key = geminiBuiltinKeys.first(where: { entry[$0] != nil }), entry["name"] == nil {
            return .builtin(key)
        }
        if entry["name"] != nil { return .tool(nil, strong: false) }
        return .notATool
    }

    /// BFCL writes `"type":"dict"`; Gemini's OpenAPI schema upper-cases type names. Anything else
    /// is a plain `{name, parameters}` function whose dialect the list decides.
    static func dialect(ofBareParameters parameters: JSONValue) -> Dialect? {
        guard let type = parameters["type"]?.stringValue else { return nil }
        if type == "dict" { return .bfcl }
        if type == "OBJECT" { return .gemini }
        return nil
    }
}
