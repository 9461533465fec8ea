import Analysis
import ArgumentParser
import Foundation
import Plugins
import Rules
import SourceDocument
import ToolModel

struct CheckCommand: BatchCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check tool-definition files and print the findings.",
        discussion: """
            Files named on the command line are always checked. Directories are searched \
            recursively (hidden folders and node_modules skipped) for .json, .jsonl, .yaml and \
            .yml files that are named *.tools.* or whose content is a recognised tool dialect. \
            All files of one run form the workspace that set-level rules (duplicate names across \
            files, …) see.

            Text output: path:line:column: severity: message [rule-id], lines and columns from 1, \
            columns counted in Unicode code points. JSON output uses LSP ranges (lines from 0, \
            UTF-16 characters). SARIF 2.1.0 regions use lines and columns from 1 in code points.
            """
    )

    @Argument(help: "Tool files or directories to check.")
    var paths: [String]

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(
        name: .customLong("target"),
        help: "Provider profile to judge against (repeatable). Default: each file's own dialect.")
    var targets: [TargetArgument] = []

    @Option(help: "Lowest severity that makes the exit status 1.")
    var failOn: FailThreshold = FailThreshold(argument: "error")!

    @Flag(help: "Never colour the text output (colour is used only when stdout is a terminal).")
    var noColor = false

    @Flag(help: "Add each file's token counts per provider and per tool (see `toolwright tokens`).")
    var tokens = false

    @Option(name: .customLong("rule-pack"), help: "A declarative rule pack (YAML or JSON) to run as well (repeatable).")
    var rulePacks: [String] = []

    @Flag(
        help: """
            Run out-of-process plugins: the user's ($XDG_CONFIG_HOME/toolwright/plugins), the \
            workspace's (plugins/*/plugin.json under --workspace-root, .toolwright.yaml plugins:) \
            and --plugin ones. Workspace plugins start only in a trusted workspace.
            """)
    var plugins = false

    @Option(
        name: .customLong("plugin"),
        help: "A plugin folder or plugin.json to run as well (repeatable; implies --plugins).")
    var pluginPaths: [String] = []

    @Option(help: "Trust this workspace root for this run, so its plugins may start (repeatable).")
    var trustWorkspace: [String] = []

    @Option(help: "The workspace root for plugins and trust (default: the current directory).")
    var workspaceRoot: String = FileManager.default.currentDirectoryPath

    @Flag(
        help: """
            Start the servers of MCP config files (.mcp.json, Claude Desktop, VS Code mcp.json,             Cursor) and check the tools they really list. Trusted workspaces only.
            """)
    var live = false

    @Option(help: "Seconds to wait for each live server's start-up and each request.")
    var liveTimeout: Double = 30

    @Option(help: "The configuration file (default: .toolwright.yaml found upward from the first path).")
    var config: String?

    @Flag(help: "Ignore any .toolwright.yaml.")
    var noConfig = false

    @Flag(
        help: """
            Apply the safe (preferred) fixes to the files, repeating until nothing more can be \
            fixed, then report what remains.
            """)
    var fix = false

    @Flag(help: "With --fix or --diff, also apply the first fix of findings that have no safe one.")
    var unsafeFixes = false

    @Flag(help: "Print what --fix would change as a unified diff and write nothing (exit 1 if anything would change).")
    var diff = false

    @Flag(help: "Print to stderr how long each rule and phase took in all, slowest first.")
    var timing = false

    func run() throws {
        guard timing else { return try check() }
        let timings = RuleTimings()
        let clock = ContinuousClock()
        let start = clock.now
        defer { Terminal.writeError(timings.report() + "wall time: \(clock.now - start)") }
        try RuleEngine.$timing.withValue(timings.observer) { try check() }
    }

    private func check() throws {
        let configuration = noConfig ? nil : LoadedConfiguration.find(explicit: config, paths: paths)
        var settings = configuration?.configuration.settings ?? AnalysisSettings()
        if !targets.isEmpty { settings.targets = Set(targets.map(\.target)) }
        if configuration == nil, !noConfig,
            let lock = ConfigurationLoader.findLock(
                for: LockCommand.directory(of: paths.first ?? ".").appendingPathComponent("_"))
        {
            var withLock = Configuration(uri: "", rules: settings.rules)
            withLock.useLock(lock)
            settings.rules = withLock.rules
        }
        let extensions = ExtensionInventory.collect(
            workspaceRoot: workspaceRoot,
            configFile: configuration.map { ($0.url.path, $0.configuration.plugins) }, flagPacks: rulePacks,
            flagPlugins: pluginPaths)
        var engine = RuleEngine()
        guard PluginSupport.install(packs: extensions, into: &engine) else { throw ExitCode(ExitStatus.usage) }
        let analyzer = Analyzer(engine: engine, settings: settings)
        let loaded = RuleEngine.timed("(load and parse)", RuleEngine.timing) {
            WorkspaceLoader(analyzer: analyzer).load(paths: paths)
        }
        for error in loaded.errors {
            Terminal.writeError("toolwright: error: \(error)")
        }
        let documents = loaded.documents.filter { !(configuration?.ignores($0) ?? false) }
        let configs = documents.filter(LiveCheck.isConfig)
        var toolDocuments = documents.filter { !LiveCheck.isConfig($0) }
        if fix || diff {
            let options = FixSupport.Options(
                write: fix && !diff, diff: diff, unsafe: unsafeFixes, quietStdout: format != .text)
            let fixed = try FixSupport.run(
                toolDocuments, analyzer: analyzer, configuration: configuration, options: options)
            if diff { throw ExitCode(fixed.changed ? ExitStatus.findings : ExitStatus.clean) }
            toolDocuments = fixed.documents
        }
        var results = analyzer.analyze(workspace: toolDocuments)
        if let configuration {
            results = results.map(configuration.filter)
            if let own = configuration.result { results.append(own) }
        }
        let root = URL(fileURLWithPath: workspaceRoot).standardizedFileURL.path
        let trust = WorkspaceTrust(trustedRoots: trustWorkspace)
        for config in configs {
            results += LiveCheck.results(
                for: config, live: live, trust: trust, root: root, analyzer: analyzer, timeout: liveTimeout)
        }
        if plugins || !pluginPaths.isEmpty {
            results = PluginSupport.runPlugins(
                extensions, trustedRoots: trustWorkspace,
                pluginSettings: configuration?.configuration.pluginSettings ?? [:],
                on: results, analyzer: analyzer)
        }
        var report = CheckReport(
            results: results, rules: analyzer.engine.allMetadata, loadErrors: loaded.errors)
        if tokens {
            for result in results where !result.toolSet.tools.isEmpty {
                let chosen = settings.targets ?? Target.defaults(for: result.toolSet.dialect)
                do {
                    report.tokens[result.document.uri] = try ToolTokens.report(
                        for: result.toolSet, providers: ToolTokens.providers(for: chosen))
                } catch {
                    Terminal.writeError("toolwright: error: token counts unavailable: \(error)")
                    throw ExitCode(ExitStatus.usage)
                }
            }
        }
        switch format {
        case .text: Terminal.write(TextReport(color: !noColor && Terminal.stdoutWantsColor).render(report))
        case .json: Terminal.write(JSONReport().render(report))
        case .sarif: Terminal.write(SARIFReport().render(report))
        }
        if !loaded.errors.isEmpty { throw ExitCode(ExitStatus.usage) }
        if report.hasFindings(atOrAbove: failOn.severity) { throw ExitCode(ExitStatus.findings) }
    }
}
