import Foundation
import JSON
import JSONRPC

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Streamable HTTP: each message is a POST; the reply is JSON or a short SSE stream that
/// carries notifications and then the response. The session id from `initialize` and the
/// negotiated protocol version go back in headers on every later request.
///
/// The whole reply body is read before it is parsed (URLSession on Linux does not stream),
/// which is enough for request-scoped streams: servers end them after the response.
final class HTTPChannel: MCPChannel, @unchecked Sendable {
    let url: URL
    private let headers: [String: String]
    private let session: URLSession
    private let lock = NSLock()
    private var sessionID: String?
    private var protocolVersion: String?
    private var nextID: Int64 = 0
    private let onToolListChanged: (@Sendable () -> Void)?
    private let onNotification: (@Sendable (String, JSONValue?) -> Void)?

    init(
        url: URL, headers: [String: String], onToolListChanged: (@Sendable () -> Void)?,
        onNotification: (@Sendable (String, JSONValue?) -> Void)?
    ) {
        self.url = url
        self.headers = headers
        self.session = URLSession(configuration: .ephemeral)
        self.onToolListChanged = onToolListChanged
        self.onNotification = onNotification
    }

    var currentSessionID: String? { lock.withLock { sessionID } }

    func setProtocolVersion(_ version: String) { lock.withLock { protocolVersion = version } }

    func request(_ method: String, params: JSONValue?, timeout: Double) async throws -> JSONValue {
        let id = RequestID.integer(
            lock.withLock {
                nextID += 1
                return nextID
            })
        let (body, response) = try await post(
            .request(id: id, method: method, params: params), method: method, timeout: timeout)
        if method == "initialize", let assigned = response.value(forHTTPHeaderField: "Mcp-Session-Id") {
            lock.withLock { sessionID = assigned }
        }
        for message in try messages(in: body, response: response, method: method) {
            switch message {
            case .response(let replyID, let result) where replyID == id:
                switch result {
                case .success(let value): return value
                case .failure(let error): throw MCPClientError.serverError(method: method, error, stderr: "")
                }
            case .notification(let name, let params):
                if name == "notifications/tools/list_changed" { onToolListChanged?() }
                onNotification?(name, params)
            default:
                // Server requests on a POST stream would need answering by another POST;
                // we declare no capabilities, so only ping could come, and it can go unanswered.
                continue
            }
        }
        throw MCPClientError.protocolViolation("the HTTP reply to \(method) holds no JSON-RPC response to it")
    }

    func notify(_ method: String, params: JSONValue?) async throws {
        _ = try await post(.notification(method: method, params: params), method: method, timeout: 30)
    }

    /// Ends the server's session (servers that do not support it answer 405, which is fine).
    func terminate() async {
        if let sessionID = currentSessionID {
            var request = URLRequest(url: url, timeoutInterval: 5)
            request.httpMethod = "DELETE"
            request.setValue(sessionID, forHTTPHeaderField: "Mcp-Session-Id")
            if let version = lock.withLock({ protocolVersion }) {
                request.setValue(version, forHTTPHeaderField: "MCP-Protocol-Version")
            }
            _ = try? await session.data(for: request)
        }
        session.finishTasksAndInvalidate()
    }

    private func post(_ message: Message, method: String, timeout: Double) async throws -> ([UInt8], HTTPURLResponse) {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json, text/event-stream", forHTTPHeaderField: "Accept")
        let (sessionID, version) = lock.withLock { (self.sessionID, protocolVersion) }
        if let sessionID { request.setValue(sessionID, forHTTPHeaderField: "Mcp-Session-Id") }
        if let version { request.setValue(version, forHTTPHeaderField: "MCP-Protocol-Version") }
        request.httpBody = Data(message.encoded())
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError where error.code == .timedOut {
            throw MCPClientError.timeout(method: method, seconds: timeout, stderr: "")
        } catch {
            throw MCPClientError.connectionFailed(url: url.absoluteString, reason: Self.reason(error))
        }
        guard let http = response as? HTTPURLResponse else {
            throw MCPClientError.protocolViolation("the reply to \(method) is not HTTP")
        }
        guard (200..<300).contains(http.statusCode) else {
            throw MCPClientError.http(
                method: method, status: http.statusCode, body: String(decoding: data, as: UTF8.self))
        }
        return (Array(data), http)
    }

    private func messages(in body: [UInt8], response: HTTPURLResponse, method: String) throws -> [Message] {
        let type = (response.value(forHTTPHeaderField: "Content-Type") ?? "").lowercased()
        let texts: [[UInt8]]
        if type.hasPrefix("text/event-stream") {
            texts = ServerSentEvents.dataFields(body).map { Array($0.utf8) }
        } else if type.hasPrefix("application/json") {
            texts = [body]
        } else {
            throw MCPClientError.protocolViolation(
                "the reply to \(method) has Content-Type \(type.isEmpty ? "(none)" : type), "
                    + "expected application/json or text/event-stream")
        }
        var messages: [Message] = []
        for text in texts {
            let value: JSONValue
            do {
                value = try Jansson.decode(text, options: [.decodeAny])
            } catch {
                throw MCPClientError.invalidOutput(line: String(decoding: text.prefix(200), as: UTF8.self), stderr: "")
            }
            // A JSON body may be a batch.
            for item in value.arrayValue ?? [value] {
                if case .success(let message) = Message.parse(item) { messages.append(message) }
            }
        }
        return messages
    }

    private static func reason(_ error: any Error) -> String {
        if let url = error as? URLError {
            switch url.code {
            case .cannotConnectToHost: return "connection refused"
            case .cannotFindHost: return "host not found"
            case .networkConnectionLost: return "the connection was closed before a reply"
            default: return url.localizedDescription
            }
        }
        return "\(error)"
    }
}
