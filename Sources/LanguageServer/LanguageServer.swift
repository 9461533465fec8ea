import Analysis
import Dispatch
import Foundation
import JSON
import JSONRPC
import SourceDocument
import Tokenizer

/// Options fixed when the server is created.
public struct ServerOptions: Sendable {
    public var analysis: any AnalysisProvider
    /// Called once with the process exit code (`exit` notification or end of input).
    public var onExit: @Sendable (Int32) -> Void
    /// Settings before the client sends any (tests lower the debounce here).
    public var defaults: ServerSettings

    public init(
        analysis: any AnalysisProvider = StandardAnalysis(), defaults: ServerSettings = ServerSettings(),
        onExit: @escaping @Sendable (Int32) -> Void
    ) {
        self.analysis = analysis
        self.defaults = defaults
        self.onExit = onExit
    }
}

/// One open document and what is known about it.
struct OpenDocument {
    var document: TextBuffer
    /// Decided from the URI and the content, never from `languageId`.
    var isCandidate: Bool
    var analyzed: AnalyzedDocument?
    /// Bumped whenever an analysis is scheduled; only the latest one's result is kept.
    var generation = 0
    var analyzedGeneration = -1
    var pending: DispatchWorkItem?
    /// The workspace epoch when its last change of tools was seen, and the epoch of the
    /// workspace its current analysis was computed against (`WorkspaceCascade`).
    var toolsEpoch = 0
    var analyzedEpoch = 0
    /// Requests waiting for the analysis of the current version.
    var waiters: [(OpenDocument?) -> Void] = []

    var isCurrent: Bool { !isCandidate || (analyzed != nil && analyzedGeneration == generation) }
}

/// Analysis results with the diagnostics built from them.
struct AnalyzedDocument {
    var analysis: DocumentAnalysis
    /// Token counts, computed on the first hover or code lens that needs them (most edits
    /// never do), then kept until the next analysis replaces this value.
    var tokens: TokenCounts?
    /// The findings that are published (all of them for tool documents, only syntax ones for
    /// JSON/YAML that is not a tool file), each with its LSP diagnostic.
    var published: [PublishedFinding]
    /// MCP config documents: each server entry's live state (`LiveMCPAnalysis.swift`).
    var mcp: MCPConfigAnalysis?
}

struct PublishedFinding {
    var finding: ResolvedFinding
    var diagnostic: JSONValue
}

/// The Toolwright language server. All state lives on one serial queue, so handlers run one
/// at a time in arrival order; analysis runs on snapshots on a concurrent queue and its results
/// are kept only if the document has not moved on meanwhile.
public final class LanguageServer: MessageHandler, @unchecked Sendable {
    enum Phase { case uninitialized, running, shutdown, exited }

    let connection: Connection
    let options: ServerOptions
    let queue = DispatchQueue(label: "toolwright.lsp.state")
    let analysisQueue = DispatchQueue(label: "toolwright.lsp.analysis", qos: .userInitiated, attributes: .concurrent)

    var phase = Phase.uninitialized
    var client = ClientCapabilities()
    var encoding = PositionEncoding.utf16
    var settings: ServerSettings
    var clientSettings: JSONValue?
    /// `.toolwright.yaml` contents by workspace folder URI.
    var fileSettings: [String: JSONValue] = [:]
    var documents: [String: OpenDocument] = [:]
    var cascade = WorkspaceCascade()
    var workspaceFolders: [String] = []
    /// Rule packs and plugins, loaded from the settings when they change.
    let extensions = ServerExtensions()
    /// Live MCP servers of open config documents (`LiveMCPFetching.swift`).
    let liveMCP = LiveMCPDocuments()
    var nextProgressToken = 1
    /// Documents at least this large report their analysis as work-done progress.
    var progressThresholdBytes = 1 << 20
    /// Test hook: told of every finished analysis (uri, version, kept or dropped as stale).
    var analysisObserver: ((String, Int, Bool) -> Void)?

    public init(connection: Connection, options: ServerOptions) {
        self.connection = connection
        self.options = options
        self.settings = options.defaults
    }

    /// Starts reading from the connection.
    public func start() {
        connection.start(self)
    }

