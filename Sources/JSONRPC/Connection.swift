import Foundation
import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Receives what the peer sends. Methods are called on the connection's reader thread, in
/// arrival order; they should hand work off quickly.
public protocol MessageHandler: AnyObject, Sendable {
    func handle(_ request: IncomingRequest)
    func handle(notification method: String, params: JSONValue?)
    /// The input reached end of file or failed; no more messages will come.
    func connectionClosed()
}

/// A JSON-RPC 2.0 endpoint over a pair of file descriptors: one reader thread that frames and
/// decodes, one serial writer that alone writes the output descriptor. Usable as server or
/// client (outgoing requests are matched to their responses).
public final class Connection: @unchecked Sendable {
    public let framing: Framing
    public let limits: FramingLimits
    private let input: Int32
    private let output: Int32
    private let log: @Sendable (String) -> Void
    private let writeQueue = DispatchQueue(label: "toolwright.jsonrpc.writer")
    /// Guards the state below; `flush` waits on it for the writer to go idle.
    private let lock = NSCondition()
    private var handler: (any MessageHandler)?
    private var pending: [RequestID: @Sendable (Result<JSONValue, ResponseError>) -> Void] = [:]
    private var inflight: [RequestID: IncomingRequest] = [:]
    private var nextID: Int64 = 1
    private var writeFailed = false
    private var outbox = Outbox()
    private var readerDone = false
    private let closedSemaphore = DispatchSemaphore(value: 0)
    /// Stop reading once a write fails: for a server, a peer that stopped reading is gone.
    public var stopOnWriteFailure = true
    /// Most bytes of output that may wait for a peer that does not read before answers to its
    /// requests are cut down: past it, a result is replaced by a `RequestFailed` error that says
    /// so, so memory stays bounded while every request still gets exactly one answer.
    /// Notifications are not cut (diagnostics supersede their own queued sets).
    public var maxQueuedOutputBytes = 64 << 20
    /// Answers cut since the backlog last drained (logged once per backlog).
    private var cutAnswers = 0

    /// - Parameter log: receives framing problems and I/O errors (default: standard error).
    public init(
        input: Int32, output: Int32, framing: Framing = .contentLength, limits: FramingLimits = FramingLimits(),
        log: @escaping @Sendable (String) -> Void = Connection.logToStandardError
    ) {
        self.input = input
        self.output = output
        self.framing = framing
        self.limits = limits
        self.log = log
    }

