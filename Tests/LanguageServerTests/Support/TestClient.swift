import Foundation
import JSON
import JSONRPC
import SourceDocument

@testable import LanguageServer

/// An in-process client wired to a `LanguageServer` through two pipes: real framing, real
/// threads, no process. Records every notification and server→client request.
final class TestClient: MessageHandler, @unchecked Sendable {
    let server: LanguageServer
    let connection: Connection
    let analysis: FakeAnalysis
    private let lock = NSLock()
    private var received: [(method: String, params: JSONValue)] = []
    private var serverRequests: [(method: String, params: JSONValue)] = []
    private var exitCodes: [Int32] = []
    private var finished: [(uri: String, version: Int, kept: Bool)] = []
    /// Answer to `workspace/configuration` items.
    var configuration: JSONValue = .object([])
    let toServer: Int32

    /// `provider`, when given, analyses instead of `analysis` (which then sees nothing).
    init(
        settings: ServerSettings = TestClient.fastSettings, analysis: FakeAnalysis = FakeAnalysis(),
        provider: (any AnalysisProvider)? = nil
    ) {
        self.analysis = analysis
        var a: [Int32] = [0, 0]
        var b: [Int32] = [0, 0]
        _ = pipe(&a)
        _ = pipe(&b)
        toServer = a[1]
        let serverConnection = Connection(input: a[0], output: b[1], log: { _ in })
        connection = Connection(input: b[0], output: a[1], log: { _ in })
        let box = ExitRecorder()
        server = LanguageServer(
            connection: serverConnection,
            options: ServerOptions(analysis: provider ?? analysis, defaults: settings, onExit: { box.record($0) }))
        box.client = self
        server.analysisObserver = { [weak self] uri, version, kept in
            guard let self else { return }
            lock.withLock { finished.append((uri, version, kept)) }
        }
        server.start()
        connection.start(self)
    }

    static var fastSettings: ServerSettings {
        var s = ServerSettings()
        s.debounceMs = 0
        return s
    }

    // MARK: Requests

    func request(_ method: String, _ params: JSONValue? = nil) async throws -> JSONValue {
        try await connection.request(method, params: params)
    }

    /// The error a request fails with (or nil if it succeeded).
    func requestError(_ method: String, _ params: JSONValue? = nil) async -> ResponseError? {
        do {
            _ = try await request(method, params)
            return nil
        } catch let error as ResponseError {
            return error
        } catch {
            return ResponseError(code: 0, message: "\(error)")
        }
    }

    func notify(_ method: String, _ params: JSONValue? = nil) {
        connection.send(notification: method, params: params)
    }

    /// `initialize` + `initialized` with the given client capabilities.
    @discardableResult
    func initialize(capabilities: JSONValue = [:], options: JSONValue? = nil, rootUri: String? = nil) async throws
        -> JSONValue
    {
        let params: JSONValue = .object([
            "processId": .null, "capabilities": capabilities,
            "initializationOptions": options,
            "rootUri": rootUri.map { .string($0) } ?? .null,
        ])
        let result = try await request("initialize", params)
        notify("initialized", [:])
        return result
    }

    func open(_ uri: String, _ text: String, version: Int = 1, languageId: String = "json") {
        notify(
            "textDocument/didOpen",
            [
                "textDocument": [
                    "uri": .string(uri), "languageId": .string(languageId), "version": .integer(Int64(version)),
                    "text": .string(text),
                ]
            ])
    }

    func change(_ uri: String, version: Int, _ changes: [JSONValue]) {
        notify(
            "textDocument/didChange",
            [
                "textDocument": ["uri": .string(uri), "version": .integer(Int64(version))],
                "contentChanges": .array(changes),
            ])
    }

    static func edit(_ range: TextRange, _ text: String) -> JSONValue {
        ["range": range.json, "text": .string(text)]
    }

    // MARK: Waiting (bounded so a broken server fails the test instead of hanging it)

    func notifications(_ method: String) -> [JSONValue] {
        lock.withLock { received.filter { $0.method == method }.map(\.params) }
    }

    func requestsFromServer(_ method: String) -> [JSONValue] {
        lock.withLock { serverRequests.filter { $0.method == method }.map(\.params) }
    }

    func waitFor<T>(_ what: String, _ probe: () -> T?) async throws -> T {
        for _ in 0..<2_000 {
            if let value = probe() { return value }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        throw TestFailure("gave up waiting for \(what)")
    }

    /// The first `publishDiagnostics` for `uri` (optionally at `version`) not yet consumed.
    func diagnostics(_ uri: String, version: Int? = nil) async throws -> JSONValue {
        try await waitFor("diagnostics for \(uri) v\(version.map(String.init) ?? "any")") {
            notifications("textDocument/publishDiagnostics").last {
                $0["uri"]?.stringValue == uri && (version == nil || $0["version"]?.intValue == version)
            }
        }
    }

    func analysisFinished(_ uri: String, version: Int) async throws -> Bool {
        try await waitFor("analysis of \(uri) v\(version)") {
            lock.withLock { finished.last { $0.uri == uri && $0.version == version }?.kept }
        }
    }

    func exitCode() async throws -> Int32 {
        try await waitFor("exit") { lock.withLock { exitCodes.first } }
    }

    func recordExit(_ code: Int32) {
        lock.withLock { exitCodes.append(code) }
    }

    var exitCount: Int { lock.withLock { exitCodes.count } }

    func closeInput() {
        close(toServer)
    }

    // MARK: MessageHandler

    func handle(_ request: IncomingRequest) {
        lock.withLock { serverRequests.append((request.method, request.params ?? .null)) }
        switch request.method {
        case "workspace/configuration":
            let count = request.params?["items"]?.arrayValue?.count ?? 0
            request.reply(.array(Array(repeating: configuration, count: count)))
        default:
            request.reply(.null)
        }
    }

    func handle(notification method: String, params: JSONValue?) {
        lock.withLock { received.append((method, params ?? .null)) }
    }

    func connectionClosed() {}
}

private final class ExitRecorder: @unchecked Sendable {
    weak var client: TestClient?
    func record(_ code: Int32) { client?.recordExit(code) }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSONValue {
    /// Reads `a.b.0.c` style paths in expectations.
    func at(_ path: String) -> JSONValue? {
        var current: JSONValue? = self
        for part in path.split(separator: ".") {
            if let index = Int(part) { current = current?[index] } else { current = current?[String(part)] }
        }
        return current
    }
}
