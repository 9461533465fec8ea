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
    /// Repeated (warm) analyses after the first, each building the params, the round trip and
    /// reading the findings, in microseconds, sorted.
    public var warmAnalyzeMicros: [Double] = []
    /// Of those, the host's own share, measured separately per run (sorted): building the params,
    /// and encoding them to JSON bytes (the connection does that once per request).
    public var warmBuildMicros: [Double] = []
    public var warmEncodeMicros: [Double] = []
    /// CPU time (user + system) per warm run, of the host process and of the plugin process.
    public var warmHostCPUMicrosPerRun: Double?
    public var warmPluginCPUMicrosPerRun: Double?
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
    public static func run(
        _ manifest: PluginManifest, workspaceRoot: String?, document: SourceDocument = sampleDocument,
        settings: JSONValue = .object([]), warmRuns: Int = 0
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
        defer { _ = plugin }
        let initialize = await plugin.request(
            "initialize", params: PluginMessages.initializeParams(workspaceRoot: workspaceRoot, settings: settings),
            timeoutMs: manifest.initializeTimeoutMs)
        switch initialize {
        case .success(let result):
            health.spawnInitializeMs = milliseconds(clock.now - started)
            health.pluginInfo = result["pluginInfo"]
            health.capabilities = result["capabilities"]
            plugin.notify("initialized", params: .object([]))
            plugin.wantsDocumentText = result["capabilities"]?["analyze"]?["documentText"]?.boolValue ?? true
            let tools = DialectDetector.toolSet(from: document.tree.jsonValue() ?? .null, uri: document.uri)
            let params = PluginMessages.analyzeParams(
                document, tools: tools, settings: settings, includeText: plugin.wantsDocumentText)
            let analyzeStart = clock.now
            switch await plugin.request("document/analyze", params: params, timeoutMs: manifest.requestTimeoutMs) {
            case .success(let value):
                health.analyzeMs = milliseconds(clock.now - analyzeStart)
                let (kept, rejected) = PluginMessages.findings(from: value, manifest: manifest, document: document)
                health.findings = kept.count
                health.rejectedFindings = rejected
                health.healthy = rejected == 0
                if rejected > 0 {
                    health.failedStep = "analyze"
                    health.error = "\(rejected) finding(s) with a pointer not in the document or no message"
                } else if warmRuns > 0 {
                    await warm(
                        plugin, runs: warmRuns, document: document, tools: tools, settings: settings, into: &health)
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
        return health
    }

    /// What `PluginHost.analyze` does per document and plugin, repeated: build the params, one
    /// round trip, read the findings.
    private static func warm(
        _ plugin: PluginProcess, runs: Int, document: SourceDocument, tools: ToolSet, settings: JSONValue,
        into health: inout PluginHealth
    ) async {
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(runs)
        let hostBefore = CPUTime.ofThisProcess()
        let pluginBefore = CPUTime.of(pid: plugin.pid)
        for _ in 0..<runs {
            let start = clock.now
            let request = AnalyzeRequest(document: document, tools: tools, settings: settings)
            let params = request.params(withText: plugin.wantsDocumentText)
            let reply = await plugin.request(
                "document/analyze", params: params, timeoutMs: plugin.manifest.requestTimeoutMs)
            guard case .success(let value) = reply else {
                health.healthy = false
                health.failedStep = "analyze"
                health.error = "warm run \(samples.count + 1): \(reply)"
                return
            }
            _ = PluginMessages.findings(from: value, manifest: plugin.manifest, document: document)
            samples.append(milliseconds(clock.now - start) * 1000)
        }
        health.warmAnalyzeMicros = samples.sorted()
        // CPU time per round trip does not count waiting for a core, which dominates wall time
        // on a loaded machine.
        if let before = hostBefore, let after = CPUTime.ofThisProcess() {
            health.warmHostCPUMicrosPerRun = (after - before) / Double(samples.count)
        }
        if let before = pluginBefore, let after = CPUTime.of(pid: plugin.pid) {
            health.warmPluginCPUMicrosPerRun = (after - before) / Double(samples.count)
        }
        // The host-side steps alone, in a separate loop so they do not inflate the figures above.
        var build: [Double] = []
        var encode: [Double] = []
        for _ in 0..<runs {
            let buildStart = clock.now
            let rebuilt = AnalyzeRequest(document: document, tools: tools, settings: settings).params(
                withText: plugin.wantsDocumentText)
            build.append(milliseconds(clock.now - buildStart) * 1000)
            let encodeStart = clock.now
            let bytes = JSONWriter.bytes(rebuilt)
            encode.append(milliseconds(clock.now - encodeStart) * 1000)
            withExtendedLifetime(bytes) {}
        }
        health.warmBuildMicros = build.sorted()
        health.warmEncodeMicros = encode.sorted()
    }

    private static func milliseconds(_ duration: Duration) -> Double {
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
