import JSON
import SourceDocument
import Testing

@testable import LanguageServer

@Suite struct SymbolTests {
    private let fixture = MarkedText(
        """
        {"tools": [
          1️⃣{"name": 2️⃣"search"3️⃣, "inputSchema": {"properties": {4️⃣"q"5️⃣: {"type": "string"}6️⃣}}}7️⃣,
          {"name": "fetch"}
        ]}
        """)

    private func symbols(capabilities: JSONValue) async throws -> [JSONValue] {
        let client = TestClient()
        try await client.initialize(capabilities: capabilities)
        client.open("file:///s.json", fixture.text)
        let result = try await client.request(
            "textDocument/documentSymbol", ["textDocument": ["uri": "file:///s.json"]])
        return result.arrayValue ?? []
    }

    @Test func hierarchicalWhenSupported() async throws {
        let list = try await symbols(capabilities: [
            "textDocument": ["documentSymbol": ["hierarchicalDocumentSymbolSupport": true]]
        ])
        #expect(list.count == 2)
        #expect(list[0]["name"] == "search")
        #expect(list[0]["kind"] == 12)
        #expect(list[0]["range"] == fixture.range(1, 7).json)
        #expect(list[0]["selectionRange"] == fixture.range(2, 3).json)
        #expect(list[0].at("children.0.name") == "q")
        #expect(list[0].at("children.0.detail") == "string")
        #expect(list[0].at("children.0.range") == fixture.range(4, 6).json)
        #expect(list[0].at("children.0.selectionRange") == fixture.range(4, 5).json)
        #expect(list[1]["name"] == "fetch")
        #expect(list[1]["children"] == [])
    }

    @Test func flatSymbolInformationOtherwise() async throws {
        let list = try await symbols(capabilities: [:])
        #expect(list.map { $0["name"] } == ["search", "q", "fetch"])
        #expect(list[1]["containerName"] == "search")
        #expect(list[0].at("location.uri") == "file:///s.json")
        #expect(list[0].at("location.range") == fixture.range(1, 7).json)
    }
}