    var provider: any AnalysisProvider { options.analysis }
    /// Pulls are answered whenever the client offers them (as an object).
    var servesPull: Bool { client.pullDiagnostics }
    /// Pushing stops only when the user chose pull-only and the client can pull.
    var pushes: Bool { !(client.pullDiagnostics && settings.diagnosticMode == .pull) }

    // MARK: MessageHandler

    public func handle(_ request: IncomingRequest) {
        queue.async { self.dispatch(request) }
    }

    public func handle(notification method: String, params: JSONValue?) {
        queue.async { self.dispatch(notification: method, params: params) }
    }

    public func connectionClosed() {
        queue.async {
            if self.phase != .exited { self.log(.warning, "Input closed without exit notification") }
            self.exit()
        }
    }

    // MARK: Dispatch

    private func dispatch(_ request: IncomingRequest) {
        if request.isCancelled { return }
        switch phase {
        case .uninitialized where request.method != "initialize":
            request.reply(
                error: ResponseError(code: ErrorCode.serverNotInitialized, message: "Server not initialized"))
            return
        case .running where request.method == "initialize":
            request.reply(error: ResponseError(code: ErrorCode.invalidRequest, message: "Already initialized"))
            return
        case .shutdown, .exited:
            request.reply(
                error: ResponseError(code: ErrorCode.invalidRequest, message: "Server is shutting down"))
            return
        default:
            break
        }
        let params = request.params
        switch request.method {
        case "initialize":
            request.reply { try initialize(params) }
        case "shutdown":
            // Requests sent before this one still get their answers: pending analyses run to
            // completion, but nothing is published any more.
            phase = .shutdown
            // Plugins are stopped (shutdown, exit, then signals to their process groups) off
            // the state queue; the reply does not wait for them.
            let extensions = extensions
            DispatchQueue.global().async { extensions.stop() }
            request.reply(.null)
        case "textDocument/hover":
            withAnalysis(request) { try self.hover($0, $1, params: params) }
        case "textDocument/codeAction":
            withAnalysis(request) { try self.codeActions($0, $1, params: params) }
        case "textDocument/documentSymbol":
            withAnalysis(request) { doc, analyzed in self.documentSymbols(doc, analyzed) }
        case "textDocument/codeLens":
            withAnalysis(request) { doc, analyzed in self.codeLenses(doc, analyzed) }
        case "textDocument/diagnostic" where servesPull:
            withAnalysis(request) { self.pullDiagnostics($0, $1, params: params) }
        case "workspace/executeCommand":
            executeCommand(request)
        case "toolwright/documentInfo":
            withAnalysis(request) { doc, analyzed in self.documentInfo(doc, analyzed) }
        case "toolwright/simulateSelection":
            withAnalysis(request) { doc, analyzed in try self.companionReport(doc, analyzed, .promptSet) }
        case "toolwright/costPreview":
            withAnalysis(request) { doc, analyzed in try self.companionReport(doc, analyzed, .workflow) }
        default:
            request.reply(error: .methodNotFound(request.method))
        }
    }

    private func dispatch(notification method: String, params: JSONValue?) {
        if method == "exit" {
            exit()
            return
        }
        // Before `initialize` and after `shutdown` only `exit` counts (LSP: drop the rest).
        guard phase == .running else { return }
        switch method {
        case "initialized": initialized()
        case "textDocument/didOpen": didOpen(params)
        case "textDocument/didChange": didChange(params)
        case "textDocument/didClose": didClose(params)
        case "textDocument/didSave": didSave(params)
        case "workspace/didChangeConfiguration": didChangeConfiguration(params)
        case "workspace/didChangeWatchedFiles": didChangeWatchedFiles(params)
        case "workspace/didChangeWorkspaceFolders": didChangeWorkspaceFolders(params)
        default:
            if !method.hasPrefix("$/") { log(.log, "Ignored notification \(method)") }
        }
    }

