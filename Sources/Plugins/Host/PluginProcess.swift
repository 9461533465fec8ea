import Foundation
import JSON
import JSONRPC

#if canImport(Glibc)
    import Glibc
#endif

/// Why a plugin request did not produce a result.
public enum PluginFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case timedOut(method: String, ms: Int)
    case crashed(String)
    case tooLarge(limit: Int)
    case failedToStart(String)
    case error(code: Int, message: String)

    public var description: String {
        switch self {
        case .timedOut(let method, let ms): "timed out after \(ms) ms on \(method)"
        case .crashed(let status): "crashed (\(status))"
        case .tooLarge(let limit): "sent a message larger than the limit of \(limit) bytes"
        case .failedToStart(let why): "failed to start: \(why)"
        case .error(let code, let message): "answered with error \(code): \(message)"
        }
    }
}

/// Which way a message went, for the traffic observer.
public enum PluginTrafficDirection: Sendable { case hostToPlugin, pluginToHost }

/// One message seen on a plugin's wire: the method (for results, the method that was asked),
/// whether it is a result, and the params or result.
public struct PluginTraffic: Sendable {
    public var direction: PluginTrafficDirection
    public var method: String
    public var isResult: Bool
    public var payload: JSONValue

    public init(direction: PluginTrafficDirection, method: String, isResult: Bool, payload: JSONValue) {
        self.direction = direction
        self.method = method
        self.isResult = isResult
        self.payload = payload
    }
}

/// One running plugin process: its JSON-RPC connection over the child's stdin/stdout, a
/// drain for stderr, and the stop sequence. Spawned on a dedicated thread (see `Spawner`).
final class PluginProcess: MessageHandler, @unchecked Sendable {
    let manifest: PluginManifest
    let pid: Int32
    private let process: Process
    private let connection: Connection
    private let stdinPipe: Pipe
    private let lock = NSLock()
    private var stderrTail: [UInt8] = []
    private var stderrBytes = 0
    private var overLimit = false
    private var closed = false
    private let observer: (@Sendable (PluginTraffic) -> Void)?
    private let log: @Sendable (String) -> Void
    private var _wantsDocumentText = true
    private var _toolHashes = false
    /// False when the plugin's `initialize` result said `capabilities.analyze.documentText: false`.
    var wantsDocumentText: Bool {
        get { lock.withLock { _wantsDocumentText } }
        set { lock.withLock { _wantsDocumentText = newValue } }
    }
    /// True when the host offered `toolHashes` in `initialize` and the plugin accepted.
    var toolHashes: Bool {
        get { lock.withLock { _toolHashes } }
        set { lock.withLock { _toolHashes = newValue } }
    }
    /// Per-tool findings this plugin process reported, by tool hash (`toolHashes` only).
    let toolMemory = ToolFindingsMemory()
    /// The text remembered findings were last checked against.
    let validations = ValidatedText()
    /// Remembered findings already checked against a tool's unchanged text.
    let toolChecks = ToolChecks()
    /// The last answer per document (`toolHashes` only): an unchanged tool is recognised by
    /// identity and its findings reused without a lookup.
    let lastAnswers = LastAnswers()
    private let deadlines = Deadlines()
    private let exitWatcher: ExitWatcher

    /// Takes in what the plugin's `initialize` result says it wants.
    func adopt(initializeResult result: JSONValue, offeredToolHashes: Bool) {
        let analyze = result["capabilities"]?["analyze"]
        // A plugin that works from the host's normalised tools can skip the text.
        wantsDocumentText = analyze?["documentText"]?.boolValue ?? true
        toolHashes = offeredToolHashes && analyze?["toolHashes"]?.boolValue == true
    }

