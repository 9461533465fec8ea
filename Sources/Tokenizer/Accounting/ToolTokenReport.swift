import JSON

/// A provider and model to account tool tokens for.
public enum TokenProvider: Sendable, Equatable {
    /// OpenAI chat models by the cookbook formula (gpt-4o, gpt-4.1, gpt-5, o-series, gpt-4, …).
    case openAI(model: String)
    /// gpt-oss by the harmony rendering (exact).
    case harmony(model: String)
    case anthropic(model: String, toolChoice: ToolChoice)
    case gemini(model: String)
}

/// Tokens of a tool set per provider: one total per provider (with per-request overheads) and,
/// per tool, its own share (without them). Built for hovers, code lenses and budget rules.
public struct ToolTokenReport: Sendable {
    public struct Tool: Sendable {
        public var name: String
        /// One count per provider, in the order given (overheads paid once per request excluded).
        public var counts: [TokenCount]
        /// This tool's fraction of the sum of per-tool counts for the first provider (0...1).
        public var share: Double
    }

    public var providers: [TokenProvider]
    /// One total per provider (everything the tool set adds to a request).
    public var totals: [TokenCount]
    public var tools: [Tool]

    /// Counts `tools` for each provider. Providers a model is unknown for (e.g. a non-Claude
    /// model under `.anthropic`) are skipped, so `totals` may be shorter than `providers`.
    public init(tools specs: [ToolSpec], providers: [TokenProvider], vocabularyDirectory: String? = nil)
        throws(TokenizerError)
    {
        var kept: [TokenProvider] = []
        var totals: [TokenCount] = []
        var perTool: [[TokenCount]] = Array(repeating: [], count: specs.count)
        for provider in providers {
            guard let total = try Self.count(specs, provider, vocabularyDirectory) else { continue }
            kept.append(provider)
            totals.append(total)
            for (index, spec) in specs.enumerated() {
                guard var single = try Self.count([spec], provider, vocabularyDirectory) else { continue }
                single.tokens -= try Self.perRequestTokens(provider, single, vocabularyDirectory)
                perTool[index].append(single)
            }
        }
        let firstSum = perTool.reduce(0) { $0 + ($1.first?.tokens ?? 0) }
        self.providers = kept
        self.totals = totals
        self.tools = zip(specs, perTool).map { spec, counts in
            Tool(
                name: spec.name, counts: counts,
                share: firstSum > 0 ? Double(counts.first?.tokens ?? 0) / Double(firstSum) : 0)
        }
    }

    private static func count(_ specs: [ToolSpec], _ provider: TokenProvider, _ directory: String?)
        throws(TokenizerError) -> TokenCount?
    {
        switch provider {
        case .openAI(let model):
            return try OpenAIToolAccounting.cookbookToolTokens(specs, model: model, vocabularyDirectory: directory)
        case .harmony(let model):
            return try OpenAIToolAccounting.harmonyToolTokens(specs, model: model, vocabularyDirectory: directory)
        case .anthropic(let model, let choice):
            return try AnthropicToolAccounting.estimate(
                specs, model: model, toolChoice: choice, vocabularyDirectory: directory)
        case .gemini(let model):
            return try GeminiToolAccounting.estimate(specs, model: model, vocabularyDirectory: directory)
        }
    }

    /// The part of a one-tool count that every request pays once, whatever its tools.
    private static func perRequestTokens(_ provider: TokenProvider, _ single: TokenCount, _ directory: String?)
        throws(TokenizerError) -> Int
    {
        switch provider {
        case .openAI(let model):
            return OpenAIToolAccounting.cookbookConstants(model: model, encoding: single.encoding ?? .o200kBase)
                .functionEnd
        case .harmony:
            // The section header and footer around the tools.
            let encoding = try Encoding.named(.o200kHarmony, vocabularyDirectory: directory)
            return encoding.count(HarmonyToolRendering.sectionHeader)
                + encoding.count(HarmonyToolRendering.sectionFooter)
        case .anthropic(let model, let choice):
            guard let overhead = try AnthropicToolAccounting.overhead(model: model) else { return 0 }
            return choice == .any || choice == .tool ? overhead.any : overhead.auto
        case .gemini:
            return 0
        }
    }
}
