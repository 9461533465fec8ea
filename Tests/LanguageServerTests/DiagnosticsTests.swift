import Foundation
import JSON
import Rules
import SourceDocument
import Testing

@testable import LanguageServer

@Suite struct DiagnosticsTests {
    @Test func diagnosticsCarryRuleIdDocsSourceSeverityRangeAndVersion() async throws {
        let client = TestClient()
        try await client.initialize()
        let marked = MarkedText(
            """
            {
              "tools": [
                {"name": 1️⃣"Send Email"2️⃣, "description": "Sends"}
              ]
            }
            """)
        client.open("file:///d.json", marked.text, version: 7)
        let published = try await client.diagnostics("file:///d.json")
        #expect(published["version"] == 7)
        let diagnostics = try #require(published["diagnostics"]?.arrayValue)
        #expect(diagnostics.count == 1)
        let d = diagnostics[0]
        #expect(d["code"] == "test/snake-case")
        #expect(d["source"] == "toolwright")
        #expect(d["severity"] == 2)
        #expect(d.at("codeDescription.href") == .string(RuleMetadata.docsBase + "test/snake-case.md"))
        #expect(d["range"] == marked.range(1, 2).json)
    }

    @Test func fileBecomingCleanPublishesEmptyList() async throws {
        let client = TestClient()
        try await client.initialize()
        let marked = MarkedText(#"{"tools":[{"name":"1️⃣Bad Name2️⃣","description":"d"}]}"#)
        client.open("file:///clean.json", marked.text)
        let first = try await client.diagnostics("file:///clean.json", version: 1)
        #expect(first["diagnostics"]?.arrayValue?.count == 1)
        client.change("file:///clean.json", version: 2, [TestClient.edit(marked.range(1, 2), "good_name")])
        let second = try await client.diagnostics("file:///clean.json", version: 2)
        #expect(second["diagnostics"] == [])
    }

    @Test func setLevelFindingsPointAtTheOtherDocument() async throws {
        let client = TestClient()
        try await client.initialize()
        let other = MarkedText(
            """
            {"tools": [
              {"name": 1️⃣"search"2️⃣, "description": "b"}
            ]}
            """)
        client.open("file:///b.json", other.text)
        _ = try await client.diagnostics("file:///b.json", version: 1)
        client.open("file:///a.json", #"{"tools":[{"name":"search","description":"a"}]}"#)
        let a = try await client.diagnostics("file:///a.json", version: 1)
        let duplicate = try #require(a["diagnostics"]?.arrayValue?.first { $0["code"] == "test/duplicate-name" })
        #expect(duplicate.at("relatedInformation.0.location.uri") == "file:///b.json")
        #expect(duplicate.at("relatedInformation.0.location.range") == other.range(1, 2).json)
        #expect(duplicate.at("relatedInformation.0.message") == "Also defined here")
        // Opening a.json changed b.json's set findings: b is re-checked without being edited.
        let b = try await client.waitFor("b re-published with the duplicate") {
            client.notifications("textDocument/publishDiagnostics").last {
                $0["uri"] == "file:///b.json" && $0["diagnostics"]?.arrayValue?.isEmpty == false
            }
        }
        #expect(b.at("diagnostics.0.relatedInformation.0.location.uri") == "file:///a.json")
    }

    @Test func relatedLocationsInClosedFilesAreReadFromDisk() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tw-lsp-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("closed file.json")
        let onDisk = MarkedText(
            """
            {"tools": [
              {"name": 1️⃣"target"2️⃣}
            ]}
            """)
        try onDisk.text.write(to: file, atomically: true, encoding: .utf8)
        let client = TestClient()
        try await client.initialize()
        let seeAlso = JSONValue.string(file.absoluteString + "#/tools/0/name")
        client.open("file:///x.json", #"{"tools":[{"name":"x","description":"d","seeAlso":\#(seeAlso.serialized())}]}"#)
        let x = try await client.diagnostics("file:///x.json", version: 1)
        let d = try #require(x["diagnostics"]?.arrayValue?.first { $0["code"] == "test/see-also" })
        #expect(d.at("relatedInformation.0.location.uri") == .string(file.absoluteString))
        #expect(d.at("relatedInformation.0.location.range") == onDisk.range(1, 2).json)
    }

    @Test func resultsForSupersededVersionsAreDropped() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///s.json", #"{"tools":[{"name":"SLOW one","description":"d"}]}"#)
        client.analysis.gate.awaitWaiter()
        client.change("file:///s.json", version: 2, [["text": #"{"tools":[{"name":"Fast Two","description":"d"}]}"#]])
        let v2 = try await client.diagnostics("file:///s.json", version: 2)
        #expect(v2.at("diagnostics.0.message") == "Tool name 'Fast Two' is not snake_case")
        client.analysis.gate.release()
        #expect(try await client.analysisFinished("file:///s.json", version: 1) == false)
        #expect(client.notifications("textDocument/publishDiagnostics").allSatisfy { $0["version"] != 1 })
    }

    @Test func editsWithinTheDebounceWindowAreAnalysedOnce() async throws {
        var settings = ServerSettings()
        settings.debounceMs = 10_000
        let client = TestClient(settings: settings)
        try await client.initialize()
        client.open("file:///deb.json", #"{"tools":[]}"#)
        _ = try await client.diagnostics("file:///deb.json", version: 1)
        for version in 2...4 {
            client.change(
                "file:///deb.json", version: version, [["text": .string(#"{"tools":[{"name":"V\#(version)"}]}"#)]])
        }
        // Forces the pending analysis now instead of after the (long) debounce.
        _ = try await client.request("workspace/executeCommand", ["command": "toolwright.reanalyze", "arguments": []])
        let v4 = try await client.diagnostics("file:///deb.json", version: 4)
        #expect(v4["diagnostics"]?.arrayValue?.isEmpty == false)
        #expect(client.analysis.versions == [1, 4])
    }

    @Test func jsonThatIsNotAToolFileOnlyGetsSyntaxErrors() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///package.json", #"{"name": "Not Snake"}"#)
        #expect(try await client.diagnostics("file:///package.json", version: 1)["diagnostics"] == [])
        client.open("file:///broken.json", #"{"name": "#)
        let broken = try await client.diagnostics("file:///broken.json", version: 1)
        #expect(broken.at("diagnostics.0.code") == "json-syntax")
    }

    @Test func pullDiagnosticsOnlyWhenAdvertisedAsAnObject() async throws {
        let notObject = TestClient()
        let plain = try await notObject.initialize(capabilities: ["textDocument": ["diagnostic": true]])
        #expect(plain.at("capabilities.diagnosticProvider") == nil)

        let client = TestClient()
        let result = try await client.initialize(capabilities: [
            "textDocument": ["diagnostic": ["dynamicRegistration": false]]
        ])
        #expect(result.at("capabilities.diagnosticProvider.interFileDependencies") == true)
        client.open("file:///p.json", #"{"tools":[{"name":"Bad Name","description":"d"}]}"#)
        let report = try await client.request("textDocument/diagnostic", ["textDocument": ["uri": "file:///p.json"]])
        #expect(report["kind"] == "full")
        #expect(report.at("items.0.code") == "test/snake-case")
        let again = try await client.request(
            "textDocument/diagnostic",
            ["textDocument": ["uri": "file:///p.json"], "previousResultId": report["resultId"]!])
        #expect(again["kind"] == "unchanged")
        // Push stays on by default, with the same findings.
        let pushed = try await client.diagnostics("file:///p.json", version: 1)
        #expect(pushed.at("diagnostics.0.code") == "test/snake-case")
    }

    @Test func pullOnlyModeStopsPushForPullingClients() async throws {
        let client = TestClient()
        _ = try await client.initialize(
            capabilities: ["textDocument": ["diagnostic": ["dynamicRegistration": false]]],
            options: ["diagnosticMode": "pull"])
        client.open("file:///p.json", #"{"tools":[{"name":"Bad Name","description":"d"}]}"#)
        let report = try await client.request("textDocument/diagnostic", ["textDocument": ["uri": "file:///p.json"]])
        #expect(report.at("items.0.code") == "test/snake-case")
        #expect(client.notifications("textDocument/publishDiagnostics").isEmpty)
    }
}
