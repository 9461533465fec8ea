import JSON
import Tokenizer

/// Tool-call mode: every turn re-reads system + definitions + the growing history; arguments
/// (including forwarded results written out again) are output tokens; one call per turn unless
/// the workflow makes calls in parallel.
struct ToolCallSimulator {
    let counter: ProviderCounter
    let workflow: Workflow
    let system: Int
    let definitions: Int

    /// One call made in a turn.
    private struct Made {
        var call: Call
        var arguments: Int
        var result: Int
    }

    func run() -> ModeCost {
        var turns: [TurnCost] = []
        var historyCalls = 0
        var historyResults = 0
        var resultsById: [String: Int] = [:]
        var payloadsById: [String: JSONValue] = [:]
        var previous: (tokens: Int, payload: JSONValue?)?

        for step in workflow.steps {
            let groups: [[Call]]
            switch step.kind {
            case .code: continue
            case .call(let call):
                groups = call.parallel ? [[call]] : Array(repeating: [call], count: call.repeatCount)
            case .parallel(let calls): groups = [calls]
            }
            let previousBeforeStep = previous
            var lastInStep: (tokens: Int, payload: JSONValue?)?
            for (groupIndex, group) in groups.enumerated() {
                var output = 0
                var results = 0
                for call in group {
                    let copies = call.parallel || groups.count == 1 ? call.repeatCount : 1
                    if groupIndex == 0 || !call.parallel, let text = call.text { output += counter.count(text) }
                    let forwarded = forwardedTokens(
                        call, previous: previousBeforeStep, resultsById: resultsById, payloadsById: payloadsById)
                    let arguments = counter.count(json: Forwarding.stripped(call.arguments)) + forwarded
                    let framing = counter.framing(tool: call.tool.value)
                    let result = counter.count(call.result)
                    output += copies * (arguments + framing.call)
                    results += copies * (result + framing.result)
                    let payload: JSONValue? = if case .json(let value) = call.result { value } else { nil }
                    if let id = call.id {
                        resultsById[id] = copies * result
                        payloadsById[id] = payload
                    }
                    lastInStep = (copies * result, copies == 1 ? payload : nil)
                }
                turns.append(
                    TurnCost(
                        label: label(group), system: system, definitions: definitions, historyCalls: historyCalls,
                        historyResults: historyResults, output: output))
                historyCalls += output
                historyResults += results
            }
            if let lastInStep { previous = lastInStep }
        }
        turns.append(
            TurnCost(
                label: "final answer", system: system, definitions: definitions, historyCalls: historyCalls,
                historyResults: historyResults, output: counter.count(workflow.finalAnswer)))
        return ModeCost(kind: .toolCalls, turns: turns)
    }

    private func label(_ group: [Call]) -> String {
        group.map { call in
            call.repeatCount > 1 && call.parallel ? "\(call.tool.value) ×\(call.repeatCount)" : call.tool.value
        }
        .joined(separator: " + ")
    }

    /// Tokens of the results this call's arguments write out again.
    private func forwardedTokens(
        _ call: Call, previous: (tokens: Int, payload: JSONValue?)?, resultsById: [String: Int],
        payloadsById: [String: JSONValue]
    ) -> Int {
        var total = 0
        for (_, reference) in Forwarding.references(in: call.arguments, at: .root) {
            let source: (tokens: Int, payload: JSONValue?)?
            switch reference.source {
            case .previous: source = previous
            case .step(let id): source = resultsById[id].map { ($0, payloadsById[id]) }
            }
            guard let source else { continue }
            if !reference.path.isEmpty, let payload = source.payload,
                let part = payload.resolve(JSONPointer(tokens: reference.path))
            {
                total += counter.count(json: part)
            } else {
                total += source.tokens
            }
        }
        return total
    }

    static func assumptions(_ workflow: Workflow) -> [String] {
        var notes = [
            "tool-call mode: one model request per turn; each reads system + definitions + every earlier call and result",
            "forwarded results (`$previous`, `$steps.ID`) are written out again as argument (output) tokens and re-read as input",
        ]
        if workflow.calls.contains(where: { $0.repeatCount > 1 && !$0.parallel }) {
            notes.append("repeated calls without `parallel` take one turn each")
        }
        if workflow.calls.contains(where: { $0.parallel })
            || workflow.steps.contains(where: {
                if case .parallel = $0.kind { true } else { false }
            })
        {
            notes.append("parallel calls share one turn: fewer turns, same payload tokens")
        }
        return notes
    }
}
