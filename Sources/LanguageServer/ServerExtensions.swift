import Analysis
import Dispatch
import Foundation
import Plugins
import Rules

/// Rule packs and out-of-process plugins for the server: loaded once per settings change,
/// used by every analysis. Plugins start only in a trusted workspace (`WorkspaceTrust`).
final class ServerExtensions: @unchecked Sendable {
    private let lock = NSLock()
    private var packKey: [String] = []
    private var packRules: [any ToolRule] = []
    private var hostKey: [String]?
    private var host: PluginHost?

    /// The rules of the configured packs; problems in a pack go to the log.
    func packRules(_ settings: ServerSettings, folders: [String], log: (String) -> Void) -> [any ToolRule] {
        let paths = settings.rulePacks.map { Self.resolve($0, folders: folders) }
        return lock.withLock {
            if paths == packKey { return packRules }
            var rules: [any ToolRule] = []
            for path in paths {
                let (pack, findings) = RulePack.load(path: path)
                for finding in findings { log("rule pack \(path): \(finding.message) at \(finding.pointer)") }
                rules += pack?.rules.map { $0 as any ToolRule } ?? []
            }
            packKey = paths
            packRules = rules
            return rules
        }
    }

    /// The plugin host for the first workspace folder, when plugins are enabled.
    func pluginHost(_ settings: ServerSettings, folders: [String], log: @escaping @Sendable (String) -> Void)
        -> PluginHost?
    {
        guard settings.plugins, let folder = folders.first, let root = URL(string: folder)?.path else { return nil }
        let key = [root] + settings.trustedWorkspaces
        return lock.withLock {
            if key == hostKey { return host }
            let old = host
            let trust = WorkspaceTrust(trustedRoots: settings.trustedWorkspaces)
            let created = PluginHost(trust: trust, log: log)
            for (manifest, problems) in created.discover(workspaceRoot: root) {
                for problem in problems { log("plugin manifest \(manifest): \(problem.message)") }
            }
            host = created
            hostKey = key
            if let old { Task.detached { await old.stopAll() } }
            return created
        }
    }

    func stop() {
        let current = lock.withLock { host }
        if let current { Blocking.wait { await current.stopAll() } }
    }

    static func resolve(_ path: String, folders: [String]) -> String {
        if path.hasPrefix("/") { return path }
        let base = folders.first.flatMap { URL(string: $0)?.path } ?? FileManager.default.currentDirectoryPath
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }
}
