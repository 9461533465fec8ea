import Foundation
import JSON
import JSONRPC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// JSON-RPC over a server's stdin/stdout with the project's `Connection` (newline-delimited
/// framing, blocking reader thread): replies arrive as soon as the server writes them.
final class StdioChannel: MCPChannel, @unchecked Sendable {
    let process: ServerProcess
    let stderr: StderrCollector
    private var connection: Connection!
    private let lock = NSLock()
    /// Set once output was not JSON-RPC: every waiting and later request fails with it.
    private var fatal: MCPClientError?
    private var waiting: [Int: Once<Result<JSONValue, MCPClientError>>] = [:]
    private var nextToken = 0
    private var stdinClosed = false
    private let onToolListChanged: (@Sendable () -> Void)?
    private let onNotification: (@Sendable (String, JSONValue?) -> Void)?

    /// The marker a closed connection gives pending requests; turned into `serverExited`.
    private static let closedMessage = "Connection closed"

    init(
        process: ServerProcess, onToolListChanged: (@Sendable () -> Void)?,
        onNotification: (@Sendable (String, JSONValue?) -> Void)?
    ) {
        self.process = process
        self.stderr = StderrCollector(fd: process.stderr)
        self.onToolListChanged = onToolListChanged
        self.onNotification = onNotification
        let connection = Connection(
            input: process.stdout, output: process.stdin, framing: .newlineDelimited,
            log: { [weak self] in self?.transportLog($0) })
        // Only end of input ends the reader: closing stdout while read(2) runs would be unsafe.
        connection.stopOnWriteFailure = false
        self.connection = connection
        connection.start(WeakHandler(self))
    }

    /// A client dropped without `close()` must not leave its server running.
    deinit {
        process.signal(SIGKILL)
        closeStdin()
    }

    // MARK: MCPChannel

    func request(_ method: String, params: JSONValue?, timeout: Double) async throws -> JSONValue {
        let key = lock.withLock {
            nextToken += 1
            return nextToken
        }
        let result: Result<JSONValue, MCPClientError> = await withCheckedContinuation { continuation in
            let once = Once(continuation)
            let failed: MCPClientError? = lock.withLock {
                if let fatal { return fatal }
                waiting[key] = once
                return nil
            }
            if let failed {
                once.resume(.failure(failed))
                return
            }
            let id = connection.send(request: method, params: params) { reply in
                switch reply {
                case .success(let value): once.resume(.success(value))
                case .failure(let error)
                where error.code == ErrorCode.requestFailed && error.message == Self.closedMessage:
                    once.resume(.failure(.closed))
                case .failure(let error): once.resume(.failure(.serverError(method: method, error, stderr: "")))
                }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self] in
                guard once.resume(.failure(.timeout(method: method, seconds: timeout, stderr: ""))) else { return }
                self?.connection.send(
                    notification: "notifications/cancelled",
                    params: ["requestId": id.json, "reason": "timed out"])
            }
        }
        lock.withLock { _ = waiting.removeValue(forKey: key) }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw await explain(error, method: method)
        }
    }

    func notify(_ method: String, params: JSONValue?) async throws {
        if let fatal = lock.withLock({ fatal }) { throw fatal }
        connection.send(notification: method, params: params)
    }

    /// Adds what the server left behind (exit status, standard error) to a failure.
    private func explain(_ error: MCPClientError, method: String) async -> MCPClientError {
        switch error {
        case .closed:
            // Output ended: the server is exiting. Wait for its status and last words.
            let status = await process.waitForExit(timeout: 2)
            await stderr.waitForEnd(timeout: 1)
            if let status { return .serverExited(method: method, status: status, stderr: stderr.tail()) }
            return .protocolViolation("the server closed its standard output during \(method) but kept running")
        case .timeout(let method, let seconds, _):
            return .timeout(method: method, seconds: seconds, stderr: stderr.tail())
        case .serverError(let method, let response, _):
            return .serverError(method: method, response, stderr: stderr.tail())
        case .invalidOutput(let line, _):
            return .invalidOutput(line: line, stderr: stderr.tail())
        default:
            return error
        }
    }

    // MARK: Messages from the server (via WeakHandler)

    func handle(_ request: IncomingRequest) {
        // We offer no client capabilities, so `ping` is the only request a server may send.
        if request.method == "ping" {
            request.reply(.success([:]))
        } else {
            request.reply(.failure(.methodNotFound(request.method)))
        }
    }

    func handle(notification method: String, params: JSONValue?) {
        if method == "notifications/tools/list_changed" { onToolListChanged?() }
        onNotification?(method, params)
    }

    func connectionClosed() {
        close(process.stdout)
        failAll(.closed, permanently: false)
    }

    private func transportLog(_ message: String) {
        let prefix = "jsonrpc: unparseable message: "
        if message.hasPrefix(prefix) {
            failAll(.invalidOutput(line: String(message.dropFirst(prefix.count)), stderr: ""), permanently: true)
        } else if message.hasPrefix("jsonrpc: skipped input") || message.contains("exceeds the limit") {
            failAll(.protocolViolation(message.replacingOccurrences(of: "jsonrpc: ", with: "")), permanently: true)
        }
    }

    private func failAll(_ error: MCPClientError, permanently: Bool) {
        let waiters = lock.withLock {
            if permanently && fatal == nil { fatal = error }
            defer { waiting = [:] }
            return Array(waiting.values)
        }
        for waiter in waiters { waiter.resume(.failure(error)) }
    }

    // MARK: Shutdown

    /// Closes the server's stdin once everything queued has been written.
    func closeStdin() {
        let first = lock.withLock {
            defer { stdinClosed = true }
            return !stdinClosed
        }
        guard first else { return }
        let connection = self.connection!
        let fd = process.stdin
        DispatchQueue.global().async {
            connection.flush()
            close(fd)
        }
    }

    /// Close stdin, wait; SIGTERM, wait; SIGKILL. Returns how the server ended.
    func shutdown(_ timeouts: MCPTimeouts) async -> ExitStatus {
        closeStdin()
        if let status = await process.waitForExit(timeout: timeouts.exitAfterClose) { return status }
        process.signal(SIGTERM)
        if let status = await process.waitForExit(timeout: timeouts.exitAfterTerminate) { return status }
        process.signal(SIGKILL)
        return await process.waitForExit(timeout: 10) ?? .signalled(SIGKILL)
    }
}

/// The connection keeps its handler for good; holding the channel weakly lets it be freed.
private final class WeakHandler: MessageHandler, @unchecked Sendable {
    private weak var channel: StdioChannel?
    private let process: ServerProcess

    init(_ channel: StdioChannel) {
        self.channel = channel
        self.process = channel.process
    }

    func handle(_ request: IncomingRequest) {
        if let channel { channel.handle(request) } else { request.reply(.failure(.methodNotFound(request.method))) }
    }

    func handle(notification method: String, params: JSONValue?) {
        channel?.handle(notification: method, params: params)
    }

    func connectionClosed() {
        if let channel { channel.connectionClosed() } else { close(process.stdout) }
    }
}
