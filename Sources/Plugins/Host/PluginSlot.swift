import Foundation
import JSON
import SourceDocument
import ToolModel

/// One registered plugin: starts it on demand, restarts it with backoff after it dies, and
/// kills it after repeated timeouts.
actor PluginSlot {
    nonisolated let manifest: PluginManifest
    nonisolated let origin: PluginOrigin
    private let observer: (@Sendable (PluginTraffic) -> Void)?
    private let log: @Sendable (String) -> Void
    private let offerToolHashes: Bool
    private var process: PluginProcess?
    private var starting: Task<Result<PluginProcess, PluginFailure>, Never>?
    private var failures = 0
    private var consecutiveTimeouts = 0
    private var notBefore: Date?
    private var lastError: String?
    private var stopped = false
    private let state = StatusBox()
    /// Notifications the host sent that the plugin has not been given yet, in order. Every
    /// request goes out after them (see `running`), so a request made after
    /// `didChangeConfiguration` returned is answered under the new settings.
    private nonisolated let unsent = NotificationQueue()

    init(
        manifest: PluginManifest, origin: PluginOrigin, observer: (@Sendable (PluginTraffic) -> Void)?,
        log: @escaping @Sendable (String) -> Void, offerToolHashes: Bool
    ) {
        self.offerToolHashes = offerToolHashes
        self.manifest = manifest
        self.origin = origin
        self.observer = observer
        self.log = log
        state.set(
            PluginStatus(
                id: manifest.id, version: manifest.version, origin: origin, manifestDirectory: manifest.directory,
                state: "notStarted", pid: nil, failures: 0, lastError: nil))
    }

    nonisolated func status() -> PluginStatus { state.get() }

    func analyze(_ document: SourceDocument, request: AnalyzeRequest, settings: JSONValue) async -> [Finding] {
        let plugin: PluginProcess
        switch await running(settings: settings) {
        case .success(let p): plugin = p
        case .failure(let failure):
            return [
                Finding(
                    ruleId: PluginHost.failedRuleId, severity: .warning,
                    message: "Plugin \(manifest.id) \(failure)", pointer: .root)
            ]
        }
        let timeoutMs = manifest.requestTimeoutMs
        switch await perform(on: plugin, { await $0.analyze(request, timeoutMs: timeoutMs) }) {
        case .success(let outcome):
            let (kept, rejected) = (outcome.kept, outcome.rejected)
            guard rejected > 0 else { return kept }
            return kept + [
                Finding(
                    ruleId: PluginHost.invalidResultRuleId, severity: .warning,
                    message: "Plugin \(manifest.id) returned \(rejected) finding(s) whose pointer is not in "
                        + "this document or that lack a message; they were dropped",
                    pointer: .root)
            ]
        case .failure(let failure):
            return [
                Finding(
                    ruleId: PluginHost.failedRuleId, severity: .warning,
                    message: "Plugin \(manifest.id) \(failure)", pointer: .root)
            ]
        }
    }

    /// One request with the manifest's timeout, starting the plugin first when needed.
    func call(_ method: String, params: JSONValue, settings: JSONValue) async -> Result<JSONValue, PluginFailure> {
        let plugin: PluginProcess
        switch await running(settings: settings) {
        case .success(let p): plugin = p
        case .failure(let failure): return .failure(failure)
        }
        let timeoutMs = manifest.requestTimeoutMs
        return await perform(on: plugin) { await $0.request(method, params: params, timeoutMs: timeoutMs) }
    }

    /// Runs one exchange and keeps the books: timeouts in a row, crashes, oversized replies.
    private func perform<Value: Sendable>(
        on plugin: PluginProcess, _ body: (PluginProcess) async -> Result<Value, PluginFailure>
    ) async -> Result<Value, PluginFailure> {
        let result = await body(plugin)
        switch result {
        case .success:
            consecutiveTimeouts = 0
        case .failure(.timedOut):
            consecutiveTimeouts += 1
            // Two in a row: the plugin is wedged, not just slow on one document. Start afresh.
            if consecutiveTimeouts >= 2 { await discard(plugin, reason: "\(result)") }
        case .failure(.crashed(let why)), .failure(.failedToStart(let why)):
            await discard(plugin, reason: why)
        case .failure(.tooLarge(let limit)):
            await discard(plugin, reason: "message over \(limit) bytes")
        case .failure(.error):
            break
        }
        publish()
        return result
    }

    nonisolated func notify(_ method: String, _ params: JSONValue) {
        unsent.append(method, params)
        Task { await self.sendUnsentNotifications() }
    }

    private func sendUnsentNotifications() {
        guard let process else {
            // A plugin started from now on is initialized with the host's current settings.
            if starting == nil { _ = unsent.takeAll() }
            return
        }
        for (method, params) in unsent.takeAll() {
            // Findings remembered per tool were computed under the old settings.
            if method == "workspace/didChangeConfiguration" { process.toolMemory.clear() }
            process.notify(method, params: params)
        }
    }

    func stop() async {
        stopped = true
        if let process {
            await process.stop()
            self.process = nil
        }
        publish()
    }

    private func discard(_ plugin: PluginProcess, reason: String) async {
        guard process === plugin else { return }
        process = nil
        failures += 1
        consecutiveTimeouts = 0
        lastError = reason
        let steps = manifest.restartBackoffMs.isEmpty ? [1000] : manifest.restartBackoffMs
        let delay = steps[min(failures - 1, steps.count - 1)]
        notBefore = Date().addingTimeInterval(Double(delay) / 1000)
        log("plugin \(manifest.id): \(reason); restarting in \(delay) ms at the earliest")
        await plugin.stop()
    }

    /// The running plugin (started if need be), with every notification sent before.
    private func running(settings: JSONValue) async -> Result<PluginProcess, PluginFailure> {
        let result = await startedProcess(settings: settings)
        if case .success = result { sendUnsentNotifications() }
        return result
    }

    private func startedProcess(settings: JSONValue) async -> Result<PluginProcess, PluginFailure> {
        if let process, process.isAlive { return .success(process) }
        if let process {
            await discard(process, reason: "exited (\(process.exitDescription))")
        }
        if stopped { return .failure(.failedToStart("the host is shutting down")) }
        if let notBefore, Date() < notBefore {
            let ms = Int(notBefore.timeIntervalSinceNow * 1000)
            return .failure(.failedToStart("it failed before (\(lastError ?? "unknown")); next restart in \(ms) ms"))
        }
        if let starting { return await starting.value }
        let manifest = manifest
        let observer = observer
        let log = log
        let offerToolHashes = offerToolHashes
        let task = Task { () -> Result<PluginProcess, PluginFailure> in
            let plugin: PluginProcess
            do {
                plugin = try await Spawner.shared.run {
                    try PluginProcess.launch(manifest, observer: observer, log: log)
                }
            } catch {
                return .failure(.failedToStart("\(error)"))
            }
            let params = PluginMessages.initializeParams(
                workspaceRoot: Self.root(of: self.origin), settings: settings, toolHashes: offerToolHashes)
            switch await plugin.request("initialize", params: params, timeoutMs: manifest.initializeTimeoutMs) {
            case .success(let result):
                plugin.adopt(initializeResult: result, offeredToolHashes: offerToolHashes)
                plugin.notify("initialized", params: .object([]))
                return .success(plugin)
            case .failure(let failure):
                await plugin.stop()
                return .failure(.failedToStart("initialize \(failure)"))
            }
        }
        starting = task
        let result = await task.value
        starting = nil
        switch result {
        case .success(let plugin): process = plugin
        case .failure(let failure):
            failures += 1
            lastError = "\(failure)"
            let steps = manifest.restartBackoffMs.isEmpty ? [1000] : manifest.restartBackoffMs
            notBefore = Date().addingTimeInterval(Double(steps[min(failures - 1, steps.count - 1)]) / 1000)
        }
        publish()
        return result
    }

    private nonisolated static func root(of origin: PluginOrigin) -> String? {
        if case .workspace(let root) = origin { return root }
        return nil
    }

    private func publish() {
        let stateName: String =
            if stopped { "stopped" } else if process != nil { "running" } else if notBefore != nil {
                "backingOff"
            } else { "notStarted" }
        state.set(
            PluginStatus(
                id: manifest.id, version: manifest.version, origin: origin, manifestDirectory: manifest.directory,
                state: stateName, pid: process?.pid, failures: failures, lastError: lastError))
    }
}

/// The last published status, readable without awaiting the actor.
private final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: PluginStatus?
    func set(_ status: PluginStatus) { lock.withLock { value = status } }
    func get() -> PluginStatus { lock.withLock { value! } }
}

/// A lock-guarded FIFO of notifications, filled from any thread.
private final class NotificationQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(method: String, params: JSONValue)] = []

    func append(_ method: String, _ params: JSONValue) { lock.withLock { items.append((method, params)) } }

    func takeAll() -> [(method: String, params: JSONValue)] {
        lock.withLock {
            defer { items.removeAll() }
            return items
        }
    }
}
