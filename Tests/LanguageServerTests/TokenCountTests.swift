import JSON
import SourceDocument
import Testing

@testable import LanguageServer

/// Token counts in the editor: the file lens, one lens per tool, and the tool hover.
@Suite struct TokenCountTests {
    private let fixture = MarkedText(
        """
        {"tools": [
          {1️⃣"name": "get_weather", "description": "Gets the current weather for a city.", "inputSchema": {
            "type": "object", "properties": {"city": {"type": "string", "description": "City name"}}}},
          {2️⃣"name": "get_forecast", "description": "Gets a five-day forecast.3️⃣", "inputSchema": {
            "type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}}}}
        ]}
        """)

    @Test func lensPerToolAtItsNameWithCountsThatAddUp() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///t.json", fixture.text)
        let lenses = try await client.request("textDocument/codeLens", ["textDocument": ["uri": "file:///t.json"]])
        let items = try #require(lenses.arrayValue)
        #expect(items.count == 3)
        let fileTitle = try #require(items[0]["command"]?["title"]?.stringValue)
        #expect(fileTitle.hasSuffix("tokens (gpt-4o)"))
        #expect(items[1].at("range.start") == fixture[1].json)
        #expect(items[2].at("range.start") == fixture[2].json)
        func tokens(_ title: String) -> Int? {
            Int(title.prefix { $0 != " " }.filter(\.isNumber))
        }
        let titles = items.map { $0["command"]?["title"]?.stringValue ?? "" }
        let perTool = titles[1...].compactMap(tokens)
        #expect(perTool.count == 2)
        let total = try #require(Int(fileTitle.split(separator: "·").last!.filter(\.isNumber).dropLast(1)))
        // The cookbook formula adds 12 tokens once per request (o200k models); shares sum to 100%.
        #expect(perTool.reduce(0, +) + 12 == total)
        let shares = titles[1...].compactMap { title in
            title.split(separator: "·").dropFirst().first.flatMap { Int($0.filter(\.isNumber)) }
        }
        #expect(shares.count == 2)
        #expect((99...101).contains(shares.reduce(0, +)))
    }

    @Test func toolHoverListsTokensPerProvider() async throws {
        let client = TestClient()
        try await client.initialize(options: ["targets": ["openai", "anthropic"]])
        client.open("file:///t.json", fixture.text)
        let hover = try await client.request(
            "textDocument/hover", ["textDocument": ["uri": "file:///t.json"], "position": fixture[3].json])
        let text = try #require(hover.at("contents.value")?.stringValue)
        #expect(text.contains("Tokens:"))
        #expect(text.contains("(gpt-4o, estimate) — openai"))
        #expect(text.contains("(claude-sonnet-4-5, estimate) — anthropic"))
        #expect(text.contains("% of this file's tool tokens"))
    }
}
