import Foundation
import JSON
import Testing

@testable import LanguageServer

@Suite struct ConfigurationTests {
    private let text = #"{"tools":[{"name":"Bad Name"}]}"#

    private func codes(_ published: JSONValue) -> [String] {
        (published["diagnostics"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }.sorted()
    }

    @Test func initializationOptionsTurnRulesOffAndChangeSeverity() async throws {
        let client = TestClient()
        try await client.initialize(options: [
            "toolwright": ["rules": ["test/missing-description": "off", "test/snake-case": "error"]]
        ])
        client.open("file:///c.json", text)
        let published = try await client.diagnostics("file:///c.json", version: 1)
        #expect(codes(published) == ["test/snake-case"])
        #expect(published.at("diagnostics.0.severity") == 1)
    }

    @Test func didChangeConfigurationPushReanalyses() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///c.json", text)
        let before = try await client.diagnostics("file:///c.json", version: 1)
        #expect(codes(before) == ["test/missing-description", "test/snake-case"])
        client.notify(
            "workspace/didChangeConfiguration", ["settings": ["toolwright": ["rules": ["test/snake-case": "off"]]]])
        let after = try await client.waitFor("re-published diagnostics") {
            client.notifications("textDocument/publishDiagnostics").last { codes($0) == ["test/missing-description"] }
        }
        #expect(after["version"] == 1)
    }

    @Test func workspaceConfigurationIsPulledOnlyWhenAdvertised() async throws {
        let without = TestClient()
        try await without.initialize()
        without.open("file:///c.json", text)
        _ = try await without.diagnostics("file:///c.json", version: 1)
        #expect(without.requestsFromServer("workspace/configuration").isEmpty)

        let client = TestClient()
        client.configuration = ["rules": ["test/missing-description": false]]
        try await client.initialize(capabilities: ["workspace": ["configuration": true]])
        client.open("file:///c.json", text)
        let published = try await client.waitFor("configured diagnostics") {
            client.notifications("textDocument/publishDiagnostics").last { codes($0) == ["test/snake-case"] }
        }
        #expect(published["uri"] == "file:///c.json")
        #expect(client.requestsFromServer("workspace/configuration").first?.at("items.0.section") == "toolwright")
    }

    @Test func configFileWatcherIsRegisteredDynamicallyWhenSupported() async throws {
        let client = TestClient()
        try await client.initialize(capabilities: [
            "workspace": ["didChangeWatchedFiles": ["dynamicRegistration": true]]
        ])
        let registration = try await client.waitFor("registerCapability") {
            client.requestsFromServer("client/registerCapability").first
        }
        #expect(registration.at("registrations.0.method") == "workspace/didChangeWatchedFiles")
        #expect(registration.at("registrations.0.registerOptions.watchers.0.globPattern") == "**/.toolwright.yaml")

        let plain = TestClient()
        try await plain.initialize()
        // A round trip after `initialized`: anything it sent is recorded by now (in-order wire).
        _ = try await plain.request("workspace/executeCommand", ["command": "toolwright.reanalyze"])
        #expect(plain.requestsFromServer("client/registerCapability").isEmpty)
    }

    @Test func settingsMergeAndValidate() {
        var settings = ServerSettings()
        settings.merge(["debounceMs": 999_999, "targets": ["openai", "nonsense"], "logLevel": "debug"])
        #expect(settings.debounceMs == 10_000)
        #expect(settings.targets == [.openai])
        #expect(settings.logLevel == 4)
        settings.merge(["rules": ["r": ["severity": "warn", "options": ["max": 3]]]])
        #expect(settings.analysisSettings.rules["r"]?.severity == .warning)
        #expect(settings.analysisSettings.rules["r"]?.options == ["max": 3])
        settings.merge(["rules": ["r": "off"]])
        #expect(settings.analysisSettings.rules["r"]?.enabled == false)
    }
}

@Suite struct ConfigFileTests {
    @Test func toolwrightYamlIsReadAtStartAndReloadedWhenItChanges() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tw-config-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent(".toolwright.yaml")
        // JSON is YAML; the fake analysis parses JSON only.
        try #"{"rules": {"test/missing-description": "off"}}"#.write(to: config, atomically: true, encoding: .utf8)
        let client = TestClient()
        try await client.initialize(rootUri: folder.absoluteString)
        let uri = folder.appendingPathComponent("tools.json").absoluteString
        client.open(uri, #"{"tools":[{"name":"Bad Name"}]}"#)
        let first = try await client.diagnostics(uri, version: 1)
        #expect(first["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue } == ["test/snake-case"])

        try #"{"rules": {"test/snake-case": "off"}}"#.write(to: config, atomically: true, encoding: .utf8)
        client.notify(
            "workspace/didChangeWatchedFiles", ["changes": [["uri": .string(config.absoluteString), "type": 2]]])
        let reloaded = try await client.waitFor("diagnostics after config reload") {
            client.notifications("textDocument/publishDiagnostics").last {
                $0["uri"]?.stringValue == uri
                    && $0["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue } == [
                        "test/missing-description"
                    ]
            }
        }
        #expect(reloaded["version"] == 1)
    }

    @Test func configFileIsNotLintedAsAToolFile() {
        #expect(!LanguageServer.isCandidate(uri: "file:///w/.toolwright.yaml", bytes: Array("rules: {}".utf8)))
        #expect(LanguageServer.isCandidate(uri: "file:///w/tools.yml", bytes: Array("tools: []".utf8)))
        #expect(LanguageServer.isCandidate(uri: "file:///w/tools.JSON?x=1", bytes: []))
        #expect(!LanguageServer.isCandidate(uri: "file:///w/readme.md", bytes: Array("{".utf8)))
        #expect(LanguageServer.isCandidate(uri: "untitled:Untitled-2", bytes: Array("  [".utf8)))
        #expect(!LanguageServer.isCandidate(uri: "untitled:Untitled-3", bytes: Array("tools:".utf8)))
    }
}
