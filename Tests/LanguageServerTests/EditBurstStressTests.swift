import Foundation
import JSON
import Testing

/// A client typing very fast into one document, over the real binary's pipes: 10,000
/// `didChange` notifications sent without waiting. Diagnostics may be published for some
/// intermediate versions, but never out of order, the last one is for the last version and
/// says what that text deserves, and the server's memory does not grow with the edit count.
@Suite(.serialized) struct EditBurstStressTests {
    private static let uri = "file:///stress/burst.tools.json"
    private static let edits = 10_000

    /// Twenty tools; the first tool's name is six characters at `nameOffset`, rewritten by
    /// every edit (a valid `t00001`… and, at the very end, the invalid `Bad Nm`).
    private static let text: String = {
        var tools = [#"{"name":"t00000","description":"Reads the weather for one city."}"#]
        for i in 1..<20 {
            tools.append(#"{"name":"tool_\#(i)","description":"Reads the record number \#(i) from the store."}"#)
        }
        return #"{"tools":["# + tools.joined(separator: ",") + "]}"
    }()
    private static let nameOffset = #"{"tools":[{"name":""#.utf8.count

    private func change(_ version: Int, name: String) -> JSONValue {
        let range: JSONValue = [
            "start": ["line": 0, "character": .integer(Int64(Self.nameOffset))],
            "end": ["line": 0, "character": .integer(Int64(Self.nameOffset + 6))],
        ]
        return [
            "textDocument": ["uri": .string(Self.uri), "version": .integer(Int64(version))],
            "contentChanges": [["range": range, "text": .string(name)]],
        ]
    }

    private func publishedVersions(_ server: ServerProcess) -> [Int64] {
        server.allMessages().compactMap { message -> Int64? in
            guard message["method"] == "textDocument/publishDiagnostics", message.at("params.uri") == .string(Self.uri),
                case .integer(let version) = message.at("params.version")
            else { return nil }
            return version
        }
    }

    /// Sends one burst of edits (versions `first`…`first + count - 1`), the last one invalid,
    /// and waits until the server has analysed the last version.
    private func burst(_ server: ServerProcess, from first: Int, count: Int) async throws -> JSONValue {
        for version in first..<(first + count - 1) {
            server.notify("textDocument/didChange", change(version, name: String(format: "t%05d", version % 100_000)))
        }
        let last = first + count - 1
        server.notify("textDocument/didChange", change(last, name: "Bad Nm"))
        // documentInfo waits for the analysis of the current version.
        let info = try await server.call("toolwright/documentInfo", ["textDocument": ["uri": .string(Self.uri)]])
        #expect(info.at("result.version") == .integer(Int64(last)))
        #expect(info.at("result.tools.0.name") == "Bad Nm")
        return try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"] == .string(Self.uri) && $0["version"] == .integer(Int64(last))
        }
    }

    @Test func tenThousandChangesPublishOnlyInOrderAndEndAtTheLastVersion() async throws {
        let server = try ServerProcess()
        let pid = server.process.processIdentifier
        _ = try await server.initialize()
        server.open(Self.uri, Self.text, version: 0)
        _ = try await server.notification("textDocument/publishDiagnostics") { $0["uri"] == .string(Self.uri) }
        let before = try #require(ProcessMemory.residentKilobytes(pid))

        let first = try await burst(server, from: 1, count: Self.edits)
        let diagnostics = first.at("params.diagnostics")?.arrayValue ?? []
        let pattern = try #require(diagnostics.first { $0["code"] == "name-target-pattern" })
        #expect(pattern.at("range.start.character") == .integer(Int64(Self.nameOffset - 1)))
        let afterFirst = try #require(ProcessMemory.residentKilobytes(pid))

        // A second burst of the same size: a per-edit leak would show as growth again.
        _ = try await burst(server, from: Self.edits + 1, count: Self.edits)
        let afterSecond = try #require(ProcessMemory.residentKilobytes(pid))

        let versions = publishedVersions(server)
        #expect(versions.first == 0)
        #expect(versions.last == Int64(2 * Self.edits))
        #expect(zip(versions, versions.dropFirst()).allSatisfy { $0 < $1 }, "published out of order: \(versions)")
        #expect(versions.count < 2 * Self.edits)
        print(
            "edit burst: \(2 * Self.edits) changes, \(versions.count) publications; RSS \(before) kB before, "
                + "\(afterFirst) kB after the first burst, \(afterSecond) kB after the second")
        // Generous bounds (the document is 2 KB): 20,000 retained edits or diagnostics sets would
        // exceed them, normal allocator noise does not. Under a sanitizer (scripts/sanitize.sh
        // says which) RSS measures ASan's quarantine of freed memory and the shadow memory, so
        // the figures are printed but not held to these bounds.
        if ProcessInfo.processInfo.environment["TOOLWRIGHT_SANITIZER"] == nil {
            #expect(afterFirst - before < 64 * 1024, "RSS grew from \(before) kB to \(afterFirst) kB")
            #expect(afterSecond - afterFirst < 32 * 1024, "RSS grew from \(afterFirst) kB to \(afterSecond) kB")
        }

        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        #expect(server.garbageCount == 0)
    }
}
