import JSON
import Rules
import SourceDocument
import Testing

@testable import LanguageServer

@Suite struct HoverTests {
    private let fixture = MarkedText(
        """
        {"tools": [
          {"name": "Send1️⃣ Email", "description": "Sends an email.", "inputSchema": {
            "type": "object",
            "properties": {"to": {"type": "string"}, "cc2️⃣": {"type": ["string", "null"]}},
            "required": ["to"]
          }}
        ]}
        3️⃣
        """)

    private func hover(_ client: TestClient, _ position: TextPosition) async throws -> JSONValue {
        try await client.request(
            "textDocument/hover", ["textDocument": ["uri": "file:///h.json"], "position": position.json])
    }

    @Test func onADiagnosticShowsTheRuleExplanationAsMarkdown() async throws {
        let client = TestClient()
        try await client.initialize(capabilities: [
            "textDocument": ["hover": ["contentFormat": ["markdown", "plaintext"]]]
        ])
        client.open("file:///h.json", fixture.text)
        let result = try await hover(client, fixture[1])
        #expect(result.at("contents.kind") == "markdown")
        let value = try #require(result.at("contents.value")?.stringValue)
        #expect(value.contains("**test/snake-case**"))
        #expect(value.contains("Why test/snake-case matters."))
        #expect(value.contains("[Rule documentation](\(RuleMetadata.docsBase)test/snake-case.md)"))
        #expect(result["range"] != nil)
    }

    @Test func onAToolShowsDialectAndParametersInPlaintext() async throws {
        let client = TestClient()
        // ALE lists plaintext only.
        try await client.initialize(capabilities: ["textDocument": ["hover": ["contentFormat": ["plaintext"]]]])
        client.open("file:///h.json", fixture.text)
        let result = try await hover(client, fixture[2])
        #expect(result.at("contents.kind") == "plaintext")
        let value = try #require(result.at("contents.value")?.stringValue)
        #expect(value.contains("Send Email — MCP tool"))
        #expect(value.contains("to: string, required"))
        #expect(value.contains("cc: string|null"))
        #expect(value.contains("Rules hit: test/snake-case"))
        #expect(!value.contains("**"))
        #expect(!value.contains("`"))
    }

    @Test func outsideAnyToolThereIsNoHover() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///h.json", fixture.text)
        #expect(try await hover(client, fixture[3]) == .null)
    }
}
