import JSON
import Testing

/// A change in one document's tools re-checks the other documents (set-level rules), and a
/// burst of changes is coalesced instead of re-checking everything once per change.
@Suite struct WorkspaceCascadeTests {
    private func hasDuplicate(_ params: JSONValue) -> Bool {
        params["diagnostics"]?.arrayValue?.contains { $0["code"] == "test/duplicate-name" } == true
    }

    private func lastPublished(_ client: TestClient, _ uri: String) -> JSONValue? {
        client.notifications("textDocument/publishDiagnostics").last { $0["uri"]?.stringValue == uri }
    }

    @Test func aBurstOfOpensIsNotRecheckedOncePerOpenedDocument() async throws {
        let client = TestClient()
        try await client.initialize()
        let count = 100
        for i in 0..<count {
            client.open("file:///burst/\(i).json", #"{"tools":[{"name":"tool_\#(i)","description":"d"}]}"#)
        }
        client.open("file:///burst/twin.json", #"{"tools":[{"name":"tool_0","description":"d"}]}"#)
        _ = try await client.waitFor("doc 0 re-checked with its twin") {
            lastPublished(client, "file:///burst/0.json").flatMap { hasDuplicate($0) ? $0 : nil }
        }
        for i in 0..<count {
            let info = try await client.request(
                "toolwright/documentInfo", ["textDocument": ["uri": .string("file:///burst/\(i).json")]])
            #expect(info.at("tools.0.name")?.stringValue == "tool_\(i)")
        }
        // Re-checking every document after each first analysis would be ~count²/2 analyses.
        let analyses = client.analysis.versions.count
        #expect(analyses >= count + 1)
        #expect(analyses <= 4 * count, "\(analyses) analyses for \(count + 1) documents")
        #expect(lastPublished(client, "file:///burst/1.json").map(hasDuplicate) == false)
    }

    @Test func aDocumentInFlightDuringAChangeIsRecheckedWhenItReturns() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///slow.json", #"{"tools":[{"name":"shared","description":"SLOW"}]}"#)
        client.analysis.gate.awaitWaiter()
        client.open("file:///fast.json", #"{"tools":[{"name":"shared","description":"d"}]}"#)
        // fast.json's first analysis cannot see slow.json yet (it has no analysis).
        let fast = try await client.diagnostics("file:///fast.json", version: 1)
        #expect(!hasDuplicate(fast))
        client.analysis.gate.release()
        // slow.json's analysis started before fast.json existed: it comes back stale and both
        // are re-checked against each other.
        _ = try await client.waitFor("slow.json with the duplicate") {
            lastPublished(client, "file:///slow.json").flatMap { hasDuplicate($0) ? $0 : nil }
        }
        _ = try await client.waitFor("fast.json with the duplicate") {
            lastPublished(client, "file:///fast.json").flatMap { hasDuplicate($0) ? $0 : nil }
        }
    }

    @Test func closingADocumentRechecksTheOthers() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///a.json", #"{"tools":[{"name":"shared","description":"d"}]}"#)
        _ = try await client.diagnostics("file:///a.json", version: 1)
        client.open("file:///b.json", #"{"tools":[{"name":"shared","description":"d"}]}"#)
        _ = try await client.waitFor("a.json with the duplicate") {
            lastPublished(client, "file:///a.json").flatMap { hasDuplicate($0) ? $0 : nil }
        }
        client.notify("textDocument/didClose", ["textDocument": ["uri": "file:///b.json"]])
        _ = try await client.waitFor("a.json without the duplicate") {
            lastPublished(client, "file:///a.json").flatMap { hasDuplicate($0) ? nil : $0 }
        }
    }
}
