import Foundation
import JSON
import SourceDocument
import ToolModel

#if canImport(Glibc)
    import Glibc
#endif

/// Where a plugin was declared: the user's own configuration always runs; a workspace's only
/// once the workspace is trusted.
public enum PluginOrigin: Sendable, Hashable {
    case user
    case workspace(root: String)
}

/// A plugin's health, for `toolwright plugins list|check`.
public struct PluginStatus: Sendable {
    public var id: String
    public var version: String
    public var origin: PluginOrigin
    public var manifestDirectory: String
    /// `notStarted`, `running`, `untrusted`, `backingOff`, `stopped`.
    public var state: String
    public var pid: Int32?
    public var failures: Int
    public var lastError: String?
}

/// Runs out-of-process plugins and turns everything they do, including dying, into findings.
/// A failing plugin never throws out of this API.
public final class PluginHost: @unchecked Sendable {
    public static let failedRuleId = "plugin-failed"
    public static let untrustedRuleId = "plugin-untrusted-workspace"
    public static let invalidResultRuleId = "plugin-invalid-result"

    public let trust: WorkspaceTrust
    private let lock = NSLock()
    private var slots: [PluginSlot] = []
    private let observer: (@Sendable (PluginTraffic) -> Void)?
    private let log: @Sendable (String) -> Void
    /// The latest settings (guarded by `lock`): sent with requests and to plugins that start.
    /// A plugin with an entry in `pluginSettings` gets that instead of the shared settings.
    private var latestSettings: JSONValue
    private var pluginSettings: [String: JSONValue]
    private let offerToolHashes: Bool
    private let encodings = ToolEncodingCache()

    /// - Parameters:
    ///   - observer: sees every payload sent and received (tests validate traffic with it).
    ///   - log: plugin log messages and protocol problems (default: standard error, never stdout).
    ///   - toolHashes: offer plugins the `toolHashes` extension of `document/analyze` (tools they
    ///     have seen go by hash); off, every plugin gets the plain protocol.
    ///   - settings: what every plugin gets, unless `pluginSettings` has an entry for its id.
    public init(
        trust: WorkspaceTrust, settings: JSONValue = .object([]), pluginSettings: [String: JSONValue] = [:],
        observer: (@Sendable (PluginTraffic) -> Void)? = nil,
        log: @escaping @Sendable (String) -> Void = { _ in }, toolHashes: Bool = true
    ) {
        self.offerToolHashes = toolHashes
        // A write to a dead plugin's pipe must be EPIPE, not a signal that kills the server.
        signal(SIGPIPE, SIG_IGN)
        self.trust = trust
        self.latestSettings = settings
        self.pluginSettings = pluginSettings
        self.observer = observer
        self.log = log
    }

    /// Adds a plugin. Nothing starts until a document needs it.
    public func register(_ manifest: PluginManifest, origin: PluginOrigin) {
        let slot = PluginSlot(
            manifest: manifest, origin: origin, observer: observer, log: log, offerToolHashes: offerToolHashes)
        lock.withLock { slots.append(slot) }
        checkSettings(of: manifest, settings(for: manifest.id))
    }

    /// Logs settings that do not match the plugin's `settingsSchema`. They are sent anyway: the
    /// plugin has the last word on what it accepts.
    private func checkSettings(of manifest: PluginManifest, _ settings: JSONValue) {
        guard let schema = manifest.settingsSchema else { return }
        let problems = SchemaValidator(schema: schema).validate(settings)
        guard !problems.isEmpty else { return }
        log(
            "plugin \(manifest.id): its settings do not match its settingsSchema: "
                + problems.map(\.description).joined(separator: "; "))
    }

