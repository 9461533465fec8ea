import Foundation
import JSON

/// A request from the peer, answered exactly once: by its handler, or with `RequestCancelled`
/// when `$/cancelRequest` arrives first. Later answers are dropped.
public final class IncomingRequest: @unchecked Sendable {
    public let id: RequestID
    public let method: String
    public let params: JSONValue?
    private let lock = NSLock()
    private var answered = false
    private var cancelled = false
    private let send: @Sendable (RequestID, Result<JSONValue, ResponseError>) -> Void

    init(
        id: RequestID, method: String, params: JSONValue?,
        send: @escaping @Sendable (RequestID, Result<JSONValue, ResponseError>) -> Void
    ) {
        self.id = id
        self.method = method
        self.params = params
        self.send = send
    }

    /// True once the peer cancelled; long handlers check it and stop early.
    public var isCancelled: Bool {
        lock.withLock { cancelled }
    }

    public func reply(_ result: Result<JSONValue, ResponseError>) {
        let first = lock.withLock {
            defer { answered = true }
            return !answered
        }
        if first { send(id, result) }
    }

    public func reply(_ value: JSONValue) { reply(.success(value)) }
    public func reply(error: ResponseError) { reply(.failure(error)) }

    /// Runs `body` and answers with its value or its error; anything but a `ResponseError`
    /// becomes `InternalError`, so a failing handler never ends the process.
    public func reply(_ body: () throws -> JSONValue) {
        do {
            reply(.success(try body()))
        } catch let error as ResponseError {
            reply(.failure(error))
        } catch {
            reply(.failure(.internalError("\(method) failed: \(error)")))
        }
    }

    func cancel() {
        lock.withLock { cancelled = true }
        reply(.failure(.cancelled))
    }

    var isAnswered: Bool { lock.withLock { answered } }
}
