import ToolModel

/// One model request (turn): what it reads and writes, by category.
public struct TurnCost: Sendable, Equatable {
    public var label: String
    /// System prompt, task and message framing.
    public var system: Int
    /// Tool definitions (tool-call mode) or the TypeScript API plus the execute tool (code mode).
    public var definitions: Int
    /// Earlier calls re-read: arguments, model text, call framing.
    public var historyCalls: Int
    /// Earlier results re-read, with result framing.
    public var historyResults: Int
    /// Of the input, the part read from the prompt cache.
    public var cachedInput: Int
    /// Of the input, the part written to the prompt cache (billed at the cache-write price).
    public var cacheWrite: Int
    /// Tokens the model writes: call arguments (or the program), text, the final answer.
    public var output: Int
    public var dollars: Double

    public init(
        label: String, system: Int = 0, definitions: Int = 0, historyCalls: Int = 0, historyResults: Int = 0,
        cachedInput: Int = 0, cacheWrite: Int = 0, output: Int = 0, dollars: Double = 0
    ) {
        self.label = label
        self.system = system
        self.definitions = definitions
        self.historyCalls = historyCalls
        self.historyResults = historyResults
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.output = output
        self.dollars = dollars
    }

    public var input: Int { system + definitions + historyCalls + historyResults }
    public var total: Int { input + output }
}

/// One way of running the workflow: its turns and totals.
public struct ModeCost: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case toolCalls = "tool-calls"
        case codeMode = "code-mode"
        case codeModeProgressive = "code-mode-progressive"

        public var title: String {
            switch self {
            case .toolCalls: "Tool calls"
            case .codeMode: "Code mode"
            case .codeModeProgressive: "Code mode, progressive disclosure"
            }
        }
    }

    public var kind: Kind
    public var turns: [TurnCost]

    public init(kind: Kind, turns: [TurnCost]) {
        self.kind = kind
        self.turns = turns
    }

    public var input: Int { turns.reduce(0) { $0 + $1.input } }
    public var cachedInput: Int { turns.reduce(0) { $0 + $1.cachedInput } }
    public var cacheWrite: Int { turns.reduce(0) { $0 + $1.cacheWrite } }
    public var output: Int { turns.reduce(0) { $0 + $1.output } }
    public var total: Int { input + output }
    public var dollars: Double { turns.reduce(0) { $0 + $1.dollars } }
    /// Running total of tokens after each turn.
    public var cumulative: [Int] {
        var sum = 0
        return turns.map { turn in
            sum += turn.total
            return sum
        }
    }
}

/// The estimate for one workflow: both modes, what they assume, and the generated code.
public struct CostReport: Sendable {
    public var title: String
    public var model: String
    public var provider: CostProvider
    public var toolCalls: ModeCost
    public var codeMode: ModeCost
    public var progressive: ModeCost?
    public var price: ModelPrice?
    /// Tool-definition tokens per request in tool-call mode, with how they were obtained.
    public var definitionsBasis: String
    public var assumptions: [String]
    public var declarations: String
    public var program: String
    public var findings: [Finding]

    public var modes: [ModeCost] { [toolCalls, codeMode] + (progressive.map { [$0] } ?? []) }

    /// The best code-mode variant (fewest tokens).
    public var bestCodeMode: ModeCost {
        guard let progressive, progressive.total < codeMode.total else { return codeMode }
        return progressive
    }

    /// Tokens saved by the best code-mode variant, and as a fraction of tool-call mode.
    public var savedTokens: Int { toolCalls.total - bestCodeMode.total }
    public var savedFraction: Double { toolCalls.total > 0 ? Double(savedTokens) / Double(toolCalls.total) : 0 }

    /// "Preview cost: tool calls 43.6k vs code mode 27.3k tokens" (code lens title).
    public var summaryLine: String {
        "Preview cost: tool calls \(CostFormat.short(toolCalls.total)) vs code mode \(CostFormat.short(bestCodeMode.total)) tokens"
    }
}
