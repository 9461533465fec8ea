import Foundation
import JSON
import SourceDocument
import ToolModel

/// The warm runs of `toolwright plugins check --warm-runs N`, each what `PluginHost.analyze`
/// does per document and plugin (encode the params, one round trip, read the findings), in
/// three scenarios: the unchanged document; a new version with one tool edited (a different
/// tool each run, never seen before, the edits accumulating); a new version in which every
/// tool changed. Documents are prepared before the timed loop, so parsing is not counted.
struct WarmBench {
    let plugin: PluginProcess
    let runs: Int
    let document: SourceDocument
    let settings: JSONValue
    let cache: ToolEncodingCache

    func run(into health: inout PluginHealth) async {
        let tools = DialectDetector.toolSet(from: document.tree.jsonValue() ?? .null, uri: document.uri)
        var versions: [(SourceDocument, ToolSet)] = Array(repeating: (document, tools), count: runs)
        guard let unchanged = await scenario("unchanged", versions, into: &health) else { return }
        health.warmAnalyzeMicros = unchanged.micros
        health.warmHostCPUMicrosPerRun = unchanged.hostCPUMicrosPerRun
        health.warmPluginCPUMicrosPerRun = unchanged.pluginCPUMicrosPerRun
        if let editor = DocumentEditor(document, tools: tools) {
            versions = (0..<runs).map { editor.version($0, everyTool: false) }
            guard await scenario("oneToolEdited", versions, into: &health) != nil else { return }
            versions = (0..<runs).map { editor.version($0, everyTool: true) }
            guard await scenario("allToolsNew", versions, into: &health) != nil else { return }
        }
        hostShare(tools: tools, into: &health)
    }

    private func scenario(
        _ name: String, _ versions: [(SourceDocument, ToolSet)], into health: inout PluginHealth
    ) async -> WarmScenario? {
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(versions.count)
        var requestBytes = 0
        let hostBefore = CPUTime.ofThisProcess()
        let pluginBefore = CPUTime.of(pid: plugin.pid)
        for (document, tools) in versions {
            let start = clock.now
            let request = AnalyzeRequest(document: document, tools: tools, settings: settings, cache: cache)
            let reply = await plugin.analyze(request, timeoutMs: plugin.manifest.requestTimeoutMs)
            guard case .success(let outcome) = reply else {
                health.healthy = false
                health.failedStep = "analyze"
                health.error = "warm run \(samples.count + 1) (\(name)): \(reply)"
                return nil
            }
            let rejected = outcome.rejected
            samples.append(PluginProbe.milliseconds(clock.now - start) * 1000)
            if rejected > 0 {
                health.healthy = false
                health.failedStep = "analyze"
                health.error = "warm run \(samples.count) (\(name)): \(rejected) finding(s) not in the document"
                return nil
            }
            requestBytes = request.lastEncodedCount
        }
        var result = WarmScenario(
            name: name, toolHashes: plugin.toolHashes, micros: samples.sorted(), hostCPUMicrosPerRun: nil,
            pluginCPUMicrosPerRun: nil, requestBytes: requestBytes)
        // CPU time per round trip does not count waiting for a core, which dominates wall time
        // on a loaded machine.
        if let before = hostBefore, let after = CPUTime.ofThisProcess() {
            result.hostCPUMicrosPerRun = (after - before) / Double(samples.count)
        }
        if let before = pluginBefore, let after = CPUTime.of(pid: plugin.pid) {
            result.pluginCPUMicrosPerRun = (after - before) / Double(samples.count)
        }
        health.warmScenarios.append(result)
        return result
    }

    /// The host-side encoding alone, in separate loops so it does not inflate the figures above.
    private func hostShare(tools: ToolSet, into health: inout PluginHealth) {
        let clock = ContinuousClock()
        var cold: [Double] = []
        var warm: [Double] = []
        let withText = plugin.wantsDocumentText
        for _ in 0..<runs {
            let start = clock.now
            let bytes = AnalyzeRequest(document: document, tools: tools, settings: settings, cache: ToolEncodingCache())
                .encoded(withText: withText)
            cold.append(PluginProbe.milliseconds(clock.now - start) * 1000)
            withExtendedLifetime(bytes) {}
        }
        for _ in 0..<runs {
            let start = clock.now
            let bytes = AnalyzeRequest(document: document, tools: tools, settings: settings, cache: cache)
                .encoded(withText: withText)
            warm.append(PluginProbe.milliseconds(clock.now - start) * 1000)
            withExtendedLifetime(bytes) {}
        }
        health.warmBuildMicros = cold.sorted()
        health.warmEncodeMicros = warm.sorted()
    }
}

/// New versions of a JSON tool document with tool descriptions (or, lacking one, names) edited.
struct DocumentEditor {
    private let document: SourceDocument
    /// Per edited tool: the byte range of its string and the string.
    private let targets: [(range: Range<Int>, text: String)]

    init?(_ document: SourceDocument, tools: ToolSet) {
        guard document.format != .yaml, !document.tree.hasErrors else { return nil }
        var targets: [(Range<Int>, String)] = []
        for tool in tools.tools {
            guard let field = tool.description ?? tool.name, let node = document.tree.node(at: field.pointer) else {
                continue
            }
            targets.append((node.range, field.value))
        }
        guard !targets.isEmpty else { return nil }
        self.document = document
        self.targets = targets.sorted { $0.0.lowerBound < $1.0.lowerBound }
    }

    /// Version `run`: with `everyTool`, every target reads `… [all run]`; otherwise targets
    /// 0…run (cyclically) carry the latest edit each got, so each version differs from the
    /// previous one in exactly one tool.
    func version(_ run: Int, everyTool: Bool) -> (SourceDocument, ToolSet) {
        var out: [UInt8] = []
        out.reserveCapacity(document.bytes.count + targets.count * 16)
        var cursor = 0
        for (index, target) in targets.enumerated() {
            out.append(contentsOf: document.bytes[cursor..<target.range.lowerBound])
            var text = target.text
            if everyTool {
                text += " [all \(run)]"
            } else {
                // The last run at or before `run` that edited this target.
                let count = targets.count
                if index <= run { text += " [edit \(run - ((run - index) % count))]" }
            }
            JSONWriter.write(.string(text), into: &out)
            cursor = target.range.upperBound
        }
        out.append(contentsOf: document.bytes[cursor...])
        let edited = SourceDocument(
            uri: document.uri, text: String(decoding: out, as: UTF8.self), version: document.version + run + 1)
        let tools = DialectDetector.toolSet(from: edited.tree.jsonValue() ?? .null, uri: edited.uri)
        return (edited, tools)
    }
}