    @Sendable public static func logToStandardError(_ message: String) {
        var line = Array(message.utf8)
        line.append(0x0A)
        line.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    /// Starts the reader thread. Call once.
    public func start(_ handler: any MessageHandler) {
        lock.withLock { self.handler = handler }
        let thread = Thread { [self] in readLoop() }
        thread.name = "toolwright.jsonrpc.reader"
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Blocks until the input is closed and the handler was told.
    public func waitUntilClosed() {
        closedSemaphore.wait()
        closedSemaphore.signal()
    }

    // MARK: Sending

    public func send(_ message: Message) {
        enqueue(framing.frame(message.encoded()))
    }

    public func send(notification method: String, params: JSONValue? = nil) {
        send(.notification(method: method, params: params))
    }

    /// Sends a notification that supersedes an earlier one with the same `key` if that one is
    /// still queued, unwritten (see `Outbox`).
    public func send(notification method: String, params: JSONValue?, coalescingKey key: String) {
        enqueue(framing.frame(Message.notification(method: method, params: params).encoded()), key: key)
    }

    /// A frame of at most `PIPE_BUF` bytes is written on the sender's thread when nothing is
    /// queued, no writer is draining and the output polls writable, so the write cannot block:
    /// a small reply costs no thread hand-off. Anything else goes through the outbox and the
    /// serial writer, which may block on a peer that does not read without holding up senders.
    private func enqueue(_ bytes: [UInt8], key: String? = nil) {
        if bytes.count <= Self.inlineWriteLimit && lock.withLock({ outbox.claimIdleWriter() }) {
            // This thread is the writer now; frames sent meanwhile queue behind this one.
            if outputHasRoom() {
                writeAll(bytes)
            } else {
                lock.withLock { _ = outbox.push(bytes, key: key) }
            }
            let mustDrain = lock.withLock {
                let queued = outbox.releaseWriter()
                if !queued { lock.broadcast() }
                return queued
            }
            if mustDrain { writeQueue.async { [self] in drain() } }
            return
        }
        if lock.withLock({ outbox.push(bytes, key: key) }) {
            writeQueue.async { [self] in drain() }
        }
    }

    /// POSIX `PIPE_BUF` on Linux: a pipe that polls writable takes this many bytes at once.
    private static let inlineWriteLimit = 4096

    private func outputHasRoom() -> Bool {
        var entry = pollfd(fd: output, events: Int16(POLLOUT), revents: 0)
        return poll(&entry, 1, 0) == 1 && entry.revents & Int16(POLLOUT) != 0 && entry.revents & Int16(POLLERR) == 0
    }

    /// Writes queued frames until none is left; one writer at a time (the serial queue).
    private func drain() {
        while let bytes = lock.withLock({ nextFrameOrIdle() }) { writeAll(bytes) }
    }

    /// Under `lock`: the next queued frame, or nil after marking the writer idle and waking
    /// `flush`.
    private func nextFrameOrIdle() -> [UInt8]? {
        let bytes = outbox.pop()
        if bytes == nil { lock.broadcast() }
        return bytes
    }

    /// Sends a request; `completion` runs on the reader thread with the reply, or with an
    /// error if the connection closes first.
    @discardableResult
    public func send(
        request method: String, params: JSONValue? = nil,
        completion: @escaping @Sendable (Result<JSONValue, ResponseError>) -> Void
    ) -> RequestID {
        let (id, open) = register(completion)
        if open { send(.request(id: id, method: method, params: params)) }
        return id
    }

    /// A new request id with `completion` waiting for its response, and whether it may be
    /// sent: when the connection has closed, `completion` has already failed.
    private func register(
        _ completion: @escaping @Sendable (Result<JSONValue, ResponseError>) -> Void
    ) -> (RequestID, open: Bool) {
        let (id, closed) = lock.withLock {
            let id = RequestID.integer(nextID)
            nextID += 1
            if !readerDone { pending[id] = completion }
            return (id, readerDone)
        }
        if closed {
            completion(.failure(ResponseError(code: ErrorCode.requestFailed, message: "Connection closed")))
        }
        return (id, !closed)
    }

    /// Sends a request whose params are already compact JSON (a caller that encodes large
    /// params once and reuses the bytes); the frame is built in one buffer, with no
    /// intermediate `JSONValue`. `completion` as for `send(request:params:completion:)`.
    @discardableResult
    public func send(
        request method: String, encodedParams: [UInt8],
        completion: @escaping @Sendable (Result<JSONValue, ResponseError>) -> Void
    ) -> RequestID {
        let (id, open) = register(completion)
        guard open else { return id }
        var head: [UInt8] = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        JSONWriter.write(id.json, into: &head)
        head.append(contentsOf: #","method":"#.utf8)
        JSONWriter.write(.string(method), into: &head)
        head.append(contentsOf: #","params":"#.utf8)
        let bodyCount = head.count + encodedParams.count + 1
        let bytes: [UInt8]
        switch framing {
        case .contentLength:
            var out = Array("Content-Length: \(bodyCount)\r\n\r\n".utf8)
            out.reserveCapacity(out.count + bodyCount)
            out.append(contentsOf: head)
            out.append(contentsOf: encodedParams)
            out.append(UInt8(ascii: "}"))
            bytes = out
        case .newlineDelimited:
            var out = head
            out.reserveCapacity(bodyCount + 1)
            out.append(contentsOf: encodedParams)
            out.append(UInt8(ascii: "}"))
            out.append(0x0A)
            bytes = out
        }
        enqueue(bytes)
        return id
    }

    /// Async form of `send(request:)`.
    public func request(_ method: String, params: JSONValue? = nil) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { continuation in
            send(request: method, params: params) { continuation.resume(with: $0) }
        }
    }

    /// Gives up on an outgoing request (a timeout, say): its completion runs now with
    /// `RequestCancelled`, the peer is sent `$/cancelRequest`, and a late reply is ignored.
    public func cancelRequest(_ id: RequestID) {
        guard let completion = lock.withLock({ pending.removeValue(forKey: id) }) else { return }
        send(notification: "$/cancelRequest", params: ["id": id.json])
        completion(.failure(.cancelled))
    }

    /// Waits until everything queued so far has been written (before the process exits).
    /// That includes a frame being written on another sender's thread and the drain it may
    /// start after: both mark the writer idle, under the lock, only when nothing is left.
    public func flush() {
        lock.lock()
        defer { lock.unlock() }
        while outbox.isWriting && !writeFailed { lock.wait() }
    }

    /// True once a write failed (the peer closed its end).
    public var isBroken: Bool { lock.withLock { writeFailed } }

    private func writeAll(_ bytes: [UInt8]) {
        if lock.withLock({ writeFailed }) { return }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(output, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    lock.withLock {
                        writeFailed = true
                        lock.broadcast()
                    }
                    log("jsonrpc: write failed (errno \(code)); dropping further output")
                    // The reader may sit in read(2) forever; tell the handler now.
                    if stopOnWriteFailure { DispatchQueue.global().async { self.finish() } }
                    return
                }
                offset += n
            }
        }
    }

    // MARK: Reading

    private func readLoop() {
        var framer = framing.makeFramer(limits: limits)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        reading: while true {
            let n = read(input, chunk.baseAddress, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            framer.append(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
            while let event = framer.next() {
                switch event {
                case .message(let body): receive(body)
                case .garbage(let reason): log("jsonrpc: skipped input: \(reason)")
                case .oversized(let declared, let limit):
                    let message = "Message of \(declared) bytes exceeds the limit of \(limit) bytes"
                    log("jsonrpc: \(message)")
                    send(
                        .response(
                            id: nil, result: .failure(ResponseError(code: ErrorCode.invalidRequest, message: message))))
                }
                if stopOnWriteFailure && lock.withLock({ writeFailed }) { break reading }
            }
        }
        finish()
    }

    /// Runs once, from the reader at end of input or after a failed write.
    private func finish() {
        let (first, handler, waiters) = lock.withLock {
            let first = !readerDone
            readerDone = true
            let waiters = pending
            pending = [:]
            return (first, self.handler, waiters)
        }
        guard first else { return }
        for completion in waiters.values {
            completion(.failure(ResponseError(code: ErrorCode.requestFailed, message: "Connection closed")))
        }
        handler?.connectionClosed()
        closedSemaphore.signal()
    }

    private func receive(_ body: [UInt8]) {
        let value: JSONValue
        do {
            // The pure-Swift reader for the usual message, jansson for the rest (same values).
            value = try JSONParser.decode(body)
        } catch {
            log("jsonrpc: unparseable message: \(ContentLengthFramer.preview(body))")
            send(
                .response(
                    id: nil,
                    result: .failure(ResponseError(code: ErrorCode.parseError, message: "Parse error: \(error)"))))
            return
        }
        switch Message.parse(value) {
        case .failure(let invalid):
            send(.response(id: invalid.id, result: .failure(invalid.error)))
        case .success(.request(let id, let method, let params)):
            dispatch(id: id, method: method, params: params)
        case .success(.notification(let method, let params)):
            if method == "$/cancelRequest" {
                cancel(params)
            } else {
                lock.withLock { handler }?.handle(notification: method, params: params)
            }
        case .success(.response(let id, let result)):
            guard let id, let completion = lock.withLock({ pending.removeValue(forKey: id) }) else {
                log("jsonrpc: response to unknown request \(id.map(String.init(describing:)) ?? "null")")
                return
            }
            completion(result)
        }
    }

    private func dispatch(id: RequestID, method: String, params: JSONValue?) {
        let request = IncomingRequest(id: id, method: method, params: params) { [weak self] id, result in
            guard let self else { return }
            self.lock.withLock { _ = self.inflight.removeValue(forKey: id) }
            self.answer(id, result)
        }
        let handler = lock.withLock {
            inflight[id] = request
            return self.handler
        }
        guard let handler else {
            request.reply(.failure(.methodNotFound(method)))
            return
        }
        handler.handle(request)
    }

    /// Sends a response, or in its place a short error when the output backlog is over
    /// `maxQueuedOutputBytes`.
    private func answer(_ id: RequestID, _ result: Result<JSONValue, ResponseError>) {
        let frame = framing.frame(Message.response(id: id, result: result).encoded())
        let backlog = lock.withLock { outbox.queuedBytes }
        guard backlog > 0, backlog + frame.count > maxQueuedOutputBytes else {
            if backlog == 0 { lock.withLock { cutAnswers = 0 } }
            enqueue(frame)
            return
        }
        let first = lock.withLock {
            cutAnswers += 1
            return cutAnswers == 1
        }
        if first {
            log(
                "jsonrpc: \(backlog) bytes of output are waiting for the peer to read them; answers are cut to "
                    + "errors until it catches up")
        }
        let error = ResponseError(
            code: ErrorCode.requestFailed,
            message: "The answer (\(frame.count) bytes) was dropped: \(backlog) bytes of earlier output are still "
                + "waiting for the client to read them")
        enqueue(framing.frame(Message.response(id: id, result: .failure(error)).encoded()))
    }

    private func cancel(_ params: JSONValue?) {
        guard let raw = params?["id"], let id = RequestID(raw) else { return }
        lock.withLock { inflight[id] }?.cancel()
    }
}
