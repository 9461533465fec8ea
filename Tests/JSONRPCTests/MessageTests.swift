import JSON
import Testing

@testable import JSONRPC

@Suite struct MessageTests {
    private func parse(_ text: String) throws -> Result<Message, InvalidMessage> {
        Message.parse(try Jansson.decode(text))
    }

    @Test func readsRequestsNotificationsAndResponses() throws {
        guard
            case .success(.request(.integer(3), "a/b", let params)) = try parse(
                #"{"jsonrpc":"2.0","id":3,"method":"a/b","params":{"x":1}}"#)
        else {
            Issue.record("not a request")
            return
        }
        #expect(params == ["x": 1])
        guard case .success(.notification("n", nil)) = try parse(#"{"jsonrpc":"2.0","method":"n"}"#) else {
            Issue.record("not a notification")
            return
        }
        guard
            case .success(.response(.string("k"), .failure(let error))) = try parse(
                #"{"jsonrpc":"2.0","id":"k","error":{"code":-32601,"message":"no"}}"#)
        else {
            Issue.record("not an error response")
            return
        }
        #expect(error.code == ErrorCode.methodNotFound)
    }

    @Test func nullParamsAreReadAsAbsent() throws {
        let result = try parse(#"{"jsonrpc":"2.0","id":1,"method":"shutdown","params":null}"#)
        guard case .success(.request(.integer(1), "shutdown", let params)) = result else {
            Issue.record("params null rejected: \(result)")
            return
        }
        #expect(params == Optional<JSONValue>.none)
    }

    @Test(arguments: [
        #"{"id":1,"method":"m"}"#,
        #"{"jsonrpc":"1.0","id":1,"method":"m"}"#,
        #"{"jsonrpc":"2.0","id":1,"method":7}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"m","params":3}"#,
        #"{"jsonrpc":"2.0","id":1.5,"method":"m"}"#,
        #"{"jsonrpc":"2.0","id":1}"#,
        #"[1,2]"#,
    ])
    func rejectsMalformedMessagesAsInvalidRequest(_ text: String) throws {
        guard case .failure(let invalid) = try parse(text) else {
            Issue.record("accepted \(text)")
            return
        }
        #expect(invalid.error.code == ErrorCode.invalidRequest)
    }

    @Test func keepsTheIdOfAnInvalidRequestWhenReadable() throws {
        guard case .failure(let invalid) = try parse(#"{"jsonrpc":"3.0","id":"x","method":"m"}"#) else {
            Issue.record("accepted")
            return
        }
        #expect(invalid.id == .string("x"))
    }

    @Test func encodesWithNullIdForUnreadableMessages() throws {
        let message = Message.response(id: nil, result: .failure(ResponseError(code: -32700, message: "bad")))
        let value = try Jansson.decode(message.encoded())
        #expect(value["id"] == .null)
        #expect(value["error"]?["code"] == .integer(-32700))
        #expect(value["jsonrpc"] == "2.0")
    }
}