    /// Runs `body` with the document's analysis for its current version (waiting for a
    /// pending one) and answers with its result; unknown documents get `invalidParams`.
    func withAnalysis(
        _ request: IncomingRequest, uri explicitURI: String? = nil,
        _ body: @escaping (OpenDocument, AnalyzedDocument?) throws -> JSONValue
    ) {
        let uri: String
        do { uri = try explicitURI ?? documentURI(request.params) } catch {
            request.reply { throw error }
            return
        }
        guard let doc = documents[uri] else {
            request.reply(error: .invalidParams("Document \(uri) is not open"))
            return
        }
        let run: (OpenDocument?) -> Void = { doc in
            guard !request.isCancelled else { return }
            guard let doc else {
                request.reply(
                    error: ResponseError(code: ErrorCode.contentModified, message: "Document closed meanwhile"))
                return
            }
            request.reply { try body(doc, doc.isCandidate ? doc.analyzed : nil) }
        }
        if doc.isCurrent {
            run(doc)
        } else {
            documents[uri]?.waiters.append(run)
        }
    }

    // MARK: Lifecycle

    private func initialize(_ params: JSONValue?) throws -> JSONValue {
        client = ClientCapabilities(params?["capabilities"])
        encoding = client.negotiatedEncoding
        if let folders = params?["workspaceFolders"]?.arrayValue {
            workspaceFolders = folders.compactMap { $0["uri"]?.stringValue }
        } else if let root = params?["rootUri"]?.stringValue {
            workspaceFolders = [root]
        }
        let options = params?["initializationOptions"]
        clientSettings = options?["toolwright"] ?? options
        loadConfigFiles()
        recomputeSettings()
        phase = .running
        return .object([
            "capabilities": capabilities(),
            "serverInfo": ["name": "toolwright", "version": .string(LanguageServer.version)],
        ])
    }

    public static let version = "0.1.0"

    /// Only what is implemented, and pull diagnostics only for clients that asked.
    func capabilities() -> JSONValue {
        .object([
            "positionEncoding": .string(encoding.rawValue),
            "textDocumentSync": [
                "openClose": true, "change": 2, "save": ["includeText": false],
            ],
            "hoverProvider": true,
            "codeActionProvider": ["codeActionKinds": ["quickfix"], "resolveProvider": false],
            "documentSymbolProvider": true,
            "codeLensProvider": ["resolveProvider": false],
            "executeCommandProvider": ["commands": .array(Command.allCases.map { .string($0.rawValue) })],
            "diagnosticProvider": servesPull
                ? ["identifier": "toolwright", "interFileDependencies": true, "workspaceDiagnostics": false] : nil,
            "workspace": [
                "workspaceFolders": ["supported": true, "changeNotifications": true]
            ],
            "experimental": ["toolwright": ["documentInfo": true]],
        ])
    }

    private func initialized() {
        if client.watchedFilesDynamicRegistration {
            let watchers: JSONValue = [["globPattern": "**/.toolwright.yaml"], ["globPattern": "**/.toolwright.yml"]]
            let registration: JSONValue = [
                "id": "toolwright-config-files", "method": "workspace/didChangeWatchedFiles",
                "registerOptions": ["watchers": watchers],
            ]
            connection.send(request: "client/registerCapability", params: ["registrations": [registration]]) {
                [self] result in
                if case .failure(let error) = result {
                    queue.async { self.log(.warning, "Watch registration failed: \(error)") }
                }
            }
        }
        if client.configuration { pullConfiguration() }
        log(.info, "Toolwright \(LanguageServer.version) ready (positions in \(encoding.rawValue))")
    }

    private func exit() {
        guard phase != .exited else { return }
        liveMCP.spawned.terminateAll()
        extensions.killPlugins()
        let code: Int32 = phase == .shutdown ? 0 : 1
        phase = .exited
        for uri in documents.keys { documents[uri]?.pending?.cancel() }
        options.onExit(code)
    }

    // MARK: Logging

    enum LogLevel: Int64 {
        case error = 1
        case warning = 2
        case info = 3
        case log = 4
    }

    /// Logs to standard error always, and to the client (`window/logMessage`) from the
    /// configured level up.
    func log(_ level: LogLevel, _ message: String) {
        Connection.logToStandardError("toolwright: \(message)")
        guard phase == .running || phase == .shutdown, level.rawValue <= Int64(settings.logLevel) else { return }
        connection.send(
            notification: "window/logMessage", params: ["type": .integer(level.rawValue), "message": .string(message)])
    }
}
