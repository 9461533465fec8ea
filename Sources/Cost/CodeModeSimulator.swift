import JSON
import Tokenizer
import ToolModel

/// Code mode: the model reads the TypeScript API and one execute tool, writes one program, and
/// reads back only what the program prints; intermediate results never enter its context.
struct CodeModeSimulator {
    let counter: ProviderCounter
    let workflow: Workflow
    let tools: [ToolDefinition]
    let system: Int
    let declarations: String
    let program: String
    let vocabularyDirectory: String?

    static let executeTool = ToolSpec(
        name: "execute_code",
        description:
            "Run TypeScript in a sandbox. The `tools` API declared in the system prompt is available; only what the code prints with console.log is returned.",
        parameters: [
            "type": "object",
            "properties": ["code": ["type": "string", "description": "TypeScript source to run"]],
            "required": ["code"],
        ])
    static let listTool = ToolSpec(
        name: "list_tools", description: "List the names of the available tools.",
        parameters: ["type": "object", "properties": [:]])
    static let searchTool = ToolSpec(
        name: "search_tools", description: "Search the API; returns the TypeScript declarations of the matching tools.",
        parameters: [
            "type": "object",
            "properties": ["query": ["type": "string", "description": "What the tools should do"]],
            "required": ["query"],
        ])
    static let readTool = ToolSpec(
        name: "read_declarations", description: "Return the TypeScript declarations of the named tools.",
        parameters: [
            "type": "object",
            "properties": ["names": ["type": "array", "items": ["type": "string"]]],
            "required": ["names"],
        ])

    var assumptions: [String] {
        var notes = [
            "code mode: the TypeScript declarations sit in the system prompt (counted as code), plus one execute_code tool; "
                + "turn 1 writes the program, turn 2 reads only its printed output and answers",
            "code mode printed output: \(printed) tokens"
                + (workflow.codeMode.printed == nil
                    ? " (the printed calls' results, or the last call's, as no `codeMode.printed` is given)" : ""),
        ]
        if workflow.codeMode.retries > 0 {
            notes.append(
                "code mode retries: \(workflow.codeMode.retries) failed attempt(s), each re-sending the program and reading a \(workflow.codeMode.errorTokens)-token error"
            )
        }
        if workflow.codeMode.progressiveDisclosure {
            notes.append(
                workflow.codeMode.discovery == .search
                    ? "progressive disclosure (search): search_tools + execute_code are the only definitions; "
                        + "one search returns the declarations of the tools used"
                    : "progressive disclosure (list): list_tools + read_declarations + execute_code are the only definitions; "
                        + "one turn lists every tool name, one reads the declarations of the tools used")
        }
        return notes
    }

    var printed: Int {
        if let amount = workflow.codeMode.printed { return counter.count(amount) }
        let flagged = workflow.calls.filter(\.print)
        if !flagged.isEmpty { return flagged.reduce(0) { $0 + $1.repeatCount * counter.count($1.result) } }
        guard let last = workflow.calls.last else { return 0 }
        return last.repeatCount * counter.count(last.result)
    }

    func run() throws(TokenizerError) -> ModeCost {
        let api = counter.count(declarations, kind: .code)
        let execute = try counter.definitions([Self.executeTool], vocabularyDirectory: vocabularyDirectory).tokens
        return ModeCost(
            kind: .codeMode, turns: programTurns(definitions: api + execute, historyCalls: 0, historyResults: 0))
    }

    func runProgressive() throws(TokenizerError) -> ModeCost {
        let search = workflow.codeMode.discovery == .search
        let meta = search ? [Self.searchTool, Self.executeTool] : [Self.listTool, Self.readTool, Self.executeTool]
        let definitions = try counter.definitions(meta, vocabularyDirectory: vocabularyDirectory).tokens
        var turns: [TurnCost] = []
        var historyCalls = 0
        var historyResults = 0
        let used = Set(workflow.calls.map(\.tool.value))
        let declarations = counter.count(TypeScriptAPIGenerator.declarations(for: tools, only: used), kind: .code)
        func discover(_ tool: ToolSpec, arguments: JSONValue, result: Int) {
            let framing = counter.framing(tool: tool.name)
            let output = counter.count(json: arguments) + framing.call
            turns.append(
                TurnCost(
                    label: tool.name, system: system, definitions: definitions, historyCalls: historyCalls,
                    historyResults: historyResults, output: output))
            historyCalls += output
            historyResults += result + framing.result
        }
        if search {
            let query = JSONValue.string(used.sorted().joined(separator: " "))
            discover(Self.searchTool, arguments: ["query": query], result: declarations)
        } else {
            let names = JSONValue.array(tools.compactMap { $0.name.map { .string($0.value) } })
            discover(Self.listTool, arguments: [:], result: counter.count(json: names))
            let usedNames = JSONValue.array(
                tools.compactMap(\.name?.value).filter { used.contains($0) }.map { .string($0) })
            discover(Self.readTool, arguments: ["names": usedNames], result: declarations)
        }
        turns += programTurns(definitions: definitions, historyCalls: historyCalls, historyResults: historyResults)
        return ModeCost(kind: .codeModeProgressive, turns: turns)
    }

    /// The program turn(s) (with failed attempts first) and the final answer.
    private func programTurns(definitions: Int, historyCalls: Int, historyResults: Int) -> [TurnCost] {
        var historyCalls = historyCalls
        var historyResults = historyResults
        let framing = counter.framing(tool: Self.executeTool.name)
        let code = counter.count(JSONValue.quoted(program), kind: .code) + framing.call
        var turns: [TurnCost] = []
        for attempt in 0..<workflow.codeMode.retries {
            turns.append(
                TurnCost(
                    label: "program (attempt \(attempt + 1), fails)", system: system, definitions: definitions,
                    historyCalls: historyCalls, historyResults: historyResults, output: code))
            historyCalls += code
            historyResults += workflow.codeMode.errorTokens + framing.result
        }
        turns.append(
            TurnCost(
                label: "program", system: system, definitions: definitions, historyCalls: historyCalls,
                historyResults: historyResults, output: code))
        historyCalls += code
        historyResults += printed + framing.result
        turns.append(
            TurnCost(
                label: "final answer", system: system, definitions: definitions, historyCalls: historyCalls,
                historyResults: historyResults, output: counter.count(workflow.finalAnswer)))
        return turns
    }
}
