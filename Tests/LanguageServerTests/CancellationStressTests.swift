import Foundation
import JSON
import JSONRPC
import Testing

/// Requests and `$/cancelRequest` interleaved in bulk over the real binary, while edits keep the
/// document's analysis pending (so requests wait and cancellations find them in flight). Every
/// request is answered exactly once: a cancelled one with RequestCancelled or its result, any
/// other one with its result.
@Suite(.serialized) struct CancellationStressTests {
    private static let uri = "file:///stress/cancel.tools.json"
    private static let rounds = 400

    private static func text(_ version: Int) -> String {
        let tools = (0..<40).map { i in
            #"{"name":"tool_\#(i)","description":"Reads record \#(i) of revision \#(version).","inputSchema":{"type":"object"}}"#
        }
        return #"{"tools":["# + tools.joined(separator: ",\n") + "]}"
    }

    @Test func everyRequestIsAnsweredOnceWhateverTheCancellations() async throws {
        let server = try ServerProcess()
        _ = try await server.initialize()
        server.open(Self.uri, Self.text(1), version: 1)
        let document: JSONValue = ["textDocument": ["uri": .string(Self.uri)]]
        let position: JSONValue = ["line": 0, "character": 12]
        let methods: [(String, JSONValue)] = [
            ("textDocument/documentSymbol", document),
            ("toolwright/documentInfo", document),
            ("textDocument/hover", ["textDocument": ["uri": .string(Self.uri)], "position": position]),
            ("textDocument/codeLens", document),
        ]

        var sent: [Int64] = []
        var cancelled = Set<Int64>()
        // A fixed pattern rather than randomness, so a failure reproduces.
        for round in 0..<Self.rounds {
            if round % 25 == 0 {
                let version = round / 25 + 2
                server.notify(
                    "textDocument/didChange",
                    [
                        "textDocument": ["uri": .string(Self.uri), "version": .integer(Int64(version))],
                        "contentChanges": [["text": .string(Self.text(version))]],
                    ])
            }
            let (method, params) = methods[round % methods.count]
            let id = server.sendRequest(method, params)
            sent.append(id)
            switch round % 5 {
            case 0, 3:
                // Cancel right behind the request.
                server.notify("$/cancelRequest", ["id": .integer(id)])
                cancelled.insert(id)
            case 1 where sent.count >= 4:
                // Cancel one sent a few requests ago (possibly answered already).
                let earlier = sent[sent.count - 4]
                server.notify("$/cancelRequest", ["id": .integer(earlier)])
                cancelled.insert(earlier)
            case 2:
                // Cancellations of ids that were never sent, or were answered long ago, are ignored.
                server.notify("$/cancelRequest", ["id": .integer(id + 1_000_000)])
                server.notify("$/cancelRequest", ["id": .string("no-such-request-\(round)")])
            default:
                break
            }
        }
        // Cancelling twice is harmless too.
        if let first = sent.first { server.notify("$/cancelRequest", ["id": .integer(first)]) }

        for id in sent { _ = try await server.response(id) }
        // One more round trip, so a duplicate answer sent late would be in by now.
        _ = try await server.call("toolwright/documentInfo", document)

        var answers: [Int64: [JSONValue]] = [:]
        for message in server.allMessages() {
            if case .integer(let id) = message["id"], message["method"] == nil {
                answers[id, default: []].append(message)
            }
        }
        var cancelledAnswers = 0
        for id in sent {
            let replies = answers[id] ?? []
            #expect(replies.count == 1, "request \(id) answered \(replies.count) times")
            guard let reply = replies.first else { continue }
            if let error = reply["error"] {
                #expect(cancelled.contains(id), "request \(id) failed without being cancelled: \(error)")
                #expect(error["code"] == .integer(Int64(ErrorCode.requestCancelled)))
                cancelledAnswers += 1
            } else {
                #expect(reply["result"] != nil)
            }
        }
        print(
            "cancellation stress: \(sent.count) requests, \(cancelled.count) cancelled, \(cancelledAnswers) answered -32800"
        )
        #expect(server.nullIDErrors().isEmpty)

        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        #expect(server.garbageCount == 0)
    }
}
