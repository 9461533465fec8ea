import Foundation
import JSON
import SourceDocument
import ToolModel

/// A one-off health check of a plugin, for `toolwright plugins check`: spawn, initialize, one
/// `document/analyze`, stop, each timed, with whatever went wrong and the tail of stderr.
public struct PluginHealth: Sendable {
    public var healthy: Bool
    /// The step that failed (`spawn`, `initialize`, `analyze`, `shutdown`), if any.
    public var failedStep: String?
    public var error: String?
    public var spawnInitializeMs: Double?
    public var analyzeMs: Double?
    /// Repeated (warm) analyses of the unchanged probe document after the first, each encoding
    /// the params, the round trip and reading the findings, in microseconds, sorted.
    public var warmAnalyzeMicros: [Double] = []
    /// The host's own share, measured separately per run (sorted): encoding the params of a
    /// document none of whose tools were encoded before, and of the unchanged document (tools
    /// reused from the encoding cache).
    public var warmBuildMicros: [Double] = []
    public var warmEncodeMicros: [Double] = []
    /// CPU time (user + system) per warm run of the unchanged document, of the host process and
    /// of the plugin process.
    public var warmHostCPUMicrosPerRun: Double?
    public var warmPluginCPUMicrosPerRun: Double?
    /// Whether the plugin accepted the `toolHashes` extension.
    public var toolHashes = false
    /// Every warm scenario (`unchanged`, `oneToolEdited`, `allToolsNew`, each also over the plain
    /// protocol when the plugin uses `toolHashes`).
    public var warmScenarios: [WarmScenario] = []
    public var stopMs: Double?
    /// Findings the probe analysis returned (kept after pointer checks) and those dropped.
    public var findings: Int?
    public var rejectedFindings: Int?
    /// `pluginInfo` and `capabilities` from the plugin's `initialize` result.
    public var pluginInfo: JSONValue?
    public var capabilities: JSONValue?
    /// How the process ended after the stop sequence (`exit status 0`, `killed by signal 15`).
    public var exit: String?
    public var stderrTail: String
    /// `window/logMessage` lines and protocol problems seen during the probe.
    public var log: [String]
}

/// One warm benchmark scenario of `toolwright plugins check --warm-runs N`.
public struct WarmScenario: Sendable {
    /// `unchanged`, `oneToolEdited` or `allToolsNew`.
    public var name: String
    public var toolHashes: Bool
    /// Wall time per round trip in microseconds, sorted.
    public var micros: [Double]
    public var hostCPUMicrosPerRun: Double?
    public var pluginCPUMicrosPerRun: Double?
    /// Bytes of the last request's params.
    public var requestBytes: Int
}

public enum PluginProbe {
    /// A one-tool MCP document, used when no probe file is given.
    public static let sampleDocument = SourceDocument(
        uri: "file:///toolwright-probe/probe.tools.json",
        text: #"""
            {"tools": [{"name": "get_weather", "description": "Get the current weather for a city.",
              "inputSchema": {"type": "object", "properties": {"city": {"type": "string", "description": "City name"}},
              "required": ["city"]}}]}
            """#)

    /// Runs the probe. Never throws: every failure is in the result.
    /// - Parameter toolHashes: offer the `toolHashes` extension in `initialize`.
    public static func run(
        _ manifest: PluginManifest, workspaceRoot: String?, document: SourceDocument = sampleDocument,
        settings: JSONValue = .object([]), warmRuns: Int = 0, toolHashes: Bool = true
    ) async -> PluginHealth {
        let lines = LineCollector()
        var health = PluginHealth(healthy: false, stderrTail: "", log: [])
        let clock = ContinuousClock()
        let started = clock.now
        let plugin: PluginProcess
        do {
            plugin = try await Spawner.shared.run {
                try PluginProcess.launch(manifest, observer: nil, log: { lines.add($0) })
            }
        } catch {
            health.failedStep = "spawn"
            health.error = "\(error)"
            health.log = lines.all
            return health
        }
        let initialize = await plugin.request(
            "initialize",
            params: PluginMessages.initializeParams(
                workspaceRoot: workspaceRoot, settings: settings, toolHashes: toolHashes),
            timeoutMs: manifest.initializeTimeoutMs)
        switch initialize {
        case .success(let result):
            health.spawnInitializeMs = milliseconds(clock.now - started)
            health.pluginInfo = result["pluginInfo"]
            health.capabilities = result["capabilities"]
            plugin.notify("initialized", params: .object([]))
            plugin.adopt(initializeResult: result, offeredToolHashes: toolHashes)
            health.toolHashes = plugin.toolHashes
            let tools = DialectDetector.toolSet(from: document.tree.jsonValue() ?? .null, uri: document.uri)
            let cache = ToolEncodingCache()
            let request = AnalyzeRequest(document: document, tools: tools, settings: settings, cache: cache)
            let analyzeStart = clock.now
            switch await plugin.analyze(request, timeoutMs: manifest.requestTimeoutMs) {
            case .success(let outcome):
                health.analyzeMs = milliseconds(clock.now - analyzeStart)
                let (kept, rejected) = (outcome.kept, outcome.rejected)
                health.findings = kept.count
                health.rejectedFindings = rejected
                health.healthy = rejected == 0
                if rejected > 0 {
                    health.failedStep = "analyze"
                    health.error = "\(rejected) finding(s) with a pointer not in the document or no message"
                } else if warmRuns > 0 {
                    let bench = WarmBench(
                        plugin: plugin, runs: warmRuns, document: document, settings: settings, cache: cache)
                    await bench.run(into: &health)
                }
            case .failure(let failure):
                health.failedStep = "analyze"
                health.error = "\(failure)"
            }
        case .failure(let failure):
            health.failedStep = "initialize"
            health.error = "\(failure)"
        }
        let stopStart = clock.now
        let cleanly = await plugin.stop()
        health.stopMs = milliseconds(clock.now - stopStart)
        health.exit = plugin.exitDescription
        if health.healthy && !cleanly {
            health.healthy = false
            health.failedStep = "shutdown"
            health.error = "did not exit after shutdown and exit; it was signalled (\(plugin.exitDescription))"
        }
        health.stderrTail = plugin.stderrTailText
        health.log = lines.all
        // The same runs over the plain protocol, for comparison, when the extension was used.
        if health.healthy && warmRuns > 0 && health.toolHashes {
            let plain = await run(
                manifest, workspaceRoot: workspaceRoot, document: document, settings: settings, warmRuns: warmRuns,
                toolHashes: false)
            health.warmScenarios += plain.warmScenarios
            if !plain.healthy {
                health.healthy = false
                health.failedStep = plain.failedStep.map { "plain protocol: " + $0 }
                health.error = plain.error
            }
        }
        return health
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

private final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// Process CPU time in microseconds (user + system).
enum CPUTime {
    static func ofThisProcess() -> Double? {
        var usage = rusage()
        #if canImport(Glibc)
            let who = RUSAGE_SELF.rawValue
        #else
            let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return nil }
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    }

    /// From `/proc/<pid>/stat` (utime and stime, in clock ticks); Linux only.
    static func of(pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name, which may itself hold spaces: state is field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) / ticks * 1e6
    }
}
