import JSON
import Testing
import Tokenizer
import ToolModel

@testable import Cost

/// The published measurements of shared/research/tokens.md §2, as regression cases. Each test
/// says which published numbers it reproduces (and within what tolerance) and which it cannot.
/// Figures are printed so a person can compare them with the sources.
@Suite struct PublishedCaseTests {
    private func show(_ name: String, _ report: CostReport) {
        let modes = report.modes.map { "\($0.kind.rawValue) \($0.total) tokens in \($0.turns.count) requests" }
        print("[\(name)] " + modes.joined(separator: "; ") + "; saving \(CostFormat.percent(report.savedFraction))")
    }

    /// Case I (29swastik/programmatic_tool_calling): "((15 + 7) * 3) / 44" with add/multiply/divide.
    /// Published: tool calls 4 LLM calls, 766 in + 74 out = 840; code mode 2 LLM calls, 539 + 42 = 581 (−30.8%).
    /// Reproduces: 4 vs 2 requests exactly; the sign of the saving; tool-call total within ±25% of 840.
    /// Cannot: the demo's system prompt and model are not published (gpt-4o-mini and a one-line prompt
    /// are assumed); our code mode also carries output types and an execute tool, so it is only
    /// required within ±50% of 581 and the saving between 5% and 60%.
    @Test func calculator() throws {
        let report = try CostModel.estimate(try Fixtures.example("calculator.workflow.yaml"))
        show("calculator", report)
        #expect(report.toolCalls.turns.count == 4)
        #expect(report.codeMode.turns.count == 2)
        #expect(report.codeMode.total < report.toolCalls.total)
        #expect(abs(Double(report.toolCalls.total) - 840) <= 0.25 * 840)
        #expect(abs(Double(report.codeMode.total) - 581) <= 0.5 * 581)
        #expect(report.savedFraction > 0.05 && report.savedFraction < 0.6)
    }

    /// Case A (Anthropic, "Code execution with MCP"): Google Drive transcript → Salesforce.
    /// Reproduces: the 50,000-token transcript is counted once as a result and once as arguments
    /// (output) in tool-call mode, and never in code mode; with the post's 150,000 definition
    /// tokens, the first request reads 150K (±2%); the progressive-disclosure variant stays within
    /// 2× of the post's 2,000 tokens when the system prompt is left out, as the post's figure seems to.
    /// Cannot: the post's 150K → 2K compares one context load with the whole code-mode run and
    /// publishes no decomposition; our tool-call total is the sum over all requests.
    @Test func googleDriveToSalesforceTranscript() throws {
        let report = try CostModel.estimate(try Fixtures.example("gdrive-salesforce.workflow.yaml"))
        show("transcript", report)
        let turns = report.toolCalls.turns
        #expect(turns.count == 3)
        // Written out by the model as the update's arguments: once, as output.
        #expect(turns[1].output >= 50_000 && turns[1].output < 50_000 + 200)
        #expect(turns[0].output < 200)
        // Read back as a result, and as the earlier arguments, in the final request.
        #expect(turns[2].historyResults >= 50_000 && turns[2].historyResults < 50_000 + 200)
        #expect(turns[2].historyCalls >= 50_000 && turns[2].historyCalls < 50_000 + 400)
        for mode in [report.codeMode, try #require(report.progressive)] {
            #expect(mode.turns.allSatisfy { $0.total < 10_000 }, "\(mode.kind)")
        }

        var published = try Fixtures.example("gdrive-salesforce.workflow.yaml")
        published.workflow.definitionsOverride = 150_000
        published.workflow.system = .tokens(0)
        let wide = try CostModel.estimate(published)
        show("transcript, 150K definitions", wide)
        #expect(abs(Double(wide.toolCalls.turns[0].input) - 150_000) <= 0.02 * 150_000)
        let progressive = try #require(wide.progressive)
        #expect(progressive.total >= 1_000 && progressive.total <= 4_000)
        #expect(wide.savedFraction > 0.98)
    }

