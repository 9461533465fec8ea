import Foundation
import JSON
import Testing

@testable import LanguageServer

/// The whole `.toolwright.yaml` in the editor: ignores apply to diagnostics, and the config file
/// itself gets its problems as diagnostics with ranges.
@Suite struct ConfigFileEditorTests {
    static func folder(_ config: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tw-editor-config-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try config.write(to: folder.appendingPathComponent(".toolwright.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    static func pointersAndCodes(_ published: JSONValue) -> [String] {
        (published["diagnostics"]?.arrayValue ?? []).compactMap { diagnostic in
            diagnostic["code"]?.stringValue.map { "\(diagnostic.at("range.start.line")?.intValue ?? -1) \($0)" }
        }.sorted()
    }

    @Test func ignoredToolsAndPathsDropFindingsInTheEditor() async throws {
        // JSON is YAML; the fake analysis reads the config with its JSON parser.
        let folder = try Self.folder(#"{"ignore": {"tools": ["Legacy*"], "paths": ["vendor/**"]}}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let client = TestClient()
        try await client.initialize(rootUri: folder.absoluteString)
        let tools = "{\"tools\":[\n{\"name\":\"Legacy Thing\"},\n{\"name\":\"New Thing\"}]}"
        let uri = folder.appendingPathComponent("tools.json").absoluteString
        client.open(uri, tools)
        let published = try await client.diagnostics(uri, version: 1)
        // Only the second tool (line 2) is reported; the first is an ignored tool.
        #expect(Self.pointersAndCodes(published) == ["2 test/missing-description", "2 test/snake-case"])

        let vendored = folder.appendingPathComponent("vendor/x/tools.json").absoluteString
        client.open(vendored, tools + "\n{")
        let ignored = try await client.diagnostics(vendored, version: 1)
        // An ignored path keeps only its syntax problems.
        let codes = ignored["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
        #expect(!codes.isEmpty)
        #expect(!codes.contains { $0.hasPrefix("test/") }, "\(codes)")
    }

    @Test func changingOnlyTheIgnoresReanalyses() async throws {
        let folder = try Self.folder(#"{"ignore": {"tools": []}}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let client = TestClient()
        try await client.initialize(rootUri: folder.absoluteString)
        let uri = folder.appendingPathComponent("tools.json").absoluteString
        client.open(uri, #"{"tools":[{"name":"Bad Name","description":"d"}]}"#)
        let first = try await client.diagnostics(uri, version: 1)
        #expect(Self.pointersAndCodes(first) == ["0 test/snake-case"])
        let config = folder.appendingPathComponent(".toolwright.yaml")
        try #"{"ignore": {"tools": ["Bad*"]}}"#.write(to: config, atomically: true, encoding: .utf8)
        client.notify(
            "workspace/didChangeWatchedFiles", ["changes": [["uri": .string(config.absoluteString), "type": 2]]])
        _ = try await client.waitFor("diagnostics without the ignored tool") {
            client.notifications("textDocument/publishDiagnostics").last {
                $0["uri"]?.stringValue == uri && $0["diagnostics"]?.arrayValue?.isEmpty == true
            }
        }
    }

    @Test func openConfigFileGetsDiagnosticsWithRanges() async throws {
        let client = TestClient()
        try await client.initialize()
        let uri = "file:///w/.toolwright.yaml"
        let text = "targets: [openai, gemni]\nrules:\n  desc-too-short: sometimes\ncolour: blue\n"
        client.open(uri, text)
        let published = try await client.waitFor("config diagnostics") {
            client.notifications("textDocument/publishDiagnostics").last { $0["uri"]?.stringValue == uri }
        }
        let diagnostics = published["diagnostics"]?.arrayValue ?? []
        #expect(diagnostics.count == 3, "\(diagnostics)")
        #expect(diagnostics.allSatisfy { $0["code"] == "config-invalid" && $0["source"] == "toolwright" })
        let target = try #require(diagnostics.first { $0["message"]?.stringValue?.contains("gemni") == true })
        #expect(target["message"]?.stringValue?.contains("did you mean \"gemini\"") == true)
        #expect(target.at("range.start.line") == 0 && target.at("range.start.character") == 18)
        #expect(target.at("severity") == 1)
        let severity = try #require(diagnostics.first { $0["message"]?.stringValue?.contains("sometimes") == true })
        #expect(severity.at("range.start.line") == 2 && severity.at("range.start.character") == 18)
        let key = try #require(diagnostics.first { $0["message"]?.stringValue?.contains("colour") == true })
        #expect(key.at("range.start.line") == 3 && key.at("range.start.character") == 0)
        #expect(key.at("range.end.character") == 6)
        #expect(key.at("severity") == 2)

        // Fixing the file clears them; closing it clears them too.
        client.notify(
            "textDocument/didChange",
            [
                "textDocument": ["uri": .string(uri), "version": 2],
                "contentChanges": [["text": "targets: [openai, gemini]\n"]],
            ])
        _ = try await client.waitFor("cleared config diagnostics") {
            client.notifications("textDocument/publishDiagnostics").last {
                $0["uri"]?.stringValue == uri && $0["version"] == 2 && $0["diagnostics"]?.arrayValue?.isEmpty == true
            }
        }
    }

    @Test func theFoldersLockfileBecomesTheDriftRulesOption() throws {
        let folder = try Self.folder("")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lock = #"{"version": 1, "tools": {"add": {"sha256": "00", "description": "Adds."}}}"#
        // No lockfile: the settings are left as they are.
        #expect(LanguageServer.addingLock(to: ["targets": ["mcp"]], folder: folder) == ["targets": ["mcp"]])
        try lock.write(to: folder.appendingPathComponent(".toolwright.lock.json"), atomically: true, encoding: .utf8)
        let merged = LanguageServer.addingLock(
            to: ["targets": ["mcp"], "rules": ["sec-definition-drift": "error", "desc-missing": "off"]],
            folder: folder)
        #expect(merged?["targets"] == ["mcp"])
        #expect(merged?["rules"]?["desc-missing"] == "off")
        #expect(merged?["rules"]?["sec-definition-drift"]?["severity"] == "error")
        #expect(merged?["rules"]?["sec-definition-drift"]?["options"]?["lock"]?["add"]?["sha256"] == "00")
        var settings = ServerSettings()
        settings.merge(merged)
        #expect(settings.rules["sec-definition-drift"]?.severity == .error)
        #expect(settings.rules["sec-definition-drift"]?.options["lock"]?["add"] != nil)
        // Without a config file at all, the lock alone is enough.
        #expect(LanguageServer.addingLock(to: nil, folder: folder)?["rules"]?["sec-definition-drift"] != nil)
    }
}
