import JSON
import Testing

@testable import LanguageServer

@Suite struct CommandTests {
    @Test func codeLensSummarisesToolsAndFindings() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///l.json", #"{"tools":[{"name":"Bad Name"},{"name":"ok","description":"d"}]}"#)
        let lenses = try await client.request("textDocument/codeLens", ["textDocument": ["uri": "file:///l.json"]])
        #expect(lenses.at("0.command.title")?.stringValue?.hasPrefix("2 tools · 2 findings · ") == true)
        #expect(lenses.at("0.command.command") == "toolwright.showFindings")
        let findings = try await client.request(
            "workspace/executeCommand",
            ["command": "toolwright.showFindings", "arguments": lenses.at("0.command.arguments")!])
        #expect(
            findings.arrayValue?.compactMap { $0["ruleId"]?.stringValue }.sorted() == [
                "test/missing-description", "test/snake-case",
            ])
        #expect(findings.at("0.pointer")?.stringValue?.hasPrefix("/tools/0") == true)
    }

    @Test func reanalyzeReportsProgressWhenSupported() async throws {
        let client = TestClient()
        try await client.initialize(capabilities: ["window": ["workDoneProgress": true]])
        client.open("file:///p1.json", #"{"tools":[]}"#)
        client.open("file:///p2.json", #"{"tools":[]}"#)
        #expect(try await client.request("workspace/executeCommand", ["command": "toolwright.reanalyze"]) == .null)
        let token = try #require(client.requestsFromServer("window/workDoneProgress/create").first?["token"])
        let kinds = try await client.waitFor("progress end") {
            let kinds = client.notifications("$/progress").filter { $0["token"] == token }.compactMap {
                $0.at("value.kind")?.stringValue
            }
            return kinds.last == "end" ? kinds : nil
        }
        #expect(kinds.first == "begin")

        let quiet = TestClient()
        try await quiet.initialize()
        quiet.open("file:///p1.json", #"{"tools":[]}"#)
        #expect(try await quiet.request("workspace/executeCommand", ["command": "toolwright.reanalyze"]) == .null)
        #expect(quiet.requestsFromServer("window/workDoneProgress/create").isEmpty)
    }

    @Test func logMessagesReachTheClient() async throws {
        let client = TestClient()
        try await client.initialize()
        let ready = try await client.waitFor("ready log") {
            client.notifications("window/logMessage").first { $0["message"]?.stringValue?.contains("ready") == true }
        }
        #expect(ready["type"] == 3)
    }
}

@Suite struct ProgressTests {
    @Test func analysingALargeDocumentReportsProgress() async throws {
        let client = TestClient()
        client.server.queue.sync { client.server.progressThresholdBytes = 10 }
        try await client.initialize(capabilities: ["window": ["workDoneProgress": true]])
        client.open("file:///large.json", #"{"tools":[{"name":"ok","description":"d"}]}"#)
        _ = try await client.diagnostics("file:///large.json", version: 1)
        let token = try #require(client.requestsFromServer("window/workDoneProgress/create").first?["token"])
        let values = client.notifications("$/progress").filter { $0["token"] == token }.compactMap { $0["value"] }
        #expect(values.first?["kind"] == "begin")
        #expect(values.first?["title"] == "Analysing large.json")
        #expect(values.last?["kind"] == "end")

        let small = TestClient()
        try await small.initialize(capabilities: ["window": ["workDoneProgress": true]])
        small.open("file:///small.json", #"{"tools":[]}"#)
        _ = try await small.diagnostics("file:///small.json", version: 1)
        #expect(small.requestsFromServer("window/workDoneProgress/create").isEmpty)
    }
}
