import Foundation
import JSON
import JSONRPC
import SourceDocument
import Testing

@testable import LanguageServer

@Suite struct CancellationTests {
    @Test func cancelledRequestAnswersRequestCancelledAndServerGoesOn() async throws {
        let client = TestClient()
        try await client.initialize()
        client.open("file:///slow.json", #"{"tools":[{"name":"SLOW"}]}"#)
        client.analysis.gate.awaitWaiter()
        // The hover waits for the blocked analysis; cancel it meanwhile.
        let reply = ReplyBox()
        let id = client.connection.send(
            request: "textDocument/hover",
            params: [
                "textDocument": ["uri": "file:///slow.json"], "position": TextPosition(line: 0, character: 1).json,
            ]
        ) { reply.set($0) }
        client.notify("$/cancelRequest", ["id": id.json])
        let result = try await client.waitFor("hover reply") { reply.value }
        guard case .failure(let error) = result else {
            Issue.record("hover was answered: \(result)")
            return
        }
        #expect(error.code == ErrorCode.requestCancelled)
        client.analysis.gate.release()
        client.open("file:///other.json", #"{"tools":[]}"#)
        let info = try await client.request("toolwright/documentInfo", ["textDocument": ["uri": "file:///slow.json"]])
        #expect(info.at("tools.0.name") == "SLOW")
    }
}

final class ReplyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<JSONValue, ResponseError>?
    func set(_ value: Result<JSONValue, ResponseError>) { lock.withLock { result = value } }
    var value: Result<JSONValue, ResponseError>? { lock.withLock { result } }
}
