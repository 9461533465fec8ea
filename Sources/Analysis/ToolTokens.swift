import JSON
import Rules
import Tokenizer
import ToolModel

/// Token counts of a document's tools as each enabled provider bills them: the bridge between
/// the tool model and the tokenizer's provider accounting, shared by `check --tokens`,
/// `toolwright tokens` and the language server's hover and code lenses.
public enum ToolTokens {
    /// The model each target is accounted for when the user names none. OpenAI and MCP counts
    /// are exact (o200k + the cookbook formula); Anthropic and Gemini counts are labelled
    /// estimates by the tokenizer module.
    public static func providers(for targets: Set<Target>) -> [TokenProvider] {
        var providers: [TokenProvider] = []
        let openAI: Set<Target> = [.openai, .openaiStrict, .mcp, .portable]
        if !targets.isDisjoint(with: openAI) || targets.isEmpty { providers.append(.openAI(model: "gpt-4o")) }
        if !targets.isDisjoint(with: [.anthropic, .claudeCode]) {
            providers.append(.anthropic(model: "claude-sonnet-4-5", toolChoice: .auto))
        }
        if targets.contains(.gemini) { providers.append(.gemini(model: "gemini-2.5-pro")) }
        return providers
    }

    /// The tool as the accounting formulas see it: name, description, parameter schema.
    public static func spec(_ tool: ToolDefinition) -> ToolSpec {
        ToolSpec(
            name: tool.name?.value ?? "", description: tool.description?.value, parameters: tool.inputSchema?.value)
    }

    public static func report(
        for set: ToolSet, providers: [TokenProvider], vocabularyDirectory: String? = nil
    ) throws(TokenizerError) -> ToolTokenReport {
        try ToolTokenReport(tools: set.tools.map(spec), providers: providers, vocabularyDirectory: vocabularyDirectory)
    }

    /// `1,234 tokens (gpt-4o, exact)`.
    public static func describe(_ count: TokenCount) -> String {
        "\(grouped(count.tokens)) tokens (\(count.model), \(count.exactness.rawValue))"
    }

    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// A JSON form of a report, for `--format json` and the LSP.
    public static func json(_ report: ToolTokenReport) -> JSONValue {
        .object([
            JSONMember("totals", .array(report.totals.map(json))),
            JSONMember(
                "tools",
                .array(
                    report.tools.map { tool in
                        .object([
                            JSONMember("name", .string(tool.name)),
                            JSONMember("share", .double(tool.share)),
                            JSONMember("counts", .array(tool.counts.map(json))),
                        ])
                    })),
        ])
    }

    public static func json(_ count: TokenCount) -> JSONValue {
        var members = [
            JSONMember("tokens", .integer(Int64(count.tokens))),
            JSONMember("exactness", .string(count.exactness.rawValue)),
            JSONMember("provider", .string(count.provider)),
            JSONMember("model", .string(count.model)),
        ]
        if let encoding = count.encoding { members.append(JSONMember("encoding", .string(encoding.rawValue))) }
        members.append(JSONMember("basis", .string(count.basis)))
        return .object(members)
    }
}