    /// Whether this system's env takes `--default-signal` (GNU coreutils 8.31 and later).
    static let envResetsSIGPIPE: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["--default-signal=PIPE", "true"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    /// Host-side path to setpriv (util-linux); with it, plugins get SIGKILL when the host dies.
    static let setpriv: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    private init(
        manifest: PluginManifest, process: Process, stdinPipe: Pipe, connection: Connection,
        observer: (@Sendable (PluginTraffic) -> Void)?, log: @escaping @Sendable (String) -> Void
    ) {
        self.manifest = manifest
        self.process = process
        self.pid = process.processIdentifier
        self.exitWatcher = ExitWatcher(process)
        self.stdinPipe = stdinPipe
        self.connection = connection
        self.observer = observer
        self.log = log
    }

    static func launch(
        _ manifest: PluginManifest, observer: (@Sendable (PluginTraffic) -> Void)?,
        log: @escaping @Sendable (String) -> Void
    ) throws -> PluginProcess {
        // A plugin that dies makes the host's next write to it fail with EPIPE; without this the
        // signal would end the host (`toolwright check`, the language server) with it.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        // env does the PATH lookup that a bare `python3` needs, and puts SIGPIPE back to its
        // default: the language server ignores it (a client that goes away must not kill the
        // server), and a child inherits ignored signals.
        let argv = (envResetsSIGPIPE ? ["--default-signal=PIPE"] : []) + manifest.resolvedCommand
        if let setpriv {
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--pdeathsig", "KILL", "--", "/usr/bin/env"] + argv
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = argv
        }
        process.currentDirectoryURL = URL(fileURLWithPath: manifest.directory)
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        for (key, value) in manifest.environment { environment[key] = value }
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let box = LogBox()
        let connection = Connection(
            input: stdout.fileHandleForReading.fileDescriptor, output: stdin.fileHandleForWriting.fileDescriptor,
            limits: FramingLimits(maxMessageBytes: manifest.maxMessageBytes)
        ) { message in box.forward(message) }
        connection.stopOnWriteFailure = false
        try process.run()
        let plugin = PluginProcess(
            manifest: manifest, process: process, stdinPipe: stdin, connection: connection, observer: observer,
            log: log)
        box.target = plugin
        plugin.startStderrDrain(stderr.fileHandleForReading.fileDescriptor, keepAlive: stderr)
        connection.start(plugin)
        return plugin
    }

    // MARK: Requests

    /// Sends a request and waits at most `timeoutMs`; on timeout the plugin is sent
    /// `$/cancelRequest` and the late reply is dropped.
    func request(_ method: String, params: JSONValue?, timeoutMs: Int) async -> Result<JSONValue, PluginFailure> {
        if let params {
            observer?(PluginTraffic(direction: .hostToPlugin, method: method, isResult: false, payload: params))
        }
        return await exchange(method, timeoutMs: timeoutMs) { [connection] completion in
            connection.send(request: method, params: params, completion: completion)
        }
    }

    /// `request` with params already encoded (see `AnalyzeRequest`). The observer, when there
    /// is one, gets them decoded.
    func request(_ method: String, encodedParams: [UInt8], timeoutMs: Int) async -> Result<JSONValue, PluginFailure> {
        if let observer {
            let payload = (try? Jansson.decode(encodedParams)) ?? .null
            observer(PluginTraffic(direction: .hostToPlugin, method: method, isResult: false, payload: payload))
        }
        return await exchange(method, timeoutMs: timeoutMs) { [connection] completion in
            connection.send(request: method, encodedParams: encodedParams, completion: completion)
        }
    }

    private func exchange(
        _ method: String, timeoutMs: Int,
        send: (@escaping @Sendable (Result<JSONValue, ResponseError>) -> Void) -> RequestID
    ) async -> Result<JSONValue, PluginFailure> {
        let once = Once<Result<JSONValue, PluginFailure>>()
        var deadline: UInt64 = 0
        let result = await withCheckedContinuation { continuation in
            once.set(continuation)
            let id = send { [self] reply in
                switch reply {
                case .success(let value):
                    observer?(PluginTraffic(direction: .pluginToHost, method: method, isResult: true, payload: value))
                    once.resume(.success(value))
                case .failure(let error) where error.code == ErrorCode.requestFailed:
                    once.resume(.failure(closedFailure()))
                case .failure(let error):
                    once.resume(.failure(.error(code: error.code, message: error.message)))
                }
            }
            deadline = deadlines.add(.now() + .milliseconds(timeoutMs)) { [connection] in
                if once.resume(.failure(.timedOut(method: method, ms: timeoutMs))) {
                    connection.cancelRequest(id)
                }
            }
        }
        deadlines.remove(deadline)
        return result
    }

    func notify(_ method: String, params: JSONValue?) {
        if let params {
            observer?(PluginTraffic(direction: .hostToPlugin, method: method, isResult: false, payload: params))
        }
        connection.send(notification: method, params: params)
    }

    var isAlive: Bool { lock.withLock { !closed } && exitWatcher.exitStatus == nil }

    private func closedFailure() -> PluginFailure {
        if lock.withLock({ overLimit }) { return .tooLarge(limit: manifest.maxMessageBytes) }
        // EOF comes a moment before the exit status; wait for it so the message says how it died.
        let status = exitWatcher.blockingWait(seconds: 0.5)
        return .crashed((status?.description ?? "closed its output") + stderrSummary)
    }

    /// How the process ended, or "still running".
    var exitDescription: String { exitWatcher.exitStatus?.description ?? "still running" }

    private var stderrSummary: String {
        let tail = lock.withLock { stderrTail }
        let lines = String(decoding: tail, as: UTF8.self).split(whereSeparator: \.isNewline)
        guard let last = lines.last else { return "" }
        return "; stderr: " + String(last.prefix(200))
    }

    /// The last few KiB the plugin wrote to stderr.
    var stderrTailText: String { String(decoding: lock.withLock { stderrTail }, as: UTF8.self) }

    /// Total bytes the plugin wrote to stderr (all drained).
    var stderrByteCount: Int { lock.withLock { stderrBytes } }

    // MARK: Stop

    /// `shutdown` (bounded), `exit`, close stdin, then SIGTERM and SIGKILL to the whole process
    /// group if it still runs. Returns once the process is gone: true when it left by itself.
    @discardableResult
    func stop() async -> Bool {
        if isAlive {
            _ = await request("shutdown", params: nil, timeoutMs: manifest.shutdownTimeoutMs)
            connection.send(notification: "exit")
            connection.flush()
        }
        try? stdinPipe.fileHandleForWriting.close()
        if await waitForExit(ms: exitGraceMs) {
            // The leader left; its group may still hold children of a wrapper.
            killGroup(SIGKILL)
            return true
        }
        killGroup(SIGTERM)
        if await waitForExit(ms: 500) {
            killGroup(SIGKILL)
            return false
        }
        killGroup(SIGKILL)
        _ = await waitForExit(ms: 2000)
        return false
    }

    /// How long a plugin gets to leave by itself after `exit`: its `shutdownMs`, at least 2 s.
    /// A Python plugin's teardown took 640 ms on a loaded 2-core machine.
    private var exitGraceMs: Int { max(manifest.shutdownTimeoutMs, 2000) }

    /// Kills at once (a plugin that broke the protocol).
    func kill() {
        killGroup(SIGKILL)
    }

    private func killGroup(_ signal: Int32) {
        // The child leads its own process group, so this reaches a wrapper's children too.
        _ = Glibc.kill(-pid, signal)
        _ = Glibc.kill(pid, signal)
    }

    /// Resumed by whichever comes first, the exit or the deadline, both seen from threads of
    /// their own; a task that is resumed late still gets the answer of the moment it was due.
    private func waitForExit(ms: Int) async -> Bool {
        let once = Once<Bool>()
        var deadline: UInt64 = 0
        let exited = await withCheckedContinuation { continuation in
            once.set(continuation)
            deadline = deadlines.add(.now() + .milliseconds(ms)) { once.resume(false) }
            exitWatcher.whenExited { once.resume(true) }
        }
        deadlines.remove(deadline)
        return exited
    }

    // MARK: Streams

    private func startStderrDrain(_ fd: Int32, keepAlive pipe: Pipe) {
        let thread = Thread { [self] in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
            defer { buffer.deallocate() }
            while true {
                let n = read(fd, buffer.baseAddress, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                lock.withLock {
                    stderrBytes += n
                    stderrTail.append(contentsOf: bytes)
                    if stderrTail.count > 4096 { stderrTail.removeFirst(stderrTail.count - 4096) }
                }
            }
            withExtendedLifetime(pipe) {}
        }
        thread.name = "toolwright.plugin.stderr"
        thread.start()
    }

    fileprivate func connectionLog(_ message: String) {
        if message.contains("exceeds the limit") {
            // The framer skips the body, so the reply would never come: treat the plugin as broken.
            lock.withLock { overLimit = true }
            kill()
        }
        log("plugin \(manifest.id): \(message)")
    }

    // MARK: MessageHandler

    func handle(_ request: IncomingRequest) {
        request.reply(error: .methodNotFound(request.method))
    }

    func handle(notification method: String, params: JSONValue?) {
        observer?(PluginTraffic(direction: .pluginToHost, method: method, isResult: false, payload: params ?? .null))
        if method == "window/logMessage", let message = params?["message"]?.stringValue {
            log("plugin \(manifest.id): \(message)")
        }
    }

    func connectionClosed() {
        lock.withLock { closed = true }
    }
}

/// Lets the connection's log closure reach the plugin object created after it.
private final class LogBox: @unchecked Sendable {
    private let lock = NSLock()
    private weak var _target: PluginProcess?
    var target: PluginProcess? {
        get { lock.withLock { _target } }
        set { lock.withLock { _target = newValue } }
    }
    func forward(_ message: String) { target?.connectionLog(message) }
}

/// A continuation resumed at most once, whoever comes first (reply, timeout, EOF).
final class Once<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Never>?
    private var early: Value?
    private var done = false

    func set(_ continuation: CheckedContinuation<Value, Never>) {
        let value: Value? = lock.withLock {
            if let early { return early }
            self.continuation = continuation
            return nil
        }
        if let value { continuation.resume(returning: value) }
    }

    /// True when this call was the one that resumed.
    @discardableResult
    func resume(_ value: Value) -> Bool {
        let (won, target): (Bool, CheckedContinuation<Value, Never>?) = lock.withLock {
            guard !done else { return (false, nil) }
            done = true
            if let continuation {
                self.continuation = nil
                return (true, continuation)
            }
            early = value
            return (true, nil)
        }
        target?.resume(returning: value)
        return won
    }
}
