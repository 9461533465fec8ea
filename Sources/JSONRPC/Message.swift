import JSON

/// A JSON-RPC request id. The spec allows integers and strings (and `null` only in error
/// responses to messages whose id could not be read).
public enum RequestID: Sendable, Hashable, CustomStringConvertible {
    case integer(Int64)
    case string(String)

    public var json: JSONValue {
        switch self {
        case .integer(let i): .integer(i)
        case .string(let s): .string(s)
        }
    }

    public init?(_ value: JSONValue) {
        switch value {
        case .integer(let i): self = .integer(i)
        case .string(let s): self = .string(s)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .integer(let i): String(i)
        case .string(let s): JSONValue.quoted(s)
        }
    }
}

/// The error codes of JSON-RPC 2.0 and the LSP additions this package uses.
public enum ErrorCode {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    /// LSP: a request arrived before `initialize`.
    public static let serverNotInitialized = -32002
    public static let unknownErrorCode = -32001
    /// LSP: the client cancelled the request.
    public static let requestCancelled = -32800
    /// LSP: the document changed while the request ran.
    public static let contentModified = -32801
    public static let requestFailed = -32803
}

/// An error reply (`{"code","message","data"?}`). Handlers throw it to answer with that code.
public struct ResponseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public static func invalidParams(_ message: String) -> ResponseError {
        ResponseError(code: ErrorCode.invalidParams, message: message)
    }
    public static func internalError(_ message: String) -> ResponseError {
        ResponseError(code: ErrorCode.internalError, message: message)
    }
    public static func methodNotFound(_ method: String) -> ResponseError {
        ResponseError(code: ErrorCode.methodNotFound, message: "Unhandled method \(method)")
    }
    public static let cancelled = ResponseError(code: ErrorCode.requestCancelled, message: "Request cancelled")

    public var json: JSONValue {
        var members = [JSONMember("code", .integer(Int64(code))), JSONMember("message", .string(message))]
        if let data { members.append(JSONMember("data", data)) }
        return .object(members)
    }

    public init?(_ value: JSONValue) {
        guard let code = value["code"], case .integer(let c) = code, let message = value["message"]?.stringValue
        else { return nil }
        self.init(code: Int(c), message: message, data: value["data"])
    }

    public var description: String { "\(code): \(message)" }
}

/// One JSON-RPC 2.0 message.
public enum Message: Sendable {
    case request(id: RequestID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    /// A reply; `id` is `nil` only for errors about unreadable messages.
    case response(id: RequestID?, result: Result<JSONValue, ResponseError>)

    public var json: JSONValue {
        var members = [JSONMember("jsonrpc", "2.0")]
        switch self {
        case .request(let id, let method, let params):
            members.append(JSONMember("id", id.json))
            members.append(JSONMember("method", .string(method)))
            if let params { members.append(JSONMember("params", params)) }
        case .notification(let method, let params):
            members.append(JSONMember("method", .string(method)))
            if let params { members.append(JSONMember("params", params)) }
        case .response(let id, let result):
            members.append(JSONMember("id", id?.json ?? .null))
            switch result {
            case .success(let value): members.append(JSONMember("result", value))
            case .failure(let error): members.append(JSONMember("error", error.json))
            }
        }
        return .object(members)
    }

    /// The wire form of the body (no framing): compact JSON written directly to bytes
    /// (`JSONWriter`: no intermediate jansson tree, no recursion).
    public func encoded() -> [UInt8] {
        JSONWriter.bytes(json)
    }

    /// Reads a decoded body. A malformed message yields the error to answer with, and the id
    /// to answer to when one could be read.
    public static func parse(_ value: JSONValue) -> Result<Message, InvalidMessage> {
        guard case .object = value else {
            return .failure(InvalidMessage(id: nil, error: invalid("Message is not a JSON object")))
        }
        let rawID = value["id"]
        let id = rawID.flatMap(RequestID.init)
        guard value["jsonrpc"]?.stringValue == "2.0" else {
            return .failure(InvalidMessage(id: id, error: invalid("Missing or unsupported \"jsonrpc\" version")))
        }
        if let methodValue = value["method"] {
            guard let method = methodValue.stringValue else {
                return .failure(InvalidMessage(id: id, error: invalid("\"method\" must be a string")))
            }
            // Some clients send `"params": null` for shutdown/exit; read it as absent.
            var params = value["params"]
            if params?.isNull == true { params = Optional<JSONValue>.none }
            if let params {
                switch params {
                case .object, .array: break
                default:
                    return .failure(InvalidMessage(id: id, error: invalid("\"params\" must be an object or array")))
                }
            }
            guard rawID != nil else { return .success(.notification(method: method, params: params)) }
            guard let id else {
                return .failure(InvalidMessage(id: nil, error: invalid("\"id\" must be an integer or a string")))
            }
            return .success(.request(id: id, method: method, params: params))
        }
        if let result = value["result"] {
            guard let id else { return .failure(InvalidMessage(id: nil, error: invalid("Response without an id"))) }
            return .success(.response(id: id, result: .success(result)))
        }
        if let errorValue = value["error"] {
            guard let error = ResponseError(errorValue) else {
                return .failure(InvalidMessage(id: id, error: invalid("Malformed \"error\" member")))
            }
            return .success(.response(id: id, result: .failure(error)))
        }
        return .failure(InvalidMessage(id: id, error: invalid("Neither a request, a notification nor a response")))
    }

    private static func invalid(_ message: String) -> ResponseError {
        ResponseError(code: ErrorCode.invalidRequest, message: message)
    }
}

/// Why a decoded body is not a JSON-RPC message.
public struct InvalidMessage: Error, Sendable {
    public var id: RequestID?
    public var error: ResponseError
}
