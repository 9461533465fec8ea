import Foundation
import JSON
import Testing

/// 200 tool files open at once in the real binary: each gets its own diagnostics, and closing
/// each clears them.
@Suite(.serialized) struct ManyDocumentsStressTests {
    private static let count = 200
    /// For all 200 documents together: a sanitizer build on a loaded machine took over 120 s.
    private static let deadline: Double = 600

    private func uri(_ i: Int) -> String { "file:///stress/many/doc\(i).tools.json" }

    /// Even documents hold a badly named tool (`name-target-pattern`), odd ones only good names;
    /// every name is unique across the workspace so no set-level finding links documents.
    private func text(_ i: Int) -> String {
        let name = i.isMultiple(of: 2) ? "Tool \(i)" : "tool_\(i)"
        return #"""
            {"tools":[{"name":"\#(name)","description":"Reads record \#(i) from the archive.","inputSchema":{"type":"object","properties":{}}},
            {"name":"other_\#(i)","description":"Writes record \#(i) to the archive.","inputSchema":{"type":"object","properties":{}}}]}
            """#
    }

    /// The last diagnostics published for each URI.
    private func lastPublished(_ server: ServerProcess) -> [String: JSONValue] {
        var last: [String: JSONValue] = [:]
        for message in server.allMessages() where message["method"] == "textDocument/publishDiagnostics" {
            if let uri = message.at("params.uri")?.stringValue { last[uri] = message["params"] }
        }
        return last
    }

    @Test func twoHundredOpenDocumentsAllGetDiagnosticsAndClosingClearsThem() async throws {
        let server = try ServerProcess()
        _ = try await server.initialize()
        let started = Date()
        for i in 0..<Self.count { server.open(uri(i), text(i), version: Int64(i + 1)) }

        let all = try await server.waitFor("diagnostics for all \(Self.count) documents", seconds: Self.deadline) {
            () -> [String: JSONValue]? in
            let last = lastPublished(server)
            return (0..<Self.count).allSatisfy { last[uri($0)] != nil } ? last : nil
        }
        // Each document's analysis is current once documentInfo answers (it waits for it).
        for i in 0..<Self.count {
            let info = try await server.call("toolwright/documentInfo", ["textDocument": ["uri": .string(uri(i))]])
            #expect(info.at("result.version") == .integer(Int64(i + 1)))
            #expect(info.at("result.tools.0.name")?.stringValue?.hasSuffix("\(i)") == true)
        }
        #expect(all.count == Self.count)
        let publications = server.allMessages().filter { $0["method"] == "textDocument/publishDiagnostics" }.count
        print(
            "many documents: \(Self.count) opened, \(publications) publications, all current after "
                + String(format: "%.1f s", Date().timeIntervalSince(started)))
        let settled = lastPublished(server)
        for i in 0..<Self.count {
            let params = try #require(settled[uri(i)])
            #expect(params["version"] == .integer(Int64(i + 1)))
            let codes = params["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
            #expect(codes.contains("name-target-pattern") == i.isMultiple(of: 2), "doc\(i): \(codes)")
            #expect(!codes.contains("name-duplicate"), "doc\(i): \(codes)")
        }

        for i in 0..<Self.count {
            server.notify("textDocument/didClose", ["textDocument": ["uri": .string(uri(i))]])
        }
        let closed = try await server.waitFor("cleared diagnostics for all documents", seconds: Self.deadline) {
            () -> [String: JSONValue]? in
            let last = lastPublished(server)
            return (0..<Self.count).allSatisfy { last[uri($0)]?["diagnostics"] == [] } ? last : nil
        }
        #expect(closed.count == Self.count)
        print("many documents: all cleared after " + String(format: "%.1f s", Date().timeIntervalSince(started)))
        let gone = try await server.call("toolwright/documentInfo", ["textDocument": ["uri": .string(uri(0))]])
        #expect(gone.at("error") != nil)
        // Nothing stale arrives after the clear: every last publication is still the empty one.
        #expect(lastPublished(server).values.allSatisfy { $0["diagnostics"] == [] })

        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        #expect(server.garbageCount == 0)
    }
}
