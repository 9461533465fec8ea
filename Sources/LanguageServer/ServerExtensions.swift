import Analysis
import Dispatch
import Foundation
import JSON
import Plugins
import Rules
import SourceDocument

/// Rule packs and out-of-process plugins for the server: the same sources as `toolwright check`
/// and `toolwright plugins list` (`ExtensionInventory`: the user's folder, the workspace's
/// plugin folders and `.toolwright.yaml` `plugins:`, the `rulePacks` setting), read once per
/// settings change and used by every analysis. Plugins start only in a trusted workspace.
final class ServerExtensions: @unchecked Sendable {
    private let lock = NSLock()
    private var inventoryKey: [String]?
    private var inventory: ExtensionInventory?
    /// `pluginSettings` of the workspace's `.toolwright.yaml`, read with the inventory.
    private var configPluginSettings: [String: JSONValue] = [:]
    private var hostKey: [String]?
    private var host: PluginHost?

    /// The rules of the configured packs; problems in a pack go to the log.
    func packRules(_ settings: ServerSettings, folders: [String], log: (String) -> Void) -> [any ToolRule] {
        inventory(settings, folders: folders, log: log).packRules.map { $0 as any ToolRule }
    }

    /// The plugin host for the first workspace folder, when plugins are enabled.
    func pluginHost(_ settings: ServerSettings, folders: [String], log: @escaping @Sendable (String) -> Void)
        -> PluginHost?
    {
        guard settings.plugins, let folder = folders.first, let root = URL(string: folder)?.path else { return nil }
        let key = [root] + settings.trustedWorkspaces + settings.rulePacks
        let inventory = inventory(settings, folders: folders, log: log)
        return lock.withLock {
            let pluginSettings = configPluginSettings.merging(settings.pluginSettings) { _, editor in editor }
            if key == hostKey, let host {
                // Only plugins whose settings changed are told (and forget their remembered findings).
                host.didChangeConfiguration(pluginSettings: pluginSettings)
                return host
            }
            let old = host
            let trust = WorkspaceTrust(trustedRoots: settings.trustedWorkspaces)
            let created = PluginHost(trust: trust, pluginSettings: pluginSettings, log: log)
            inventory.register(with: created)
            host = created
            hostKey = key
            if let old { Task.detached { await old.stopAll() } }
            return created
        }
    }

    private func inventory(_ settings: ServerSettings, folders: [String], log: (String) -> Void)
        -> ExtensionInventory
    {
        let root = folders.first.flatMap { URL(string: $0)?.path } ?? FileManager.default.currentDirectoryPath
        let packs = settings.rulePacks.map { Self.resolve($0, folders: folders) }
        let key = [root] + packs
        return lock.withLock {
            if key == inventoryKey, let inventory { return inventory }
            let config = Self.configFile(root)
            configPluginSettings = config?.pluginSettings ?? [:]
            let collected = ExtensionInventory.collect(
                workspaceRoot: root, configFile: config.map { ($0.path, $0.plugins) }, flagPacks: packs)
            for entry in collected.packs {
                for finding in entry.problems {
                    log("rule pack \(entry.path): \(finding.message) at \(finding.pointer)")
                }
            }
            for entry in collected.plugins {
                for finding in entry.problems { log("plugin manifest \(entry.path): \(finding.message)") }
            }
            inventory = collected
            inventoryKey = key
            return collected
        }
    }

    /// The `plugins:` list and `pluginSettings` of the root's `.toolwright.yaml`, if any.
    private static func configFile(_ root: String)
        -> (path: String, plugins: [String], pluginSettings: [String: JSONValue])?
    {
        for name in LanguageServer.configFileNames {
            let path = root + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let value = SourceDocument(uri: "file://" + path, bytes: [UInt8](data), format: .yaml).tree.jsonValue()
            let list =
                value?["plugins"]?.arrayValue?.compactMap(\.stringValue) ?? value?["plugins"]?.stringValue.map { [$0] }
            return (path, list ?? [], ServerSettings.pluginSettings(value?["pluginSettings"]) ?? [:])
        }
        return nil
    }

    func stop() {
        let current = lock.withLock { host }
        if let current { Blocking.wait { await current.stopAll() } }
    }

    /// Ends every plugin at once (the server is exiting).
    func killPlugins() {
        lock.withLock { host }?.killAll()
    }

    static func resolve(_ path: String, folders: [String]) -> String {
        if path.hasPrefix("/") { return path }
        let base = folders.first.flatMap { URL(string: $0)?.path } ?? FileManager.default.currentDirectoryPath
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }
}
