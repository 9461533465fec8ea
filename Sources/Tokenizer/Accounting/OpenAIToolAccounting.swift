import JSON

/// OpenAI's published ways to count tool-definition tokens.
public enum OpenAIToolAccounting {
    /// The per-model constants of the cookbook's `num_tokens_for_tools`
    /// (openai-cookbook, "How to count tokens with tiktoken", section 7).
    public struct CookbookConstants: Sendable, Equatable {
        public var functionInit: Int
        public var propertyInit: Int
        public var propertyKey: Int
        public var enumInit: Int
        public var enumItem: Int
        public var functionEnd: Int
        /// Whether the cookbook publishes these constants for the model (else borrowed).
        public var published: Bool
    }

    /// gpt-4o / gpt-4o-mini constants for o200k models, gpt-3.5-turbo / gpt-4 constants for
    /// cl100k ones. Only those four families are published; other models borrow their
    /// encoding's constants.
    public static func cookbookConstants(model: String, encoding: EncodingName) -> CookbookConstants {
        let published =
            ["gpt-4o", "gpt-4o-mini", "gpt-4", "gpt-3.5-turbo"].contains(model)
            || ["gpt-4o-", "gpt-4-", "gpt-3.5-turbo-"].contains { model.hasPrefix($0) }
        let functionInit = encoding == .cl100kBase ? 10 : 7
        return CookbookConstants(
            functionInit: functionInit, propertyInit: 3, propertyKey: 3, enumInit: -3, enumItem: 3, functionEnd: 12,
            published: published)
    }

    /// Tool tokens by the cookbook formula: per function its init constant plus `name:description`
    /// (one trailing "." dropped), per top-level property `key:type:description` and its enum
    /// items, plus a per-request constant. Nested schemas, `required`, defaults and the like are
    /// not counted (as in the cookbook). Always an estimate: the cookbook calls it one, though it
    /// reproduces the API's counts for its example (gpt-4o 101, gpt-4 105 with messages).
    public static func cookbookToolTokens(
        _ tools: [ToolSpec], model: String, vocabularyDirectory: String? = nil
    ) throws(TokenizerError) -> TokenCount {
        let name = EncodingName.forModel(model) ?? .o200kBase
        let encoding = try Encoding.named(
            name == .o200kHarmony ? .o200kBase : name, vocabularyDirectory: vocabularyDirectory)
        let c = cookbookConstants(model: model, encoding: encoding.name)
        var total = 0
        for tool in tools {
            total += c.functionInit
            total += encoding.count(tool.name + ":" + droppingOneTrailingPeriod(tool.description ?? ""))
            guard let properties = tool.parameters?["properties"]?.objectMembers, !properties.isEmpty else { continue }
            total += c.propertyInit
            for property in properties {
                total += c.propertyKey
                if let items = property.value["enum"]?.arrayValue {
                    total += c.enumInit
                    for item in items { total += c.enumItem + encoding.count(text(of: item)) }
                }
                let type = property.value["type"].map(text(of:)) ?? ""
                let description = droppingOneTrailingPeriod(property.value["description"]?.stringValue ?? "")
                total += encoding.count("\(property.key):\(type):\(description)")
            }
        }
        if !tools.isEmpty { total += c.functionEnd }
        let constants =
            c.published
            ? "published constants"
            : "constants borrowed from \(encoding.name.rawValue)'s family (none published for this model)"
        return TokenCount(
            tokens: total, exactness: .estimate, provider: "openai", model: model, encoding: encoding.name,
            basis: "OpenAI cookbook num_tokens_for_tools, \(constants)")
    }

    /// Message tokens by the cookbook's `num_tokens_from_messages`: 3 per message, the tokens of
    /// every field value, 1 more for a `name` field, and 3 priming the reply.
    public static func cookbookMessageTokens(
        _ messages: [[(key: String, value: String)]], model: String, vocabularyDirectory: String? = nil
    ) throws(TokenizerError) -> Int {
        let name = EncodingName.forModel(model) ?? .o200kBase
        let encoding = try Encoding.named(
            name == .o200kHarmony ? .o200kBase : name, vocabularyDirectory: vocabularyDirectory)
        var total = 3
        for message in messages {
            total += 3
            for field in message {
                total += encoding.count(field.value)
                if field.key == "name" { total += 1 }
            }
        }
        return total
    }

    /// Tokens of the tools section as the harmony renderer writes it for gpt-oss (the text the
    /// model sees, counted with o200k_harmony): exact for gpt-oss models.
    public static func harmonyToolTokens(
        _ tools: [ToolSpec], model: String = "gpt-oss", vocabularyDirectory: String? = nil
    ) throws(TokenizerError) -> TokenCount {
        let encoding = try Encoding.named(.o200kHarmony, vocabularyDirectory: vocabularyDirectory)
        let isHarmonyModel = EncodingName.forModel(model) == .o200kHarmony
        return TokenCount(
            tokens: encoding.count(HarmonyToolRendering.toolsSection(tools)),
            exactness: isHarmonyModel ? .exact : .estimate, provider: "openai", model: model, encoding: .o200kHarmony,
            basis: isHarmonyModel
                ? "harmony TypeScript namespace rendering of the tools section (openai/harmony)"
                : "harmony TypeScript namespace rendering; this model's tool rendering is not published")
    }

    static func droppingOneTrailingPeriod(_ text: String) -> String {
        text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    /// A JSON value as Python's `str()`-in-f-string would mostly show it: strings bare, others as JSON.
    static func text(of value: JSONValue) -> String {
        value.stringValue ?? value.serialized()
    }
}