    /// Case D(ii) (Anthropic, "Introducing advanced tool use"): Q3 travel budget, 20 parallel
    /// expense fetches of ~10 KB (≈200 KB of line items) vs a ~1 KB printed result.
    /// Published averages: 43,588 → 27,297 tokens (−37%).
    /// Reproduces: ~200 KB of results (±5%) and ~1 KB printed; code mode below the published
    /// 27,297; a saving at least the published 37%.
    /// Cannot: the absolute tool-call figure. 200 KB of JSON alone is more than 43,588 Claude
    /// tokens, so the published average cannot have carried all of it through the context on every
    /// task; we model the example as described (all results re-read), hence a larger baseline and
    /// saving. The 5,000-token system prompt is an assumption (the post's tool-search example
    /// quotes 5K of system prompt).
    @Test func anthropicExpenseAudit() throws {
        let loaded = try Fixtures.example("expense-audit.workflow.yaml")
        let report = try CostModel.estimate(loaded)
        show("expenses", report)
        let counter = try ProviderCounter(provider: .anthropic, model: loaded.workflow.model)
        let expenses = loaded.workflow.calls[1]
        #expect(expenses.repeatCount == 20 && expenses.parallel)
        guard case .json(let payload) = expenses.result else {
            Issue.record("payload file not loaded")
            return
        }
        let bytes = 20 * payload.serialized().utf8.count
        #expect(abs(Double(bytes) - 200_000) <= 0.05 * 200_000)
        let resultTokens = 20 * counter.count(json: payload)
        #expect(resultTokens > 43_588)  // why the published average cannot hold all 200 KB
        #expect(report.toolCalls.turns.count == 4)
        #expect(report.toolCalls.total >= 43_588)
        #expect(report.codeMode.total < 27_297)
        #expect(report.savedFraction >= 0.37)
        #expect(report.codeMode.turns.last!.historyResults < 400)  // ~1 KB printed, plus framing
    }

