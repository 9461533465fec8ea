import JSON

/// A tool definition reduced to what token accounting needs: name, description and the JSON
/// Schema of its parameters, whatever dialect it came from.
public struct ToolSpec: Sendable, Equatable {
    public var name: String
    public var description: String?
    /// The parameters' JSON Schema (an object schema), or nil when the tool takes none.
    public var parameters: JSONValue?

    public init(name: String, description: String? = nil, parameters: JSONValue? = nil) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }

    /// Reads OpenAI chat tools (`{"type":"function","function":{…}}`), OpenAI Responses and Gemini
    /// function declarations (`{name, description, parameters}`), Anthropic (`input_schema`) and
    /// MCP (`inputSchema`). Nil if there is no string `name`.
    public init?(json: JSONValue) {
        let body = json["function"].flatMap { $0.objectMembers == nil ? nil : $0 } ?? json
        guard let name = body["name"]?.stringValue else { return nil }
        self.name = name
        self.description = body["description"]?.stringValue
        self.parameters = body["parameters"] ?? body["input_schema"] ?? body["inputSchema"]
    }

    /// The tool as Anthropic's API takes it (`name`, `description`, `input_schema`).
    var anthropicJSON: JSONValue {
        var members = [JSONMember("name", .string(name))]
        if let description { members.append(JSONMember("description", .string(description))) }
        members.append(JSONMember("input_schema", parameters ?? .object([JSONMember("type", .string("object"))])))
        return .object(members)
    }

    /// The tool as a Gemini function declaration (`name`, `description`, `parameters`).
    var functionDeclarationJSON: JSONValue {
        var members = [JSONMember("name", .string(name))]
        if let description { members.append(JSONMember("description", .string(description))) }
        if let parameters { members.append(JSONMember("parameters", parameters)) }
        return .object(members)
    }
}

/// A token count with what it assumes: exact (the provider's tokenizer over the text the model
/// sees) or an estimate (a published formula, a data table or a ratio).
public struct TokenCount: Sendable, Equatable {
    public enum Exactness: String, Sendable { case exact, estimate }

    public var tokens: Int
    public var exactness: Exactness
    public var provider: String
    public var model: String
    /// The tokenizer the count uses (for estimates, the proxy tokenizer), if any.
    public var encoding: EncodingName?
    /// How the number was obtained, with its source.
    public var basis: String

    public init(
        tokens: Int, exactness: Exactness, provider: String, model: String, encoding: EncodingName?, basis: String
    ) {
        self.tokens = tokens
        self.exactness = exactness
        self.provider = provider
        self.model = model
        self.encoding = encoding
        self.basis = basis
    }
}
