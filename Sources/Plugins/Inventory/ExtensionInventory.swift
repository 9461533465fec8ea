import Foundation
import JSON
import ToolModel

/// Where a rule pack or plugin was declared. The origin decides trust: what the user declared
/// (their config folder, a command-line flag) runs; what a workspace declares waits for trust.
public enum ExtensionSource: Sendable, Hashable {
    /// `$XDG_CONFIG_HOME/toolwright/{packs,plugins}/`.
    case userDirectory
    /// `<root>/plugins/*/plugin.json` or `<root>/.toolwright/plugins/*/plugin.json`.
    case workspaceDirectory
    /// The `plugins:` list of a workspace's `.toolwright.yaml` (the file's path).
    case workspaceConfig(String)
    /// `--rule-pack` / `--plugin` on the command line, or an editor setting.
    case flag

    /// Short label for reports.
    public var label: String {
        switch self {
        case .userDirectory: "user"
        case .workspaceDirectory: "workspace"
        case .workspaceConfig: "workspace-config"
        case .flag: "flag"
        }
    }

    public var isWorkspace: Bool {
        switch self {
        case .workspaceDirectory, .workspaceConfig: true
        case .userDirectory, .flag: false
        }
    }
}

/// Every rule pack and plugin that would be loaded for one workspace, read but not started.
/// `check`, `plugins list|check` and the language server share it, so they agree on what runs.
public struct ExtensionInventory: Sendable {
    public struct PackEntry: Sendable {
        public var path: String
        public var source: ExtensionSource
        public var pack: RulePack?
        /// Problems in the pack file (located in it); a pack with some still runs its valid rules.
        public var problems: [Finding]
    }

    public struct PluginEntry: Sendable {
        /// The `plugin.json` path.
        public var path: String
        public var source: ExtensionSource
        public var manifest: PluginManifest?
        public var problems: [Finding]

        public var origin: PluginOrigin {
            source.isWorkspace ? .workspace(root: workspaceRoot) : .user
        }
        var workspaceRoot: String
    }

    public var workspaceRoot: String
    public var packs: [PackEntry] = []
    public var plugins: [PluginEntry] = []

    /// `$XDG_CONFIG_HOME/toolwright`, else `~/.config/toolwright`.
    public static var userConfigDirectory: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        return base + "/toolwright"
    }

    /// Collects, in this order: the user's folder, the workspace's plugin folders, the
    /// workspace configuration's `plugins:` entries, then flags. A path met twice is kept once
    /// (a user or flag declaration wins over a workspace one).
    ///
    /// - Parameters:
    ///   - userDirectory: `nil` skips the user's folder.
    ///   - configFile: a `.toolwright.yaml` path and its `plugins:` entries (relative to it):
    ///     a folder holding `plugin.json`, a `plugin.json`, or a rule-pack file.
    ///   - flagPacks, flagPlugins: paths as given (relative to the current directory).
    public static func collect(
        workspaceRoot: String, userDirectory: String? = ExtensionInventory.userConfigDirectory,
        configFile: (path: String, entries: [String])? = nil, flagPacks: [String] = [], flagPlugins: [String] = []
    ) -> ExtensionInventory {
        let root = absolute(workspaceRoot, base: FileManager.default.currentDirectoryPath)
        var inventory = ExtensionInventory(workspaceRoot: root)
        if let userDirectory {
            for file in files(in: userDirectory + "/packs", extensions: ["yaml", "yml", "json"]) {
                inventory.addPack(file, .userDirectory)
            }
            for manifest in manifests(in: userDirectory + "/plugins") { inventory.addPlugin(manifest, .userDirectory) }
        }
        for folder in [root + "/plugins", root + "/.toolwright/plugins"] {
            for manifest in manifests(in: folder) { inventory.addPlugin(manifest, .workspaceDirectory) }
        }
        if let configFile {
            let base = (configFile.path as NSString).deletingLastPathComponent
            for entry in configFile.entries {
                inventory.add(absolute(entry, base: base), .workspaceConfig(configFile.path))
            }
        }
        let cwd = FileManager.default.currentDirectoryPath
        for pack in flagPacks { inventory.addPack(absolute(pack, base: cwd), .flag) }
        for plugin in flagPlugins { inventory.add(absolute(plugin, base: cwd), .flag, forcePlugin: true) }
        return inventory
    }

    /// Registers every readable plugin with `host` (workspace ones wait there for trust).
    public func register(with host: PluginHost) {
        for entry in plugins {
            if let manifest = entry.manifest { host.register(manifest, origin: entry.origin) }
        }
    }

    /// All rules of the readable packs.
    public var packRules: [PackRule] { packs.flatMap { $0.pack?.rules ?? [] } }

    /// True when some pack or manifest has an error-severity problem.
    public var hasErrors: Bool {
        packs.contains { $0.pack == nil || $0.problems.contains { $0.severity == .error } }
            || plugins.contains { $0.manifest == nil || $0.problems.contains { $0.severity == .error } }
    }

    // MARK: Building

    private mutating func add(_ path: String, _ source: ExtensionSource, forcePlugin: Bool = false) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            addPlugin(path + "/plugin.json", source)
        } else if forcePlugin || (path as NSString).lastPathComponent == "plugin.json" {
            addPlugin(path, source)
        } else {
            addPack(path, source)
        }
    }

    private mutating func addPack(_ path: String, _ source: ExtensionSource) {
        guard !packs.contains(where: { $0.path == path }) else { return }
        let (pack, problems) = RulePack.load(path: path)
        packs.append(PackEntry(path: path, source: source, pack: pack, problems: problems))
    }

    private mutating func addPlugin(_ path: String, _ source: ExtensionSource) {
        if let index = plugins.firstIndex(where: { $0.path == path }) {
            // Named by the user too (a flag for a plugin in the workspace's folder): the user's
            // choice wins, so it runs without trusting the whole workspace.
            if plugins[index].source.isWorkspace && !source.isWorkspace { plugins[index].source = source }
            return
        }
        let (manifest, problems) = PluginManifest.load(path: path)
        plugins.append(
            PluginEntry(
                path: path, source: source, manifest: manifest, problems: problems, workspaceRoot: workspaceRoot))
    }

    private static func manifests(in folder: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.sorted().map { folder + "/" + $0 + "/plugin.json" }.filter {
            FileManager.default.fileExists(atPath: $0)
        }
    }

    private static func files(in folder: String, extensions: Set<String>) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.sorted().filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.map {
            folder + "/" + $0
        }
    }

    static func absolute(_ path: String, base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }
}
