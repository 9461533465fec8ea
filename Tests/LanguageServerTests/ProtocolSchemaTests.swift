import Foundation
import JSON
import Testing

@testable import LanguageServer

/// Real server messages checked against the schemas documented in `protocol/`.
@Suite struct ProtocolSchemaTests {
    private let text =
        #"{"tools":[{"name":"Bad Name","inputSchema":{"properties":{"q":{"type":"string"}}}},{"name":"dup","description":"d"}]}"#

    @Test func theValidatorRejectsWhatTheSchemasForbid() throws {
        var validator = SchemaValidator()
        #expect(
            try validator.validate(["debounceMs": 50, "rules": ["x": "off"]], against: "lsp-settings.schema.json")
                .isEmpty)
        #expect(!(try validator.validate(["debounceMs": "soon"], against: "lsp-settings.schema.json").isEmpty))
        #expect(!(try validator.validate(["rules": ["x": "loud"]], against: "lsp-settings.schema.json").isEmpty))
        #expect(
            !(try validator.validate(
                ["start": ["line": 0, "character": -1], "end": ["line": 0, "character": 0]],
                against: "lsp-common.schema.json#/$defs/range"
            ).isEmpty))
    }

    @Test func publishedDiagnosticsMatchTheSchema() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///other.json", #"{"tools":[{"name":"dup","description":"x"}]}"#)
        _ = try await client.diagnostics("file:///other.json", version: 1)
        client.open("file:///schema.json", text)
        let published = try await client.diagnostics("file:///schema.json", version: 1)
        let diagnostics = try #require(published["diagnostics"]?.arrayValue)
        #expect(
            Set(diagnostics.compactMap { $0["code"]?.stringValue }) == [
                "test/snake-case", "test/missing-description", "test/duplicate-name",
            ])
        var validator = SchemaValidator()
        #expect(
            try validator.validate(published, against: "lsp-common.schema.json#/$defs/publishDiagnosticsParams") == [])
    }

    @Test func customRequestAndCommandResultsMatchTheSchemas() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///schema.json", text)
        var validator = SchemaValidator()
        let params: JSONValue = ["textDocument": ["uri": "file:///schema.json"]]
        #expect(try validator.validate(params, against: "lsp-documentInfo.schema.json#/$defs/params") == [])
        let info = try await client.request("toolwright/documentInfo", params)
        #expect(info.at("tools.0.parameters") == ["q"])
        #expect(try validator.validate(info, against: "lsp-documentInfo.schema.json#/$defs/result") == [])

        let arguments: JSONValue = ["file:///schema.json"]
        #expect(try validator.validate(arguments, against: "lsp-findings.schema.json#/$defs/arguments") == [])
        let findings = try await client.request(
            "workspace/executeCommand", ["command": "toolwright.showFindings", "arguments": arguments])
        #expect(findings.arrayValue?.isEmpty == false)
        #expect(try validator.validate(findings, against: "lsp-findings.schema.json#/$defs/findings") == [])

        let reanalyzed = try await client.request(
            "workspace/executeCommand", ["command": "toolwright.reanalyze", "arguments": arguments])
        #expect(try validator.validate(reanalyzed, against: "lsp-reanalyze.schema.json#/$defs/result") == [])
    }

    @Test func everyAdvertisedCommandAndCustomMethodIsDocumented() async throws {
        let client = TestClient()
        let result = try await client.initialize()
        let doc = try String(
            contentsOf: SchemaValidator.protocolDirectory.appendingPathComponent("lsp.md"), encoding: .utf8)
        let commands =
            result.at("capabilities.executeCommandProvider.commands")?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(!commands.isEmpty)
        for command in commands + ["toolwright/documentInfo"] {
            #expect(doc.contains("`\(command)`"), "\(command) is not documented in protocol/lsp.md")
        }
    }

    @Test func serverDefaultsMatchTheSettingsSchemaDefaults() throws {
        var validator = SchemaValidator()
        let schema = try validator.load("lsp-settings.schema.json")
        #expect(schema.at("properties.debounceMs.default")?.intValue == ServerSettings().debounceMs)
    }
}
