import JSON
import Tokenizer
import ToolModel

/// Options of an estimate beyond what the workflow says.
public struct CostOptions: Sendable {
    /// Prices replacing the table's (and the workflow's).
    public var price: ModelPrice?
    public var vocabularyDirectory: String?
    /// Always include the progressive-disclosure variant, whatever the workflow says.
    public var progressiveDisclosure: Bool

    public init(price: ModelPrice? = nil, vocabularyDirectory: String? = nil, progressiveDisclosure: Bool = false) {
        self.price = price
        self.vocabularyDirectory = vocabularyDirectory
        self.progressiveDisclosure = progressiveDisclosure
    }
}

/// The token model of `shared/research/tokens.md` §2 ("Proposed token model") for both modes.
public enum CostModel {
    /// Estimates a loaded workflow.
    public static func estimate(_ loaded: LoadedWorkflow, options: CostOptions = CostOptions()) throws(TokenizerError)
        -> CostReport
    {
        var report = try estimate(workflow: loaded.workflow, toolSets: loaded.toolSets, options: options)
        report.findings = loaded.findings
        return report
    }

    public static func estimate(workflow: Workflow, toolSets: [ToolSet], options: CostOptions = CostOptions())
        throws(TokenizerError) -> CostReport
    {
        let counter = try ProviderCounter(
            provider: workflow.provider, model: workflow.model, vocabularyDirectory: options.vocabularyDirectory)
        let tools = TypeScriptAPIGenerator.uniqueTools(toolSets.flatMap(\.tools))
        let specs = tools.map(spec(of:))
        var assumptions: [String] = [counter.basis, counter.framingBasis]

        let system =
            counter.count(workflow.system) + counter.count(workflow.task) + 2 * counter.messageFraming
            + counter.replyPriming
        let definitionCount = try counter.definitions(specs, vocabularyDirectory: options.vocabularyDirectory)
        let definitions = workflow.definitionsOverride ?? definitionCount.tokens
        let definitionsBasis =
            workflow.definitionsOverride != nil
            ? "given in the workflow (`definitions`)"
            : "\(definitionCount.exactness.rawValue): \(definitionCount.basis)"
        assumptions.append("tool-call mode definitions: \(definitions) tokens per request, \(definitionsBasis)")
        assumptions.append(
            "system prompt and task: \(system) tokens per request including the cookbook's 3 per message and 3 reply-priming tokens"
        )

        var price = options.price ?? PriceTable.price(model: workflow.model)
        price = price.map { $0.applying(workflow.priceOverride) }
        if price == nil, let override = workflow.priceOverride, let input = override.input, let output = override.output
        {
            price = ModelPrice(
                model: workflow.model, input: input, cachedInput: override.cachedInput ?? input, output: output,
                cacheWrite: override.cacheWrite, source: "given in the workflow")
        }
        if let price {
            assumptions.append(
                "prices (USD per million tokens): input \(price.input), cached input \(price.cachedInput), "
                    + "cache write \(price.cacheWrite), output \(price.output); \(price.status), \(price.asOf): \(price.source)"
            )
        } else {
            assumptions.append(
                "no price known for \(workflow.model): money is not estimated (add `prices` to the workflow)")
        }

        var toolCalls = ToolCallSimulator(
            counter: counter, workflow: workflow, system: system, definitions: definitions
        )
        .run()
        assumptions += ToolCallSimulator.assumptions(workflow)

        let declarations = TypeScriptAPIGenerator.declarations(for: tools)
        let program = CodeModeProgramGenerator.program(for: workflow, tools: tools)
        let code = CodeModeSimulator(
            counter: counter, workflow: workflow, tools: tools, system: system, declarations: declarations,
            program: program, vocabularyDirectory: options.vocabularyDirectory)
        var codeMode = try code.run()
        var progressive =
            workflow.codeMode.progressiveDisclosure || options.progressiveDisclosure ? try code.runProgressive() : nil
        assumptions += code.assumptions

        Pricing.apply(workflow.caching, price: price, to: &toolCalls)
        Pricing.apply(workflow.caching, price: price, to: &codeMode)
        if progressive != nil { Pricing.apply(workflow.caching, price: price, to: &progressive!) }
        if workflow.caching.enabled {
            assumptions.append(
                "prompt caching on (\(workflow.caching.scope.rawValue)): "
                    + (workflow.caching.scope == .prefix
                        ? "after the first turn the system prompt and definitions are read from cache"
                        : "each turn reads the previous turn's whole input from cache")
                    + "; prompts under \(workflow.caching.minimumTokens) tokens are not cached; uncached input is written to the cache"
            )
        } else {
            assumptions.append("prompt caching off: every turn pays full input price for the repeated prefix")
        }

        return CostReport(
            title: workflow.name ?? "Workflow", model: workflow.model, provider: workflow.provider,
            toolCalls: toolCalls, codeMode: codeMode, progressive: progressive, price: price,
            definitionsBasis: definitionsBasis, assumptions: assumptions, declarations: declarations, program: program,
            findings: [])
    }

    static func spec(of tool: ToolDefinition) -> ToolSpec {
        ToolSpec(
            name: tool.name?.value ?? "", description: tool.description?.value, parameters: tool.inputSchema?.value)
    }
}

/// Cache reads/writes and dollars per turn.
enum Pricing {
    static func apply(_ caching: Caching, price: ModelPrice?, to mode: inout ModeCost) {
        var previousInput = 0
        for index in mode.turns.indices {
            var turn = mode.turns[index]
            if caching.enabled && turn.input >= caching.minimumTokens {
                let prefix = turn.system + turn.definitions
                switch caching.scope {
                case .prefix:
                    turn.cachedInput = index == 0 ? 0 : prefix
                    turn.cacheWrite = index == 0 ? prefix : 0
                case .incremental:
                    turn.cachedInput = previousInput >= caching.minimumTokens ? min(previousInput, turn.input) : 0
                    turn.cacheWrite = turn.input - turn.cachedInput
                }
            }
            previousInput = turn.input
            if let price {
                let plainInput = turn.input - turn.cachedInput - turn.cacheWrite
                turn.dollars =
                    (Double(plainInput) * price.input + Double(turn.cachedInput) * price.cachedInput
                        + Double(turn.cacheWrite) * price.cacheWrite + Double(turn.output) * price.output) / 1_000_000
            }
            mode.turns[index] = turn
        }
    }
}
