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
        guard case .object(let members) = entry else { return .notATool }
        // Lookups in the members themselves: `entry[key]` copies the member list and the value
        // found (a retain and a release each) for what is mostly a yes or no.
        func isArray(_ key: String) -> Bool {
            guard let index = members.lastIndex(ofKey: key), case .array = members[index].value else { return false }
            return true
        }
        func has(_ key: String) -> Bool { members.lastIndex(ofKey: key) != nil }
        if let key = geminiDeclarationKeys.first(where: isArray) {
            return .geminiContainer(key: key)
        }
        var type: String?
        if let index = members.lastIndex(ofKey: "type"), case .string(let text) = members[index].value { type = text }
        if let index = members.lastIndex(ofKey: "function") {
            if type == "function", case .object = members[index].value { return .tool(.openaiChat, strong: true) }
            if case .array = members[index].value { return .bfclRecord }
            if has("question") { return .bfclRecord }
        }
        if type == "function" { return .tool(.openaiResponses, strong: true) }
        if has("inputSchema") { return .tool(.mcp, strong: true) }
        if has("input_schema") { return .tool(.anthropic, strong: true) }
        if geminiJSONSchemaKeys.contains(where: has) { return .tool(.gemini, strong: true) }
        if let index = members.lastIndex(ofKey: "parameters") {
            return .tool(dialect(ofBareParameters: members[index].value), strong: true)
        }
        if let type, type != "custom" { return .builtin(type) }
        if let key = geminiBuiltinKeys.first(where: has), !has("name") {
            return .builtin(key)
        }
        if has("name") { return .tool(nil, strong: false) }
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

extension Array where Element == JSONMember {
    /// The index of the last member named `key`, the one `JSONValue[key]` reads (keys compared
    /// by code points, as there).
    @inline(__always)
    func lastIndex(ofKey key: String) -> Int? {
        var i = count
        while i > 0 {
            i -= 1
            if self[i].key.hasSameCodeUnits(as: key) { return i }
        }
        return nil
    }
}
