import Foundation
import JSON
import JSONRPC

/// The built `toolwright lsp` binary on real pipes, driven byte by byte.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private let stdinPipe = Pipe()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let lock = NSLock()
    private var messages: [JSONValue] = []
    private var stderrBytes: [UInt8] = []
    private var nextID: Int64 = 1000
    private var garbage = 0
    private var paused = false
    /// Output that was not a well-framed JSON message (must stay 0).
    var garbageCount: Int { lock.withLock { garbage } }

    /// The `toolwright` executable next to the test bundle (the products directory), or the
    /// package's debug build; `TOOLWRIGHT_BINARY` overrides.
    static var binary: URL {
        // TOOLWRIGHT_BINARY points the black-box tests and the benchmark at another build.
        if let path = ProcessInfo.processInfo.environment["TOOLWRIGHT_BINARY"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(argv0.deletingLastPathComponent())
        let bundle = Bundle.main.bundleURL
        candidates += [bundle, bundle.deletingLastPathComponent()]
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repo.appendingPathComponent(".build/debug"))
        for directory in candidates {
            let url = directory.appendingPathComponent("toolwright")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return repo.appendingPathComponent(".build/debug/toolwright")
    }

    /// - Parameter readOutput: false leaves the server's stdout unread (for closing it).
    init(environment: [String: String] = [:], readOutput: Bool = true) throws {
        process.executableURL = Self.binary
        process.arguments = ["lsp"]
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        let out = stdoutPipe.fileHandleForReading.fileDescriptor
        let err = stderrPipe.fileHandleForReading.fileDescriptor
        if readOutput { Thread.detachNewThread { [self] in readMessages(out) } }
        Thread.detachNewThread { [self] in drain(err) }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    private func readMessages(_ fd: Int32) {
        var framer = ContentLengthFramer()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            while lock.withLock({ paused }) { usleep(1_000) }
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            buffer[0..<n].withUnsafeBytes { framer.append($0) }
            while let event = framer.next() {
                guard case .message(let body) = event, let value = try? Jansson.decode(body) else {
                    lock.withLock { garbage += 1 }
                    continue
                }
                lock.withLock { messages.append(value) }
            }
        }
    }

    private func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            lock.withLock { stderrBytes += buffer[0..<n] }
        }
    }

    var standardError: String { lock.withLock { String(decoding: stderrBytes, as: UTF8.self) } }

    // MARK: Writing

    func writeRaw(_ bytes: [UInt8]) {
        let fd = stdinPipe.fileHandleForWriting.fileDescriptor
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }

    func writeRaw(_ text: String) { writeRaw(Array(text.utf8)) }

    func writeBody(_ body: [UInt8]) {
        writeRaw(Framing.contentLength.frame(body))
    }

    func send(_ message: Message) {
        writeBody(message.encoded())
    }

    @discardableResult
    func sendRequest(_ method: String, _ params: JSONValue? = nil) -> Int64 {
        let id = lock.withLock {
            nextID += 1
            return nextID
        }
        send(.request(id: .integer(id), method: method, params: params))
        return id
    }

    func notify(_ method: String, _ params: JSONValue? = nil) {
        send(.notification(method: method, params: params))
    }

    /// Stops reading the server's stdout (it fills the pipe and then blocks in write) until
    /// `resumeReading()`; at most one read already under way still completes.
    func pauseReading() { lock.withLock { paused = true } }

    func resumeReading() { lock.withLock { paused = false } }

    /// Closes our end of the server's stdout, so its next write fails with EPIPE.
    func closeOutputReader() {
        try? stdoutPipe.fileHandleForReading.close()
    }

    func closeInput() {
        try? stdinPipe.fileHandleForWriting.close()
    }

    // MARK: Waiting (bounded; a hang fails the test with a message instead of blocking CI)

    /// Async, so that a test waiting here leaves its concurrency thread (one of two on a
    /// 2-core machine) to the tests beside it.
    func waitFor<T>(_ what: String, seconds: Double = 120, _ probe: () async -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = await probe() { return value }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        throw TestFailure("gave up waiting for \(what); server stderr:\n\(standardError.suffix(2_000))")
    }

    func response(_ id: Int64) async throws -> JSONValue {
        try await waitFor("response \(id)") { lock.withLock { messages.first { $0["id"] == .integer(id) } } }
    }

    /// Sends a request and waits for its response.
    func call(_ method: String, _ params: JSONValue? = nil) async throws -> JSONValue {
        try await response(sendRequest(method, params))
    }

    func allMessages() -> [JSONValue] { lock.withLock { messages } }

    /// Responses with `"id": null` (errors about unreadable input) seen so far.
    func nullIDErrors() -> [JSONValue] {
        lock.withLock { messages.filter { $0["id"] == .null && $0["error"] != nil } }
    }

    func notification(_ method: String, where predicate: (JSONValue) -> Bool = { _ in true }) async throws -> JSONValue
    {
        try await waitFor(method) {
            lock.withLock { messages.last { $0["method"]?.stringValue == method && predicate($0["params"] ?? .null) } }
        }
    }

    func exitStatus(seconds: Double = 60) async throws -> Int32 {
        try await waitFor("process exit", seconds: seconds) { process.isRunning ? nil : process.terminationStatus }
    }

    // MARK: LSP helpers

    func initialize(capabilities: JSONValue = [:]) async throws -> JSONValue {
        let result = try await call("initialize", ["processId": .null, "rootUri": .null, "capabilities": capabilities])
        notify("initialized", [:])
        return result
    }

    func open(_ uri: String, _ text: String, version: Int64 = 1) {
        notify(
            "textDocument/didOpen",
            [
                "textDocument": [
                    "uri": .string(uri), "languageId": "json", "version": .integer(version), "text": .string(text),
                ]
            ])
    }
}

extension ServerProcess {
    /// A server for the workspace `root` with plugins on and `root` trusted, initialized; its
    /// user config folder is `root/cfg` (so no trust store or user plugins leak in).
    static func withPluginsTrusted(root: URL, environment: [String: String] = [:]) async throws -> ServerProcess {
        let server = try ServerProcess(
            environment: environment.merging(["XDG_CONFIG_HOME": root.appendingPathComponent("cfg").path]) { a, _ in a }
        )
        _ = try await server.call(
            "initialize",
            [
                "processId": .null, "rootUri": .string(root.absoluteString), "capabilities": [:],
                "initializationOptions": ["plugins": true, "trustedWorkspaces": [.string(root.path)]],
            ])
        server.notify("initialized", [:])
        return server
    }
}
