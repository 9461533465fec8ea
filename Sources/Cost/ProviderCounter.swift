import JSON
import Tokenizer

/// Counts text, payloads, definitions and call framing the way one provider bills them: exact
/// tokenizer counts for OpenAI models, o200k × the Claude family ratio by content kind for
/// Claude, o200k for Gemini (both labelled estimates).
public struct ProviderCounter: Sendable {
    public let provider: CostProvider
    public let model: String
    let encoding: Encoding
    let harmony: Encoding?
    let ratios: [ContentKind: Double]
    /// How counts are made, for the report's assumptions.
    public let basis: String

    public init(provider: CostProvider, model: String, vocabularyDirectory: String? = nil) throws(TokenizerError) {
        self.provider = provider
        self.model = model
        var name = EncodingName.forModel(model) ?? .o200kBase
        if provider != .openai && provider != .harmony { name = .o200kBase }
        if name == .o200kHarmony { name = .o200kBase }
        encoding = try Encoding.named(name, vocabularyDirectory: vocabularyDirectory)
        harmony =
            provider == .openai || provider == .harmony
            ? try Encoding.named(.o200kHarmony, vocabularyDirectory: vocabularyDirectory) : nil
        var ratios: [ContentKind: Double] = [:]
        var basis = "\(name.rawValue) token counts"
        if provider == .anthropic {
            // A non-Claude model name under `anthropic` falls back to the current family's ratios.
            let probe = model.hasPrefix("claude") ? model : "claude-sonnet-4-5"
            for kind in ContentKind.allCases {
                ratios[kind] = try AnthropicToolAccounting.ratio(model: probe, kind: kind)?.value ?? 1
            }
            basis =
                "o200k_base counts × Claude/o200k ratio by content kind (json \(ratios[.json]!), code \(ratios[.code]!), "
                + "prose \(ratios[.prose]!); ctok reconstruction, an estimate)"
        } else if provider == .gemini {
            basis = "o200k_base counts (Gemini's tokenizer is not public; an estimate)"
        } else if EncodingName.forModel(model) == nil {
            basis = "o200k_base counts (\(model) is not in tiktoken's model table; a proxy)"
        }
        self.ratios = ratios
        self.basis = basis
    }

    /// Tokens of some text of a kind.
    public func count(_ text: String, kind: ContentKind) -> Int {
        scale(encoding.count(text), kind)
    }

    /// Tokens of a JSON value as sent (compact).
    public func count(json: JSONValue) -> Int { count(json.serialized(), kind: .json) }

    /// Tokens of an amount (payload files must be loaded first; an unloaded file counts 0).
    public func count(_ amount: Amount) -> Int {
        switch amount {
        case .tokens(let n): return n
        case .bytes(let n, let kind): return scale(Int((Double(n) / bytesPerToken(kind)).rounded()), kind)
        case .text(let text, let kind): return count(text, kind: kind)
        case .json(let value):
            if let text = value.stringValue { return count(text, kind: .prose) }
            return count(json: value)
        case .file: return 0
        }
    }

    /// o200k/cl100k bytes per token measured on the research corpus (tokens.md §1.4 and §4).
    public func bytesPerToken(_ kind: ContentKind) -> Double {
        switch (encoding.name, kind) {
        case (.cl100kBase, .json): 3.9
        case (.cl100kBase, .code): 3.5
        case (.cl100kBase, .prose): 4.3
        case (_, .json): 3.95
        case (_, .code): 3.74
        case (_, .prose): 4.24
        }
    }

    private func scale(_ tokens: Int, _ kind: ContentKind) -> Int {
        guard let ratio = ratios[kind] else { return tokens }
        return Int((Double(tokens) * ratio).rounded())
    }

    // MARK: Definitions and framing

    /// Tokens the tools add to every request, by the provider's published accounting (from the
    /// Tokenizer module), with its basis.
    public func definitions(_ tools: [ToolSpec], vocabularyDirectory: String? = nil) throws(TokenizerError)
        -> TokenCount
    {
        switch provider {
        case .openai:
            return try OpenAIToolAccounting.cookbookToolTokens(
                tools, model: model, vocabularyDirectory: vocabularyDirectory)
        case .harmony:
            return try OpenAIToolAccounting.harmonyToolTokens(
                tools, model: model, vocabularyDirectory: vocabularyDirectory)
        case .anthropic:
            let claude = model.hasPrefix("claude") ? model : "claude-sonnet-4-5"
            if let count = try AnthropicToolAccounting.estimate(
                tools, model: claude, vocabularyDirectory: vocabularyDirectory)
            {
                return count
            }
            return try AnthropicToolAccounting.estimate(
                tools, model: "claude-sonnet-4-5", vocabularyDirectory: vocabularyDirectory)!
        case .gemini:
            return try GeminiToolAccounting.estimate(tools, model: model, vocabularyDirectory: vocabularyDirectory)
        }
    }

    /// Framing of one call (without its arguments) and of its result (without the payload).
    public func framing(tool name: String) -> (call: Int, result: Int) {
        switch provider {
        case .openai, .harmony:
            // The harmony frames, exact for gpt-oss; OpenAI's chat rendering is not published.
            let harmony = harmony ?? encoding
            let call =
                "<|start|>assistant to=functions.\(name)<|channel|>commentary <|constrain|>json<|message|><|call|>"
            let result = "<|start|>functions.\(name) to=assistant<|channel|>commentary<|message|><|end|>"
            return (
                harmony.encode(call, allowedSpecial: .all).count, harmony.encode(result, allowedSpecial: .all).count
            )
        case .anthropic:
            let quoted = JSONValue.quoted(name)
            let call = #"{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"# + quoted + #","input":}"#
            let result = #"{"type":"tool_result","tool_use_id":"toolu_01A09q90qw90lq917835lq9","content":""}"#
            return (count(call, kind: .json), count(result, kind: .json))
        case .gemini:
            let quoted = JSONValue.quoted(name)
            return (
                count(#"{"functionCall":{"name":"# + quoted + #","args":}}"#, kind: .json),
                count(#"{"functionResponse":{"name":"# + quoted + #","response":}}"#, kind: .json)
            )
        }
    }

    /// Framing of one chat message (the cookbook's 3 per message) and of reply priming.
    public var messageFraming: Int { 3 }
    public var replyPriming: Int { 3 }

    /// How framing is estimated, for the assumptions.
    public var framingBasis: String {
        switch provider {
        case .harmony: "per-call framing: the harmony call/result frames counted exactly (gpt-oss)"
        case .openai:
            "per-call framing: the harmony call/result frames (OpenAI's chat-completions rendering is not published)"
        case .anthropic:
            "per-call framing: the tool_use / tool_result block JSON around arguments and payload (Anthropic's rendering is not published)"
        case .gemini: "per-call framing: the functionCall / functionResponse JSON (Gemini's rendering is not published)"
        }
    }
}
