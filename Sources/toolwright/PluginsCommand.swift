import Analysis
import ArgumentParser
import Foundation
import JSON
import Plugins
import SourceDocument

/// `toolwright plugins list|check`: which rule packs and plugins a workspace would load, from
/// where, whether they may run, and (check) whether they work.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the rule packs and plugins a workspace would load, or check that they work.",
        discussion: """
            Sources, in order: the user's folder ($XDG_CONFIG_HOME/toolwright/packs/*.yaml|yml|json \
            and …/plugins/*/plugin.json), the workspace's plugins/*/plugin.json and \
            .toolwright/plugins/*/plugin.json, the plugins: list of its .toolwright.yaml, then \
            --rule-pack and --plugin. Workspace plugins run only in a trusted workspace.
            """,
        subcommands: [PluginsListCommand.self, PluginsCheckCommand.self]
    )
}

/// What to look at: the path, the configuration, flags and trust (shared by list and check).
struct PluginsScope: ParsableArguments {
    @Argument(help: "A workspace folder, or a tool file inside one (default: the current directory).")
    var path: String?

    @Option(help: "The workspace root (default: the folder of .toolwright.yaml found upward, else the path).")
    var workspaceRoot: String?

    @Option(name: .customLong("rule-pack"), help: "A rule pack to load as well (repeatable).")
    var rulePacks: [String] = []

    @Option(name: .customLong("plugin"), help: "A plugin folder or plugin.json to load as well (repeatable).")
    var pluginPaths: [String] = []

    @Option(help: "Trust this workspace root for this run (repeatable).")
    var trustWorkspace: [String] = []

    @Option(help: "The configuration file (default: .toolwright.yaml found upward from the path).")
    var config: String?

    @Flag(help: "Ignore any .toolwright.yaml.")
    var noConfig = false

    @Option(help: "Output format.")
    var format: ListFormat = .text

    var target: String { path ?? FileManager.default.currentDirectoryPath }

    /// What the workspace would load, its trust, and the configuration file's
    /// `pluginSettings` (read with the rest, from one reading of the file).
    func inventory() -> (inventory: ExtensionInventory, trust: WorkspaceTrust, pluginSettings: [String: JSONValue]) {
        let loaded = noConfig ? nil : LoadedConfiguration.find(explicit: config, paths: [target])
        let root: String
        if let workspaceRoot {
            root = workspaceRoot
        } else if let loaded {
            root = loaded.url.deletingLastPathComponent().path
        } else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory)
            root = exists && !isDirectory.boolValue ? (target as NSString).deletingLastPathComponent : target
        }
        let inventory = ExtensionInventory.collect(
            workspaceRoot: root.isEmpty ? "." : root,
            configFile: loaded.map { ($0.url.path, $0.configuration.plugins) }, flagPacks: rulePacks,
            flagPlugins: pluginPaths)
        return (inventory, WorkspaceTrust(trustedRoots: trustWorkspace), loaded?.configuration.pluginSettings ?? [:])
    }

    /// The tool file to probe plugins with, when the path names one.
    var probeDocument: SourceDocument? {
        var isDirectory: ObjCBool = false
        guard let path, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
            !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return SourceDocument(uri: URL(fileURLWithPath: path).standardizedFileURL.absoluteString, bytes: Array(data))
    }
}

struct PluginsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show each rule pack and plugin that would be loaded, where it comes from, and its trust.",
        discussion: "Exit status: 0, or 1 when a pack or manifest is invalid."
    )

    @OptionGroup var scope: PluginsScope

    func run() throws {
        let (inventory, trust, _) = scope.inventory()
        let report = PluginsReport(inventory: inventory, trust: trust, health: [:])
        Terminal.write(scope.format == .json ? report.json().serialized(.pretty) + "\n" : report.text())
        if inventory.hasErrors { throw ExitCode(ExitStatus.findings) }
    }
}

struct PluginsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Start each plugin that may run, initialize it, analyze a probe document, and stop it.",
        discussion: """
            The probe document is the path when it names a tool file, else a one-tool sample. \
            Plugins of an untrusted workspace are not started (reported as skipped). Exit status: \
            0 when every pack and started plugin is healthy, 1 otherwise.
            """
    )

    @OptionGroup var scope: PluginsScope

    @Option(help: "Time this many more analyses of the probe document after the first (a benchmark).")
    var warmRuns = 0

    func run() throws {
        let (inventory, trust, pluginSettings) = scope.inventory()
        let warmRuns = max(0, warmRuns)
        let document = scope.probeDocument ?? PluginProbe.sampleDocument
        let root = inventory.workspaceRoot
        var health: [String: PluginHealth] = [:]
        for entry in inventory.plugins {
            guard let manifest = entry.manifest else { continue }
            if case .workspace(let root) = entry.origin, !trust.isTrusted(root) { continue }
            let settings = pluginSettings[manifest.id] ?? .object([])
            health[entry.path] = Blocking.wait {
                await PluginProbe.run(
                    manifest, workspaceRoot: root, document: document, settings: settings, warmRuns: warmRuns)
            }
        }
        let report = PluginsReport(inventory: inventory, trust: trust, health: health)
        Terminal.write(scope.format == .json ? report.json().serialized(.pretty) + "\n" : report.text())
        if inventory.hasErrors || health.values.contains(where: { !$0.healthy }) {
            throw ExitCode(ExitStatus.findings)
        }
    }
}
