import JSON
import Tokenizer
import ToolModel

/// A workflow file (`*.workflow.yaml|json`): the tools, the model, the prompt and the calls an
/// agent makes, from which both modes' token costs are estimated.
public struct Workflow: Sendable {
    public var name: String?
    /// Tool files, as written (relative to the workflow file).
    public var toolFiles: [Located<String>]
    public var model: String
    /// `openai`, `harmony`, `anthropic` or `gemini`; inferred from the model when absent.
    public var provider: CostProvider
    public var system: Amount
    public var task: Amount
    public var steps: [Step]
    public var finalAnswer: Amount
    /// Replaces the computed definition tokens of tool-call mode (e.g. a published total).
    public var definitionsOverride: Int?
    public var caching: Caching
    public var codeMode: CodeModeOptions
    public var priceOverride: PriceOverride?

    public init(
        name: String? = nil, toolFiles: [Located<String>] = [], model: String, provider: CostProvider,
        system: Amount = .tokens(0), task: Amount = .tokens(0), steps: [Step] = [], finalAnswer: Amount = .tokens(0),
        definitionsOverride: Int? = nil, caching: Caching = Caching(), codeMode: CodeModeOptions = CodeModeOptions(),
        priceOverride: PriceOverride? = nil
    ) {
        self.name = name
        self.toolFiles = toolFiles
        self.model = model
        self.provider = provider
        self.system = system
        self.task = task
        self.steps = steps
        self.finalAnswer = finalAnswer
        self.definitionsOverride = definitionsOverride
        self.caching = caching
        self.codeMode = codeMode
        self.priceOverride = priceOverride
    }

    /// Every call, in order, with group (turn) membership.
    public var calls: [Call] { steps.flatMap(\.calls) }
}

/// The providers whose tool rendering and framing the model knows.
public enum CostProvider: String, Sendable, CaseIterable {
    case openai, harmony, anthropic, gemini

    /// The provider a model name implies (OpenAI when unsure).
    public static func infer(model: String) -> CostProvider {
        if model.hasPrefix("claude") { return .anthropic }
        if model.hasPrefix("gemini") { return .gemini }
        if model.hasPrefix("gpt-oss") { return .harmony }
        return .openai
    }
}

/// Some text whose size is given one way or another.
public enum Amount: Sendable, Equatable {
    case tokens(Int)
    /// A size in UTF-8 bytes, converted with the content kind's bytes per token.
    case bytes(Int, ContentKind)
    case text(String, ContentKind)
    case json(JSONValue)
    /// A payload file not loaded yet (relative to the workflow file).
    case file(String)
}

/// One entry of `steps`: a turn of tool calls, model text, or code-mode-only logic.
public struct Step: Sendable {
    public enum Kind: Sendable {
        /// One call, or `repeat` copies of it (in one turn when `parallel`).
        case call(Call)
        /// Several different calls made in one turn.
        case parallel([Call])
        /// Lines the code-mode program runs between calls (no tool-call-mode cost).
        case code(String)
    }

    public var kind: Kind
    public var pointer: JSONPointer

    public init(kind: Kind, pointer: JSONPointer) {
        self.kind = kind
        self.pointer = pointer
    }

    public var calls: [Call] {
        switch kind {
        case .call(let call): [call]
        case .parallel(let calls): calls
        case .code: []
        }
    }
}

/// A tool call with example arguments and its result's size.
public struct Call: Sendable {
    public var id: String?
    public var tool: Located<String>
    public var arguments: JSONValue
    public var result: Amount
    /// Model text written before the call (reasoning, a remark to the user).
    public var text: Amount?
    /// How many times the call is made (e.g. once per team member).
    public var repeatCount: Int
    /// Whether the repeats are made in one turn (parallel `tool_use` blocks).
    public var parallel: Bool
    /// Whether the code-mode program prints this call's result.
    public var print: Bool
    public var pointer: JSONPointer

    public init(
        id: String? = nil, tool: Located<String>, arguments: JSONValue = .object([]), result: Amount = .tokens(0),
        text: Amount? = nil, repeatCount: Int = 1, parallel: Bool = false, print: Bool = false,
        pointer: JSONPointer = .root
    ) {
        self.id = id
        self.tool = tool
        self.arguments = arguments
        self.result = result
        self.text = text
        self.repeatCount = repeatCount
        self.parallel = parallel
        self.print = print
        self.pointer = pointer
    }
}

/// Prompt caching as the provider applies it.
public struct Caching: Sendable, Equatable {
    public enum Scope: String, Sendable {
        /// Only the system prompt and definitions are read from cache after the first turn.
        case prefix
        /// Each turn reads everything the previous turn sent (automatic / moving breakpoint).
        case incremental
    }

    public var enabled: Bool
    public var scope: Scope
    /// Prompts shorter than this are not cached (1,024 on Anthropic and OpenAI).
    public var minimumTokens: Int

    public init(enabled: Bool = false, scope: Scope = .incremental, minimumTokens: Int = 1024) {
        self.enabled = enabled
        self.scope = scope
        self.minimumTokens = minimumTokens
    }
}

/// How the code-mode side is modelled.
public struct CodeModeOptions: Sendable {
    /// What the program prints (the only result the model reads); defaults to the printed calls'
    /// results, or the last call's.
    public var printed: Amount?
    /// The expression the generated program prints (TypeScript), if not the default.
    public var printExpression: String?
    /// A hand-written program replacing the generated one.
    public var program: String?
    /// Also estimate the progressive-disclosure variant (list names, read only used declarations).
    public var progressiveDisclosure: Bool
    /// How the progressive variant finds its tools.
    public var discovery: Discovery
    /// Failed attempts before the program works; each adds a turn (program again + error).
    public var retries: Int
    /// Size of the error a failed attempt returns.
    public var errorTokens: Int

    public init(
        printed: Amount? = nil, printExpression: String? = nil, program: String? = nil,
        progressiveDisclosure: Bool = false, discovery: Discovery = .list, retries: Int = 0, errorTokens: Int = 150
    ) {
        self.discovery = discovery
        self.printed = printed
        self.printExpression = printExpression
        self.program = program
        self.progressiveDisclosure = progressiveDisclosure
        self.retries = retries
        self.errorTokens = errorTokens
    }
}

/// How the progressive-disclosure variant discovers the tools it uses.
public enum Discovery: String, Sendable {
    /// List every tool name, then read the declarations of the tools used (Anthropic's
    /// filesystem of `./servers/<server>/<tool>.ts`).
    case list
    /// One search returning only the matching declarations (Cloudflare's `search()`, tool search).
    case search
}

/// Prices given in the workflow, replacing (field by field) the table's, in USD per million tokens.
public struct PriceOverride: Sendable, Equatable {
    public var input: Double?
    public var cachedInput: Double?
    public var output: Double?
    public var cacheWrite: Double?

    public init(input: Double? = nil, cachedInput: Double? = nil, output: Double? = nil, cacheWrite: Double? = nil) {
        self.input = input
        self.cachedInput = cachedInput
        self.output = output
        self.cacheWrite = cacheWrite
    }
}
