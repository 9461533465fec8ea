import Foundation
import JSON
import Testing

@testable import JSONRPC

/// Server side used by the tests: `echo` answers its params, `fail` throws, `wait` only
/// answers once cancelled, `ask` sends a request back to the client and answers its reply.
private final class TestHandler: MessageHandler, @unchecked Sendable {
    let lock = NSLock()
    var notifications: [String] = []
    var closed = false
    weak var connection: Connection?

    func handle(_ request: IncomingRequest) {
        switch request.method {
        case "echo":
            request.reply(request.params ?? .null)
        case "fail":
            request.reply { throw CocoaError(.fileNoSuchFile) }
        case "wait":
            DispatchQueue.global().async {
                while !request.isCancelled { usleep(1000) }
            }
        case "ask":
            connection?.send(request: "client/question", params: ["q": 1]) { result in
                request.reply(result)
            }
        default:
            request.reply(error: .methodNotFound(request.method))
        }
    }

    func handle(notification method: String, params: JSONValue?) {
        lock.withLock { notifications.append(method) }
    }

    func connectionClosed() {
        lock.withLock { closed = true }
    }
}

/// Client side: answers `client/question` and records notifications.
private final class ClientHandler: MessageHandler, @unchecked Sendable {
    func handle(_ request: IncomingRequest) { request.reply(["answer": 42]) }
    func handle(notification method: String, params: JSONValue?) {}
    func connectionClosed() {}
}

private func makePipe() -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    _ = pipe(&fds)
    return (fds[0], fds[1])
}

/// A server connection and a raw writer/reader pair on the client end.
private struct Harness {
    let server: Connection
    let handler = TestHandler()
    let toServer: Int32
    let fromServer: Int32

    init() {
        let a = makePipe()
        let b = makePipe()
        server = Connection(input: a.read, output: b.write, log: { _ in })
        toServer = a.write
        fromServer = b.read
        handler.connection = server
        server.start(handler)
    }

    func writeRaw(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(toServer, $0.baseAddress, $0.count) }
    }

    func writeMessage(_ body: String) {
        writeRaw("Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
    }

    /// Reads framed replies until `count` have arrived.
    func readReplies(_ count: Int) throws -> [JSONValue] {
        var framer = ContentLengthFramer()
        var out: [JSONValue] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while out.count < count {
            let n = read(fromServer, &buffer, buffer.count)
            guard n > 0 else { break }
            buffer[0..<n].withUnsafeBytes { framer.append($0) }
            while let event = framer.next() {
                if case .message(let body) = event { out.append(try Jansson.decode(body)) }
            }
        }
        return out
    }
}