    /// Registers `<root>/plugins/*/plugin.json` (and `.toolwright/plugins/*/plugin.json`) as
    /// workspace plugins. Returns manifest problems keyed by manifest path.
    @discardableResult
    public func discover(workspaceRoot root: String) -> [String: [Finding]] {
        var problems: [String: [Finding]] = [:]
        for base in [root + "/plugins", root + "/.toolwright/plugins"] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
            for entry in entries.sorted() {
                let path = base + "/" + entry + "/plugin.json"
                guard FileManager.default.fileExists(atPath: path) else { continue }
                let (manifest, findings) = PluginManifest.load(path: path)
                if !findings.isEmpty { problems[path] = findings }
                if let manifest { register(manifest, origin: .workspace(root: root)) }
            }
        }
        return problems
    }

    /// Findings of every active plugin for one document, in registration order. Plugins of
    /// untrusted workspaces do not start; they produce one finding saying how to trust.
    public func analyze(_ document: SourceDocument, tools: ToolSet) async -> [Finding] {
        let active = lock.withLock { slots }.filter {
            $0.manifest.kinds.contains("analyzer") && $0.manifest.isActive(for: document.uri)
        }
        var untrusted: [String: [String]] = [:]
        var runnable: [PluginSlot] = []
        for slot in active {
            if case .workspace(let root) = slot.origin, !trust.isTrusted(root) {
                untrusted[root, default: []].append(slot.manifest.id)
            } else {
                runnable.append(slot)
            }
        }
        var findings: [Finding] = []
        for (root, ids) in untrusted.sorted(by: { $0.key < $1.key }) {
            findings.append(
                Finding(
                    ruleId: Self.untrustedRuleId, severity: .info,
                    message: "Workspace \(root) declares plugins (\(ids.joined(separator: ", "))) that do not run "
                        + "until you trust it: \(trust.howToTrust(root))",
                    pointer: .root))
        }
        guard !runnable.isEmpty else { return findings }
        let (shared, own) = lock.withLock { (latestSettings, pluginSettings) }
        let request = AnalyzeRequest(
            document: document, tools: tools, settings: shared, pluginSettings: own, cache: encodings)
        await withTaskGroup(of: (Int, [Finding]).self) { group in
            for (index, slot) in runnable.enumerated() {
                let settings = own[slot.manifest.id] ?? shared
                group.addTask { (index, await slot.analyze(document, request: request, settings: settings)) }
            }
            var results: [(Int, [Finding])] = []
            for await result in group { results.append(result) }
            for (_, found) in results.sorted(by: { $0.0 < $1.0 }) { findings += found }
        }
        return findings
    }

    /// Ranks tools with every trusted `selector` plugin; a failing plugin contributes nothing.
    public func select(query: String, tools: [JSONValue], limit: Int) async -> [String: Result<
        JSONValue, PluginFailure
    >] {
        let selectors = runnableSlots(kind: "selector")
        var out: [String: Result<JSONValue, PluginFailure>] = [:]
        let params: JSONValue = ["query": .string(query), "tools": .array(tools), "limit": .integer(Int64(limit))]
        for slot in selectors {
            out[slot.manifest.id] = await slot.call(
                "tools/select", params: params, settings: settings(for: slot.manifest.id))
        }
        return out
    }

    /// Quick fixes from every trusted `codeActions` plugin active for the document, for the
    /// value at `pointer` (plugins may also attach fixes to their findings directly).
    public func codeActions(_ document: SourceDocument, at pointer: JSONPointer, findings: [Finding] = []) async
        -> [Fix]
    {
        let params: JSONValue = [
            "uri": .string(document.uri), "version": .integer(Int64(document.version)),
            "pointer": .string(pointer.description), "value": document.tree.node(at: pointer)?.jsonValue() ?? .null,
            "findings": .array(
                findings.map {
                    [
                        "code": .string($0.ruleId), "message": .string($0.message),
                        "pointer": .string($0.pointer.description),
                    ]
                }),
        ]
        var fixes: [Fix] = []
        for slot in runnableSlots(kind: "codeActions") where slot.manifest.isActive(for: document.uri) {
            if case .success(let result) = await slot.call(
                "document/codeActions", params: params, settings: settings(for: slot.manifest.id))
            {
                fixes += (result["fixes"]?.arrayValue ?? []).compactMap(PluginMessages.fix)
            }
        }
        return fixes
    }

    private func runnableSlots(kind: String) -> [PluginSlot] {
        lock.withLock { slots }.filter { slot in
            guard slot.manifest.kinds.contains(kind) else { return false }
            if case .workspace(let root) = slot.origin { return trust.isTrusted(root) }
            return true
        }
    }

    /// The settings plugin `id` gets: its own entry, else the shared settings.
    public func settings(for id: String) -> JSONValue {
        lock.withLock { pluginSettings[id] ?? latestSettings }
    }

    /// New shared settings: sent to the running plugins that have no settings of their own.
    public func didChangeConfiguration(_ settings: JSONValue) {
        change { shared, _ in shared = settings }
    }

    /// New settings per plugin id (the whole map: a plugin left out falls back to the shared ones).
    public func didChangeConfiguration(pluginSettings: [String: JSONValue]) {
        change { _, own in own = pluginSettings }
    }

    /// Applies a change and sends `workspace/didChangeConfiguration` to each plugin whose
    /// settings it changed, ahead of any request made after this returns; plugins started later
    /// are initialized with the new settings. A plugin whose settings stayed the same keeps its
    /// remembered findings.
    private func change(_ body: (inout JSONValue, inout [String: JSONValue]) -> Void) {
        let changed: [(PluginSlot, JSONValue)] = lock.withLock {
            let before = slots.map { pluginSettings[$0.manifest.id] ?? latestSettings }
            body(&latestSettings, &pluginSettings)
            return zip(slots, before).compactMap { slot, old in
                let new = pluginSettings[slot.manifest.id] ?? latestSettings
                return new == old ? nil : (slot, new)
            }
        }
        for (slot, settings) in changed {
            checkSettings(of: slot.manifest, settings)
            slot.notify("workspace/didChangeConfiguration", ["settings": settings])
        }
    }

    public func statuses() -> [PluginStatus] {
        lock.withLock { slots }.map { slot in
            var status = slot.status()
            if case .workspace(let root) = slot.origin, !trust.isTrusted(root) { status.state = "untrusted" }
            return status
        }
    }

    /// The pid of a running plugin (tests check it is gone after `stopAll`).
    public func pid(of id: String) -> Int32? {
        lock.withLock { slots }.first { $0.manifest.id == id }?.status().pid
    }

    /// Stops every plugin: shutdown, exit, then signals to the process group.
    public func stopAll() async {
        for slot in lock.withLock({ slots }) { await slot.stop() }
    }

    /// SIGKILL to every running plugin's process group, for a host about to exit: an orderly
    /// `stopAll` may still be giving a plugin that ignores `exit` its grace period.
    public func killAll() {
        for slot in lock.withLock({ slots }) {
            guard let pid = slot.status().pid, pid > 0 else { continue }
            _ = Glibc.kill(-pid, SIGKILL)
            _ = Glibc.kill(pid, SIGKILL)
        }
    }
}
