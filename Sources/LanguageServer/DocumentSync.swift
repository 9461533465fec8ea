import Dispatch
import Foundation
import JSON
import JSONRPC
import Rules
import SourceDocument
import ToolModel

extension LanguageServer {
    /// URI extensions read as tool files; other URIs only when the content looks like JSON.
    static let toolExtensions = [".json", ".jsonc", ".jsonl", ".ndjson", ".yaml", ".yml"]
    static let configFileNames = [".toolwright.yaml", ".toolwright.yml"]

    static func isCandidate(uri: String, bytes: [UInt8]) -> Bool {
        var path = Substring(uri)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        let lower = path.lowercased()
        let name = lower.split(separator: "/").last.map(String.init) ?? lower
        if configFileNames.contains(name) { return false }
        if toolExtensions.contains(where: { lower.hasSuffix($0) }) { return true }
        if name.contains(".") { return false }
        return DocumentFormat.sniff(bytes) != .yaml
    }

    func didOpen(_ params: JSONValue?) {
        guard let item = params?["textDocument"], let uri = item["uri"]?.stringValue,
            let text = item["text"]?.stringValue
        else { return log(.warning, "didOpen without uri or text") }
        let version = item["version"]?.intValue ?? 0
        let bytes = Array(text.utf8)
        let candidate = Self.isCandidate(uri: uri, bytes: bytes)
        if let previous = documents[uri] {
            previous.pending?.cancel()
            for waiter in previous.waiters { waiter(nil) }
        }
        documents[uri] = OpenDocument(
            document: TextBuffer(uri: uri, bytes: bytes, version: version), isCandidate: candidate)
        if candidate { schedule(uri, delay: 0, cascade: true) }
        if Self.isConfigFile(uri), let buffer = documents[uri]?.document { publishConfigDiagnostics(buffer) }
    }

    func didChange(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, var doc = documents[uri] else {
            return log(.warning, "didChange for a document that is not open")
        }
        let version = params?["textDocument"]?["version"]?.intValue ?? doc.document.version + 1
        var changes: [TextChange] = []
        for change in params?["contentChanges"]?.arrayValue ?? [] {
            guard let text = change["text"]?.stringValue else { continue }
            changes.append(TextChange(range: change["range"].flatMap { try? TextRange(json: $0) }, text: text))
        }
        doc.document.apply(changes, version: version, encoding: encoding)
        documents[uri] = doc
        if doc.isCandidate { schedule(uri, delay: settings.debounceMs, cascade: true) }
        if Self.isConfigFile(uri) { publishConfigDiagnostics(doc.document) }
    }

    func didClose(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let doc = documents.removeValue(forKey: uri)
        else { return }
        doc.pending?.cancel()
        for waiter in doc.waiters { waiter(nil) }
        if doc.isCandidate && pushes {
            publishDiagnostics(uri, ["uri": .string(uri), "diagnostics": []])
        }
        if Self.isConfigFile(uri) { clearConfigDiagnostics(uri) }
        if provider.hasSetRules && doc.analyzed?.analysis.toolSet.tools.isEmpty == false { toolsRemoved() }
        WorkspaceSummaries.shared.forget(uri: uri)
        // Freed on the analysis queue, so the next message does not wait for a large tree.
        let analyzed = doc.analyzed
        analysisQueue.async { withExtendedLifetime(analyzed) {} }
    }

    func didSave(_ params: JSONValue?) {
        // Text sync is incremental, so the text is current already; a save of the config file
        // arrives through didChangeWatchedFiles or here when the client does not watch.
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else { return }
        if Self.configFileNames.contains(where: { uri.hasSuffix("/" + $0) }) { configFileChanged() }
        liveMCPSaved(uri)
    }

    // MARK: Scheduling

    /// Analyses `uri` after `delay` ms unless a newer edit comes first. `cascade` says the
    /// document itself changed (rather than the workspace around it), so a pulling client is
    /// not asked to refresh; a change in its tools re-checks the others (`WorkspaceCascade`).
    func schedule(_ uri: String, delay: Int, cascade: Bool) {
        guard var doc = documents[uri], doc.isCandidate else { return }
        doc.pending?.cancel()
        doc.generation += 1
        let generation = doc.generation
        let item = DispatchWorkItem { [self] in run(uri, generation: generation, cascade: cascade) }
        doc.pending = item
        documents[uri] = doc
        if delay > 0 {
            queue.asyncAfter(deadline: .now() + .milliseconds(delay), execute: item)
        } else {
            queue.async(execute: item)
        }
    }

    func reanalyzeAll() {
        guard phase == .running else { return }
        for (uri, doc) in documents where doc.isCandidate {
            schedule(uri, delay: 0, cascade: false)
        }
    }