@Suite struct ConnectionTests {
    @Test func answersRequestsInOrderAndForwardsNotifications() throws {
        let h = Harness()
        h.writeMessage(#"{"jsonrpc":"2.0","method":"note","params":{}}"#)
        h.writeMessage(#"{"jsonrpc":"2.0","id":1,"method":"echo","params":{"v":"é"}}"#)
        h.writeMessage(#"{"jsonrpc":"2.0","id":"two","method":"echo","params":[1]}"#)
        let replies = try h.readReplies(2)
        #expect(replies[0]["id"] == 1)
        #expect(replies[0]["result"] == ["v": "é"])
        #expect(replies[1]["id"] == "two")
        #expect(h.handler.lock.withLock { h.handler.notifications } == ["note"])
    }

    @Test func invalidJSONGetsParseErrorWithNullIdAndReadingGoesOn() throws {
        let h = Harness()
        h.writeMessage(#"{"jsonrpc":"2.0","id":1,"method":"#)
        h.writeMessage(#"{"jsonrpc":"2.0","id":2,"method":"echo","params":[]}"#)
        let replies = try h.readReplies(2)
        #expect(replies[0]["id"] == .null)
        #expect(replies[0]["error"]?["code"] == .integer(Int64(ErrorCode.parseError)))
        #expect(replies[1]["id"] == 2)
    }

    @Test func invalidUTF8InsideABodyIsAParseError() throws {
        let h = Harness()
        var body = Array(#"{"jsonrpc":"2.0","id":1,"method":"echo","params":["#.utf8)
        body += [0x22, 0xC3, 0x28, 0x22, 0x5D, 0x7D]
        h.writeRaw("Content-Length: \(body.count)\r\n\r\n")
        body.withUnsafeBytes { _ = write(h.toServer, $0.baseAddress, $0.count) }
        h.writeMessage(#"{"jsonrpc":"2.0","id":2,"method":"echo","params":[]}"#)
        let replies = try h.readReplies(2)
        #expect(replies[0]["error"]?["code"] == .integer(Int64(ErrorCode.parseError)))
        #expect(replies[1]["id"] == 2)
    }

    @Test func wrongVersionIsInvalidRequestAnsweredToItsId() throws {
        let h = Harness()
        h.writeMessage(#"{"jsonrpc":"1.0","id":7,"method":"echo"}"#)
        let replies = try h.readReplies(1)
        #expect(replies[0]["id"] == 7)
        #expect(replies[0]["error"]?["code"] == .integer(Int64(ErrorCode.invalidRequest)))
    }

    @Test func throwingHandlerAnswersInternalError() throws {
        let h = Harness()
        h.writeMessage(#"{"jsonrpc":"2.0","id":1,"method":"fail"}"#)
        h.writeMessage(#"{"jsonrpc":"2.0","id":2,"method":"echo","params":[]}"#)
        let replies = try h.readReplies(2)
        #expect(replies[0]["error"]?["code"] == .integer(Int64(ErrorCode.internalError)))
        #expect(replies[1]["result"] == [])
    }

    @Test func cancelRequestAnswersRequestCancelledOnce() throws {
        let h = Harness()
        h.writeMessage(#"{"jsonrpc":"2.0","id":5,"method":"wait"}"#)
        h.writeMessage(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":5}}"#)
        h.writeMessage(#"{"jsonrpc":"2.0","id":6,"method":"echo","params":[]}"#)
        let replies = try h.readReplies(2)
        #expect(replies[0]["id"] == 5)
        #expect(replies[0]["error"]?["code"] == .integer(Int64(ErrorCode.requestCancelled)))
        #expect(replies[1]["id"] == 6)
        #expect(h.handler.lock.withLock { h.handler.notifications }.isEmpty)
    }

    @Test func oversizedMessageIsRejectedAndTheNextOneServed() throws {
        let a = makePipe()
        let b = makePipe()
        let server = Connection(
            input: a.read, output: b.write, limits: FramingLimits(maxMessageBytes: 64), log: { _ in })
        let handler = TestHandler()
        server.start(handler)
        let big = #"{"jsonrpc":"2.0","id":1,"method":"echo","params":[""# + String(repeating: "x", count: 100) + #""]}"#
        let small = #"{"jsonrpc":"2.0","id":2,"method":"echo","params":[]}"#
        let text = "Content-Length: \(big.utf8.count)\r\n\r\n\(big)Content-Length: \(small.utf8.count)\r\n\r\n\(small)"
        Array(text.utf8).withUnsafeBytes { _ = write(a.write, $0.baseAddress, $0.count) }
        var framer = ContentLengthFramer()
        var replies: [JSONValue] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while replies.count < 2 {
            let n = read(b.read, &buffer, buffer.count)
            guard n > 0 else { break }
            buffer[0..<n].withUnsafeBytes { framer.append($0) }
            while case .message(let body)? = framer.next() { replies.append(try Jansson.decode(body)) }
        }
        #expect(replies.first?["error"]?["code"] == .integer(Int64(ErrorCode.invalidRequest)))
        #expect(replies.last?["id"] == 2)
    }

    @Test func requestsToThePeerAreMatchedToTheirResponses() async throws {
        let a = makePipe()
        let b = makePipe()
        let server = Connection(input: a.read, output: b.write, log: { _ in })
        let client = Connection(input: b.read, output: a.write, log: { _ in })
        let handler = TestHandler()
        handler.connection = server
        server.start(handler)
        client.start(ClientHandler())
        async let first = client.request("echo", params: ["n": 1])
        async let second = client.request("ask")
        #expect(try await first == ["n": 1])
        #expect(try await second == ["answer": 42])
        await #expect(throws: ResponseError.self) { try await client.request("nope") }
    }

    @Test func cancellingAnOutgoingRequestFailsItLocallyAndTellsThePeer() async throws {
        let a = makePipe()
        let b = makePipe()
        let server = Connection(input: a.read, output: b.write, log: { _ in })
        let client = Connection(input: b.read, output: a.write, log: { _ in })
        server.start(TestHandler())
        client.start(ClientHandler())
        let box = ResultBox()
        let id = client.send(request: "wait") { box.set($0) }
        client.cancelRequest(id)
        guard case .failure(let error)? = box.value else {
            Issue.record("completion did not run with an error")
            return
        }
        #expect(error.code == ErrorCode.requestCancelled)
        // The server's RequestCancelled reply to `wait` arrives later and is dropped; the
        // connection keeps working.
        #expect(try await client.request("echo", params: [1]) == [1])
    }

    @Test func endOfInputClosesAndFailsPendingRequests() async throws {
        let a = makePipe()
        let b = makePipe()
        let client = Connection(input: b.read, output: a.write, log: { _ in })
        client.start(ClientHandler())
        let reply = Task { try await client.request("never") }
        close(b.write)
        await #expect(throws: ResponseError.self) { try await reply.value }
        client.waitUntilClosed()
    }

    @Test func newlineFramingWorksEndToEnd() async throws {
        let a = makePipe()
        let b = makePipe()
        let server = Connection(input: a.read, output: b.write, framing: .newlineDelimited, log: { _ in })
        let client = Connection(input: b.read, output: a.write, framing: .newlineDelimited, log: { _ in })
        server.start(TestHandler())
        client.start(ClientHandler())
        #expect(try await client.request("echo", params: ["line\nbreak"]) == ["line\nbreak"])
    }

    /// `flush` returns only once every frame sent before it is in the pipe, while a slow
    /// reader keeps the writer blocked (frames larger than the pipe's buffer, some written
    /// inline by their senders, some queued for the writer).
    @Test func answersToAPeerThatDoesNotReadAreCutPastTheBacklogLimit() throws {
        let h = Harness()
        h.server.maxQueuedOutputBytes = 1 << 20
        // 30 answers of 100 KB each while nothing reads them: 3 MB against a 1 MB limit.
        let payload = String(repeating: "x", count: 100_000)
        for id in 1...30 {
            h.writeMessage(#"{"jsonrpc":"2.0","id":\#(id),"method":"echo","params":["\#(payload)"]}"#)
        }
        let replies = try h.readReplies(30)
        #expect(replies.map { $0["id"] } == (1...30).map { .integer(Int64($0)) })
        let full = replies.filter { $0["result"] != nil }
        let cut = replies.filter { $0["error"]?["code"] == .integer(Int64(ErrorCode.requestFailed)) }
        #expect(full.count + cut.count == 30)
        // The limit's worth queued (10), plus what the writer and the pipe hold; never all 30.
        #expect(full.count >= 10 && full.count <= 15, "\(full.count) full answers, \(cut.count) cut")
        #expect(cut.first?["error"]?["message"]?.stringValue?.contains("waiting for the client to read") == true)
        // Once the backlog is read, answers are whole again.
        h.writeMessage(#"{"jsonrpc":"2.0","id":31,"method":"echo","params":["\#(payload)"]}"#)
        #expect(try h.readReplies(1).first?["result"]?[0]?.stringValue == payload)
    }

    @Test func flushWaitsUntilEverySentFrameIsWritten() throws {
        let pipeEnds = makePipe()
        let connection = Connection(input: -1, output: pipeEnds.write, log: { _ in })
        let slowReader = SlowPipeReader(fd: pipeEnds.read)
        Thread { slowReader.run() }.start()
        var expected = 0
        for index in 0..<40 {
            // Alternate small (inline-capable) and large frames.
            let text = String(repeating: "x", count: index % 2 == 0 ? 100 : 20_000)
            expected +=
                Framing.contentLength.frame(Message.notification(method: "n", params: [.string(text)]).encoded()).count
            connection.send(notification: "n", params: [.string(text)])
        }
        connection.flush()
        #expect(slowReader.bytesWrittenSoFar() == expected)
        slowReader.stop()
        close(pipeEnds.write)
    }
}

/// Reads a pipe 4 KB at a time with pauses; counts what it took, and what was written so
/// far (taken plus still in the pipe) in one consistent look.
private final class SlowPipeReader: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var taken = 0
    private var stopped = false

    init(fd: Int32) { self.fd = fd }

    func run() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            usleep(200)
            let goOn: Bool = lock.withLock {
                if stopped { return false }
                var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&entry, 1, 0) == 1 else { return true }
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n > 0 { taken += n }
                return n > 0
            }
            if !goOn { return }
        }
    }

    func bytesWrittenSoFar() -> Int {
        lock.withLock {
            var inPipe: Int32 = 0
            _ = ioctl(fd, UInt(FIONREAD), &inPipe)
            return taken + Int(inPipe)
        }
    }

    func stop() { lock.withLock { stopped = true } }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<JSONValue, ResponseError>?
    func set(_ value: Result<JSONValue, ResponseError>) { lock.withLock { result = value } }
    var value: Result<JSONValue, ResponseError>? { lock.withLock { result } }
}