    /// Case C (Cloudflare API MCP server with Code Mode): 2,500+ endpoints, 1.17M tokens of
    /// definitions (tiktoken) vs ~1,000 tokens for search() + execute().
    /// Reproduces: with 2,500 generated endpoints averaging ~470 tokens, definitions are 1.17M
    /// (±25%) and dominate the tool-call request (≥ 99% of it); with search-style discovery (as
    /// Cloudflare's `search()`), the code-mode footprint stays under 1,000 tokens (+50%) and the
    /// saving is above 99% (published 99.9%). Also shows that code mode *without* disclosure does
    /// not help here: the TypeScript API of 2,500 endpoints is as large as their definitions.
    /// Cannot: Cloudflare's exact spec; the endpoints are synthetic.
    @Test func twoThousandFiveHundredEndpoints() throws {
        let tools = Self.endpoints(2_500)
        let (workflow, findings) = Fixtures.workflow(
            """
            model: gpt-4o
            task: Purge the cache of zone example.com.
            steps:
              - {tool: endpoint_0042, arguments: {zone_id: z1, path: /purge_cache}, result: {tokens: 120}}
            codeMode: {progressiveDisclosure: true, discovery: search, printed: {tokens: 20}}
            """)
        #expect(findings.isEmpty)
        let report = try CostModel.estimate(workflow: try #require(workflow), toolSets: [tools])
        show("2,500 endpoints", report)
        let first = report.toolCalls.turns[0]
        #expect(abs(Double(first.definitions) - 1_170_000) <= 0.25 * 1_170_000)
        #expect(Double(first.definitions) >= 0.99 * Double(first.input))
        let progressive = try #require(report.progressive)
        #expect(progressive.turns.map(\.label) == ["search_tools", "program", "final answer"])
        #expect(progressive.turns[0].definitions <= 1_500)
        #expect(report.savedFraction > 0.99)
        #expect(report.codeMode.total > report.toolCalls.total / 2)
    }

    /// Case H (lamiiine "code mode benchmark"): 120 CRUD tools (20 resources × 6), Mistral Small.
    /// Published tool-call totals: 51,932 (4 rounds) and 146,073 (10 rounds); code mode ~4.3–4.6K
    /// in 1 round. Mistral renders tools as JSON, so definitions are the o200k count of the tools'
    /// compact JSON (a proxy tokenizer).
    /// Reproduces: both tool-call totals within ±35%; code mode staying flat as rounds grow
    /// (published 4,323 vs 4,579: within 5%); the saving growing with the number of rounds.
    /// Cannot: the code-mode figure itself. The benchmark's TypeScript API is ~16K characters; ours
    /// for these schemas is ~28K (per-field JSDoc; repeated object types are shared, but each
    /// resource's own types are not), and the benchmark counts code mode as one round where we count two requests
    /// (program, answer). So a code-mode request is only required within 2.5× of 4,323 and the
    /// savings (published 91.7% and 96.9%) above 50% and 80%.
    @Test func oneHundredTwentyToolCRUDRounds() throws {
        let tools = Fixtures.crudTools(resources: 20)
        #expect(tools.tools.count == 120)
        let o200k = try Encoding.named(.o200kBase)
        let json = JSONValue.array(tools.tools.map(\.raw)).serialized()
        let definitions = o200k.count(json)
        func rounds(_ calls: Int) throws -> CostReport {
            let nouns = ["user", "team", "project", "task", "comment", "milestone", "label", "document", "folder"]
            let steps = (0..<calls).map { index in
                "  - {tool: get_\(nouns[index % nouns.count]), arguments: {id: x\(index)}, result: {bytes: 1200}}"
            }
            let (workflow, findings) = Fixtures.workflow(
                """
                model: mistral-small
                provider: openai
                system: You are an assistant for a project-management API.
                task: Find the user and their team information.
                definitions: {tokens: \(definitions)}
                steps:
                \(steps.joined(separator: "\n"))
                final: {tokens: 150}
                """)
            #expect(findings.isEmpty)
            return try CostModel.estimate(workflow: try #require(workflow), toolSets: [tools])
        }
        let api = TypeScriptAPIGenerator.declarations(for: tools)
        print(
            "[CRUD] TypeScript API: \(api.count) characters, \(o200k.count(api)) o200k tokens; JSON definitions \(definitions)"
        )
        let four = try rounds(3)
        let ten = try rounds(9)
        show("CRUD 4 rounds", four)
        show("CRUD 10 rounds", ten)
        #expect(four.toolCalls.turns.count == 4 && ten.toolCalls.turns.count == 10)
        #expect(abs(Double(four.toolCalls.total) - 51_932) <= 0.35 * 51_932)
        #expect(abs(Double(ten.toolCalls.total) - 146_073) <= 0.35 * 146_073)
        #expect(Double(four.codeMode.turns[0].total) <= 2.5 * 4_323)
        #expect(abs(Double(ten.codeMode.total - four.codeMode.total)) <= 0.05 * Double(four.codeMode.total))
        #expect(four.savedFraction > 0.5 && ten.savedFraction > 0.8 && ten.savedFraction > four.savedFraction)
    }

    /// 2,500 OpenAPI-style endpoints with long descriptions, as a tool set.
    static func endpoints(_ count: Int) -> ToolSet {
        let sentence =
            "Use this endpoint to manage the resource for an account or zone; it accepts filters, pagination and "
            + "ordering, returns the matching objects with their metadata, and fails with an error object when the "
            + "caller lacks permission or the identifier does not exist."
        let description = Array(repeating: sentence, count: 5).joined(separator: " ")
        var tools: [JSONValue] = []
        for index in 0..<count {
            var properties: [JSONMember] = [
                JSONMember("zone_id", ["type": "string", "description": .string("Zone identifier. " + sentence)]),
                JSONMember("path", ["type": "string", "description": .string("Request path. " + sentence)]),
            ]
            for field in ["page", "per_page", "order", "direction", "match"] {
                properties.append(
                    JSONMember(field, ["type": "string", "description": .string("The \(field) option.")]))
            }
            tools.append([
                "name": .string(String(format: "endpoint_%04d", index)),
                "description": .string("Endpoint \(index). " + description),
                "inputSchema": ["type": "object", "properties": .object(properties), "required": ["zone_id"]],
            ])
        }
        return Fixtures.toolSet(tools, uri: "file:///cloudflare.json")
    }
}
