import JSON
import Testing
import Tokenizer
import ToolModel

@testable import Cost

/// The arithmetic of tokens.md §2 "Proposed token model", checked against its closed forms.
@Suite struct TokenModelTests {
    static let tools = Fixtures.toolSet([
        [
            "name": "fetch", "description": "Fetch a record.",
            "inputSchema": ["type": "object", "properties": ["id": ["type": "string"]]],
        ],
        [
            "name": "save", "description": "Save a record.",
            "inputSchema": ["type": "object", "properties": ["body": ["type": "string"]]],
        ],
    ])

    private func estimate(_ yaml: String, tools: ToolSet = tools) throws -> CostReport {
        let (workflow, findings) = Fixtures.workflow(yaml)
        #expect(findings.isEmpty, "\(findings.map(\.message))")
        return try CostModel.estimate(workflow: try #require(workflow), toolSets: [tools])
    }

    @Test func toolCallInputFollowsTheClosedForm() throws {
        let report = try estimate(
            """
            model: gpt-4o
            system: {tokens: 500}
            definitions: {tokens: 1000}
            steps:
              - {tool: fetch, result: {tokens: 100}}
              - {tool: fetch, result: {tokens: 2000}}
              - {tool: save, result: {tokens: 30}}
            final: {tokens: 50}
            """)
        let counter = try ProviderCounter(provider: .openai, model: "gpt-4o")
        let s = 500 + 2 * counter.messageFraming + counter.replyPriming
        let d = 1000
        let n = 3
        let calls = [("fetch", 100), ("fetch", 2000), ("save", 30)].map { name, result in
            let framing = counter.framing(tool: name)
            return (a: counter.count(json: [:]) + framing.call, r: result + framing.result)
        }
        // total input = (n+1)(S+D) + Σ_j (n+1−j)(a_j + r_j)
        let expectedInput =
            (n + 1) * (s + d) + calls.enumerated().reduce(0) { $0 + (n - $1.offset) * ($1.element.a + $1.element.r) }
        #expect(report.toolCalls.turns.count == n + 1)
        #expect(report.toolCalls.input == expectedInput)
        #expect(report.toolCalls.output == calls.reduce(0) { $0 + $1.a } + 50)
        #expect(report.toolCalls.cumulative.last == report.toolCalls.total)
    }

    @Test func parallelCallsShareATurnButNotTheirPayloads() throws {
        let sequential = try estimate(
            "model: gpt-4o\nsteps:\n  - {tool: fetch, repeat: 5, result: {tokens: 400}}\n")
        let parallel = try estimate(
            "model: gpt-4o\nsteps:\n  - {tool: fetch, repeat: 5, parallel: true, result: {tokens: 400}}\n")
        #expect(sequential.toolCalls.turns.count == 6)
        #expect(parallel.toolCalls.turns.count == 2)
        // The final turn re-reads the same five results either way.
        #expect(sequential.toolCalls.turns.last?.historyResults == parallel.toolCalls.turns.last?.historyResults)
        #expect(parallel.toolCalls.turns.last!.historyResults >= 5 * 400)
        #expect(parallel.toolCalls.total < sequential.toolCalls.total)
    }

    @Test func forwardedResultsAreWrittenOutAgainOnlyInToolCallMode() throws {
        let report = try estimate(
            """
            model: gpt-4o
            steps:
              - {tool: fetch, result: {tokens: 20000}}
              - {tool: save, arguments: {body: "$previous"}}
            codeMode: {printed: {tokens: 10}}
            """)
        let turns = report.toolCalls.turns
        #expect(turns[1].output >= 20000 && turns[1].output < 20100)  // arguments carry the result again
        #expect(turns[2].historyCalls >= 20000 && turns[2].historyResults >= 20000)
        #expect(report.codeMode.turns.allSatisfy { $0.total < 20000 })
    }

    @Test func intermediateResultsNeverReachCodeMode() throws {
        func run(_ size: Int) throws -> CostReport {
            try estimate(
                """
                model: gpt-4o
                steps:
                  - {tool: fetch, result: {tokens: \(size)}}
                  - {tool: save, result: {tokens: 5}}
                codeMode: {printed: {tokens: 40}}
                """)
        }
        let small = try run(100)
        let large = try run(100_000)
        #expect(small.codeMode == large.codeMode)
        #expect(large.toolCalls.total > small.toolCalls.total + 100_000)
    }

    @Test func bytesConvertWithTheMeasuredBytesPerToken() throws {
        let counter = try ProviderCounter(provider: .openai, model: "gpt-4o")
        #expect(counter.count(.bytes(3950, .json)) == 1000)
        let claude = try ProviderCounter(provider: .anthropic, model: "claude-sonnet-4-5")
        #expect(claude.count(.bytes(3950, .json)) == 1160)  // × the v3 JSON ratio
        let cl100k = try ProviderCounter(provider: .openai, model: "gpt-4")
        #expect(cl100k.count(.bytes(3900, .json)) == 1000)
    }

    @Test func definitionsReuseTheProviderAccounting() throws {
        let specs = Self.tools.tools.map(CostModel.spec(of:))
        for (provider, model) in [
            (CostProvider.openai, "gpt-4o"), (.anthropic, "claude-sonnet-4-5"), (.harmony, "gpt-oss-120b"),
        ] {
            let report = try estimate("model: \(model)\nprovider: \(provider.rawValue)\nsteps: []\n")
            let expected: Int
            switch provider {
            case .openai: expected = try OpenAIToolAccounting.cookbookToolTokens(specs, model: model).tokens
            case .anthropic: expected = try #require(try AnthropicToolAccounting.estimate(specs, model: model)).tokens
            default: expected = try OpenAIToolAccounting.harmonyToolTokens(specs, model: model).tokens
            }
            #expect(report.toolCalls.turns[0].definitions == expected, "\(provider)")
        }
    }

    @Test func harmonyFramingMatchesTheMeasuredCallAndResultOverhead() throws {
        // tokens.md §1.2: for get_weather, call = args + 15, result = payload + 12.
        let counter = try ProviderCounter(provider: .harmony, model: "gpt-oss-120b")
        let framing = counter.framing(tool: "get_weather")
        #expect(framing.call == 15)
        #expect(framing.result == 12)
    }

    @Test func promptCachingReadsTheRepeatedPrefix() throws {
        let base = """
            model: claude-sonnet-4-5
            system: {tokens: 3000}
            steps:
              - {tool: fetch, result: {tokens: 500}}
              - {tool: fetch, result: {tokens: 500}}
            """
        let off = try estimate(base)
        let prefix = try estimate(base + "\ncaching: {scope: prefix}\n")
        let incremental = try estimate(base + "\ncaching: true\n")
        let first = prefix.toolCalls.turns[0]
        #expect(first.cachedInput == 0 && first.cacheWrite == first.system + first.definitions)
        #expect(prefix.toolCalls.turns[1].cachedInput == first.system + first.definitions)
        #expect(incremental.toolCalls.turns[2].cachedInput == incremental.toolCalls.turns[1].input)
        #expect(off.toolCalls.cachedInput == 0)
        #expect(incremental.toolCalls.dollars < off.toolCalls.dollars)
        #expect(prefix.toolCalls.dollars < off.toolCalls.dollars)
        // Same tokens either way: caching changes the price, not the count.
        #expect(incremental.toolCalls.total == off.toolCalls.total)
        let tiny = try estimate("model: claude-sonnet-4-5\nsteps: [{tool: fetch}]\ncaching: true\n")
        #expect(tiny.toolCalls.cachedInput == 0 && tiny.toolCalls.cacheWrite == 0)  // under 1,024 tokens
    }

    @Test func retriesAddTurnsWithTheProgramAndTheError() throws {
        let once = try estimate("model: gpt-4o\nsteps: [{tool: fetch}]\n")
        let twice = try estimate("model: gpt-4o\nsteps: [{tool: fetch}]\ncodeMode: {retries: 2, errorTokens: 300}\n")
        #expect(once.codeMode.turns.count == 2)
        #expect(twice.codeMode.turns.count == 4)
        let program = once.codeMode.turns[0].output
        #expect(twice.codeMode.output == once.codeMode.output + 2 * program)
        #expect(twice.codeMode.turns.last!.historyResults >= once.codeMode.turns.last!.historyResults + 600)
    }

    @Test func progressiveDisclosureKeepsAFixedFootprint() throws {
        func run(_ resources: Int) throws -> CostReport {
            try estimate(
                """
                model: gpt-4o
                steps: [{tool: get_user, arguments: {id: u1}}]
                codeMode: {progressiveDisclosure: true}
                """, tools: Fixtures.crudTools(resources: resources))
        }
        let small = try run(2)
        let large = try run(20)
        let progressive = try #require(large.progressive)
        #expect(progressive.turns.map(\.label) == ["list_tools", "read_declarations", "program", "final answer"])
        #expect(progressive.turns[0].definitions == small.progressive!.turns[0].definitions)
        #expect(large.codeMode.turns[0].definitions > 4 * small.codeMode.turns[0].definitions)
    }

    @Test func pricesComeFromTheTableAndWorkflowOverrides() throws {
        let table = try estimate("model: claude-sonnet-4-5\nsteps: []\nfinal: {tokens: 1000000}\n")
        #expect(table.price?.output == 15)
        let turn = table.toolCalls.turns[0]
        #expect(abs(turn.dollars - (Double(turn.input) * 3 + 1_000_000 * 15) / 1_000_000) < 1e-9)
        let overridden = try estimate(
            "model: claude-sonnet-4-5\nsteps: []\nprices: {output: 1}\nfinal: {tokens: 1000000}\n")
        #expect(overridden.price?.output == 1 && overridden.price?.input == 3)
        let unknown = try estimate("model: my-local-model\nsteps: []\n")
        #expect(unknown.price == nil && unknown.toolCalls.dollars == 0)
        #expect(unknown.assumptions.contains { $0.contains("no price known") })
    }
}
