import JSON
import Testing
import ToolModel

@testable import Rules

/// The set rules read other documents' per-tool values from a cache kept between analyses;
/// the findings must be the ones a fresh derivation gives, and a re-analysed document's new
/// tools must never be served its old values.
@Suite struct WorkspaceSummariesTests {
    private let engine = RuleEngine()
    /// Low budget so set-token-budget reports the workspace total in every run.
    private let settings = ["set-token-budget": RuleSetting(options: ["maxTokens": 10])]

    private func set(_ uri: String, _ tools: [(name: String, description: String)]) throws -> ToolSet {
        let json = tools.map {
            #"{"name":\#(jsonString($0.name)),"description":\#(jsonString($0.description)),"inputSchema":{"type":"object","properties":{"id":{"type":"string","description":"Record id."}},"required":["id"]}}"#
        }
        return DialectDetector.toolSet(
            from: try Jansson.decode(#"{"tools":["# + json.joined(separator: ",") + "]}"), uri: uri)
    }

    /// Documents whose tools overlap in wording (near-duplicates), read private data, fetch
    /// untrusted pages and send email (the trifecta), so every cached value matters.
    private func workspace(_ tag: String, documents: Int) throws -> [ToolSet] {
        try (0..<documents).map { index in
            var tools = [
                ("read_record_\(index)", "Reads a customer record with private account data from the CRM by id."),
                ("fetch_page_\(index)", "Fetches a web page from any URL on the internet and returns its text."),
                ("send_email_\(index)", "Sends an email message to any external address."),
            ]
            // The first two documents share one rarely worded tool.
            if index < 2 {
                tools.append(("export_zebra_\(index)", "Exports quarterly zebra inventory spreadsheets as archives."))
            }
            return try set("file:///summaries/\(tag)/doc\(index).json", tools)
        }
    }

    private func rendered(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.ruleId) \($0.pointer) \($0.message) \($0.related.map(\.uri))" }
    }

    private func run(_ sets: [ToolSet]) -> [String] {
        rendered(engine.run(on: sets[0], workspace: Array(sets.dropFirst()), targets: [.mcp], settings: settings))
    }

    @Test func cachedValuesGiveTheSameFindingsAsFreshOnes() throws {
        let sets = try workspace("same", documents: 12)
        for other in sets { WorkspaceSummaries.shared.forget(uri: other.uri) }
        let fresh = run(sets)
        let cached = run(sets)
        #expect(fresh == cached)
        // Copies of every tool array: the cache cannot recognise them and derives again.
        let copies = sets.map { ToolSet(uri: $0.uri, dialect: $0.dialect, tools: Array($0.tools.map { $0 })) }
        #expect(run(copies) == fresh)
        #expect(fresh.contains { $0.hasPrefix("set-token-budget") })
        #expect(fresh.contains { $0.hasPrefix("sec-lethal-trifecta") })
        #expect(fresh.contains { $0.hasPrefix("set-near-duplicate") })
    }

    @Test func aReanalysedDocumentIsNeverServedItsOldValues() throws {
        var sets = try workspace("changed", documents: 3)
        let before = run(sets)
        // The same URI and tool count, new content: a longer description costs more tokens,
        // and the near-duplicate wording is gone.
        sets[1] = try set(
            sets[1].uri,
            [
                ("read_record_1", String(repeating: "Looks up billing ledgers for archived invoices. ", count: 40)),
                ("fetch_page_1", "Plays a sound."),
                ("send_email_1", "Rotates the display."),
                ("export_zebra_1", "Feeds the cat."),
            ])
        #expect(sets[1].tools.count == 4)
        let after = run(sets)
        for other in sets { WorkspaceSummaries.shared.forget(uri: other.uri) }
        #expect(after == run(sets))
        #expect(after != before)
    }

    @Test func forgettingADocumentDropsItsEntry() throws {
        let sets = try workspace("forget", documents: 2)
        _ = run(sets)
        let kept = WorkspaceSummaries.shared.count
        WorkspaceSummaries.shared.forget(uri: sets[1].uri)
        #expect(WorkspaceSummaries.shared.count < kept)
    }
}