    private func run(_ uri: String, generation: Int, cascade isEdit: Bool) {
        guard phase == .running || phase == .shutdown, let doc = documents[uri], doc.generation == generation else {
            return
        }
        let snapshot = doc.document
        let trees = documents.compactMapValues { other in other.analyzed.map { (other.document, $0.analysis.tree) } }
        var analysisSettings = settings.analysisSettings
        analysisSettings.extraToolRules = extensions.packRules(settings, folders: workspaceFolders) {
            self.log(.warning, $0)
        }
        let job = AnalysisJob(
            provider: provider, settings: analysisSettings, encoding: encoding,
            plugins: extensions.pluginHost(settings, folders: workspaceFolders) { self.log(.info, $0) },
            workspace: documents.compactMap { $0.key == uri ? nil : $0.value.analyzed?.analysis.toolSet },
            openDocuments: trees, liveMCP: liveMCPSnapshot(uri), previous: doc.analyzed?.analysis)
        let epoch = cascade.epoch
        cascade.inFlight += 1
        let progress =
            snapshot.bytes.count >= progressThresholdBytes ? beginProgress("Analysing \(Self.fileName(uri))") : nil
        analysisQueue.async { [self] in
            let analyzed = job.run(snapshot)
            queue.async { [self] in
                cascade.inFlight -= 1
                if let progress { endProgress(progress) }
                finish(uri, generation: generation, epoch: epoch, analyzed, cascade: isEdit)
                analysisReturned(uri)
            }
        }
    }

    static func fileName(_ uri: String) -> String {
        uri.split(separator: "/").last.map(String.init) ?? uri
    }

    /// Starts a server-initiated `window/workDoneProgress` (when the client supports it).
    func beginProgress(_ title: String, message: String? = nil) -> JSONValue? {
        guard client.workDoneProgress else { return nil }
        let token = JSONValue.string("toolwright-\(nextProgressToken)")
        nextProgressToken += 1
        connection.send(request: "window/workDoneProgress/create", params: ["token": token]) { _ in }
        connection.send(
            notification: "$/progress",
            params: [
                "token": token,
                "value": .object([
                    "kind": "begin", "title": .string(title), "message": message.map { .string($0) },
                    "cancellable": false,
                ]),
            ])
        return token
    }

    func reportProgress(_ token: JSONValue, percentage: Int) {
        connection.send(
            notification: "$/progress",
            params: ["token": token, "value": ["kind": "report", "percentage": .integer(Int64(percentage))]])
    }

    func endProgress(_ token: JSONValue) {
        connection.send(notification: "$/progress", params: ["token": token, "value": ["kind": "end"]])
    }

    private func finish(_ uri: String, generation: Int, epoch: Int, _ analyzed: AnalyzedDocument, cascade isEdit: Bool)
    {
        guard var doc = documents[uri], doc.generation == generation,
            doc.document.version == analyzed.analysis.version
        else {
            analysisObserver?(uri, analyzed.analysis.version, false)
            return
        }
        defer { analysisObserver?(uri, analyzed.analysis.version, true) }
        // Kept alive until the diagnostics are out: freeing a large document's trees takes a
        // while, and that is done on the analysis queue, off the message loop.
        let previous = doc.analyzed
        doc.analyzed = applyingIgnores(analyzed, uri: uri)
        doc.analyzedGeneration = generation
        doc.analyzedEpoch = epoch
        doc.pending = nil
        let waiters = doc.waiters
        doc.waiters = []
        documents[uri] = doc
        liveMCPAnalysisFinished(uri)
        publish(uri, refresh: !isEdit)
        for waiter in waiters { waiter(documents[uri] ?? doc) }
        if provider.hasSetRules
            && previous.map({ Self.toolSignature($0.analysis.toolSet) }) ?? []
                != Self.toolSignature(analyzed.analysis.toolSet)
        {
            toolsChanged(uri)
        }
        if let previous { analysisQueue.async { withExtendedLifetime(previous) {} } }
    }

    /// What other documents' set-level findings can depend on.
    static func toolSignature(_ set: ToolSet) -> [String] {
        set.tools.map { ($0.name?.value ?? "") + "\u{0}" + ($0.description?.value ?? "") }
    }

    /// Pushes the document's diagnostics (unless the user chose pull-only), and asks a pulling
    /// client to pull again when the change came from another document (`refresh`).
    func publish(_ uri: String, refresh: Bool) {
        guard phase == .running, let doc = documents[uri], let analyzed = doc.analyzed else { return }
        if servesPull && refresh && client.diagnosticRefresh {
            connection.send(request: "workspace/diagnostic/refresh") { _ in }
        }
        guard pushes else { return }
        publishDiagnostics(
            uri,
            [
                "uri": .string(uri), "version": .integer(Int64(analyzed.analysis.version)),
                "diagnostics": .array(analyzed.published.map(\.diagnostic)),
            ])
    }
}

extension LanguageServer {
    /// Pushes `params` as the document's diagnostics. A client keeps only the latest set per
    /// document, so a set still queued unwritten (the client is not reading) is replaced.
    func publishDiagnostics(_ uri: String, _ params: JSONValue) {
        connection.send(
            notification: "textDocument/publishDiagnostics", params: params,
            coalescingKey: "textDocument/publishDiagnostics " + uri)
    }
}
