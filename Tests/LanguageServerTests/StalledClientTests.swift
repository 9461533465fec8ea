import Foundation
import JSON
import Testing

/// A client that stops reading the server's stdout for a while. The server's writes then block
/// on a full pipe; its reader must not: input is still taken (our writes complete), and when the
/// client reads again every answer arrives and the server still exits on `exit`.
@Suite(.serialized) struct StalledClientTests {
    private static let uri = "file:///stress/stalled.tools.json"
    private static let requests = 120

    /// Enough tools that each documentSymbol answer is tens of kilobytes.
    private static let text: String = {
        let tools = (0..<100).map { i in
            #"{"name":"tool_\#(i)","description":"Reads record \#(i).","inputSchema":{"type":"object","properties":{"id":{"type":"string","description":"Record id."}}}}"#
        }
        return #"{"tools":["# + tools.joined(separator: ",\n") + "]}"
    }()

    /// Writes on a separate thread and waits (bounded) for the write to finish: a server whose
    /// reader is stuck would leave it blocked once the stdin pipe is full.
    private func writeAccepted(_ server: ServerProcess, _ what: String, _ body: @escaping @Sendable () -> Void)
        async throws
    {
        let done = DoneFlag()
        Thread.detachNewThread {
            body()
            done.set()
        }
        _ = try await server.waitFor(what, seconds: 120) { done.isSet ? true : nil }
    }

    private func bytesOfResponses(_ server: ServerProcess, _ ids: [Int64]) -> Int {
        let wanted = Set(ids)
        return server.allMessages().reduce(0) { total, message in
            guard case .integer(let id) = message["id"], wanted.contains(id) else { return total }
            return total + Jansson.encode(message).count
        }
    }

    private func start() async throws -> ServerProcess {
        let server = try ServerProcess()
        _ = try await server.initialize()
        server.open(Self.uri, Self.text, version: 1)
        _ = try await server.notification("textDocument/publishDiagnostics") { $0["uri"] == .string(Self.uri) }
        return server
    }

    @Test func serverKeepsReadingWhileItsOutputIsBlockedAndCatchesUpOnResume() async throws {
        let server = try await start()
        server.pauseReading()
        let ids = IDList()
        try await writeAccepted(server, "requests written while output is not read") {
            for _ in 0..<Self.requests {
                ids.append(
                    server.sendRequest("textDocument/documentSymbol", ["textDocument": ["uri": .string(Self.uri)]]))
            }
            // More than a pipe's worth of input after the output stalled: a megabyte of new text.
            let big = Self.text + String(repeating: " ", count: 1 << 20)
            server.notify(
                "textDocument/didChange",
                [
                    "textDocument": ["uri": .string(Self.uri), "version": 2],
                    "contentChanges": [["text": .string(big)]],
                ])
        }
        server.resumeReading()

        let sent = ids.values
        #expect(sent.count == Self.requests)
        for id in sent { _ = try await server.response(id) }
        for id in sent {
            let answers = server.allMessages().filter { $0["id"] == .integer(id) }
            #expect(answers.count == 1)
            #expect(answers.first?.at("result.0.name") == "tool_0")
        }
        // Far more than a pipe buffer's 64 KB: the server's writer really was blocked.
        #expect(bytesOfResponses(server, sent) > 1 << 20)
        // The edit sent while the output was stalled was taken.
        let info = try await server.call("toolwright/documentInfo", ["textDocument": ["uri": .string(Self.uri)]])
        #expect(info.at("result.version") == 2)

        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        #expect(server.garbageCount == 0)
    }

    /// While the output is blocked the user keeps typing and every version gets analysed: the
    /// server queues only the latest diagnostics per document, not one set per edit, and the
    /// client gets the newest version when it reads again.
    @Test func diagnosticsQueuedWhileOutputIsBlockedCollapseToTheLatest() async throws {
        let server = try ServerProcess()
        _ = try await server.call(
            "initialize",
            ["processId": .null, "rootUri": .null, "capabilities": [:], "initializationOptions": ["debounceMs": 0]])
        server.notify("initialized", [:])
        server.open(Self.uri, Self.text, version: 1)
        let small = "file:///stress/typing.tools.json"
        @Sendable func smallText(_ version: Int) -> String {
            #"{"tools":[{"name":"get_record","description":"Reads record \#(version).","inputSchema":{"type":"object"}}]}"#
        }
        server.open(small, smallText(1), version: 1)
        for uri in [Self.uri, small] {
            _ = try await server.notification("textDocument/publishDiagnostics") { $0["uri"] == .string(uri) }
        }
        let before = server.allMessages().count
        server.pauseReading()
        let edits = 50
        try await writeAccepted(server, "requests and edits written while output is not read") {
            // More than a pipe buffer of answers, so the server's writer blocks first.
            for _ in 0..<20 {
                server.sendRequest("textDocument/documentSymbol", ["textDocument": ["uri": .string(Self.uri)]])
            }
            usleep(300_000)
            for version in 2...(edits + 1) {
                server.notify(
                    "textDocument/didChange",
                    [
                        "textDocument": ["uri": .string(small), "version": .integer(Int64(version))],
                        "contentChanges": [["text": .string(smallText(version))]],
                    ])
                // Time for each version to be analysed, which makes a publication per edit.
                usleep(30_000)
            }
        }
        server.resumeReading()
        _ = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"] == .string(small) && $0["version"] == .integer(Int64(edits + 1))
        }
        let published = server.allMessages()[before...].filter {
            $0["method"] == "textDocument/publishDiagnostics" && $0["params"]?["uri"] == .string(small)
        }
        // A set or two may have gone into the pipe before the writer blocked (a loaded machine
        // answers the symbol requests slowly); without superseding it is one per analysis.
        #expect(published.count <= 3, "\(published.count) publications for \(edits) edits")
        let info = try await server.call("toolwright/documentInfo", ["textDocument": ["uri": .string(small)]])
        #expect(info.at("result.version") == .integer(Int64(edits + 1)))
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    @Test func exitWhileOutputIsStillBlockedEndsTheProcess() async throws {
        let server = try await start()
        server.pauseReading()
        try await writeAccepted(server, "requests, shutdown and exit written while output is not read") {
            for _ in 0..<Self.requests {
                server.sendRequest("textDocument/documentSymbol", ["textDocument": ["uri": .string(Self.uri)]])
            }
            server.sendRequest("shutdown")
            server.notify("exit")
        }
        // Nobody reads the rest of the answers; the process must still end.
        #expect(try await server.exitStatus(seconds: 120) == 0)
    }
}

final class DoneFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func set() { lock.withLock { done = true } }
    var isSet: Bool { lock.withLock { done } }
}

final class IDList: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [Int64] = []
    func append(_ id: Int64) { lock.withLock { ids.append(id) } }
    var values: [Int64] { lock.withLock { ids } }
}
