import Foundation
import JSON
import Plugins
import ToolModel

/// Renders `plugins list|check` as text or JSON. `health` is keyed by manifest path; a plugin
/// without an entry was not probed (list, untrusted, or an unreadable manifest).
struct PluginsReport {
    var inventory: ExtensionInventory
    var trust: WorkspaceTrust
    var health: [String: PluginHealth]

    private var workspaceTrusted: Bool { trust.isTrusted(inventory.workspaceRoot) }

    /// `not-required` (user or flag), `trusted`, `untrusted`.
    private func trustState(_ entry: ExtensionInventory.PluginEntry) -> String {
        guard case .workspace(let root) = entry.origin else { return "not-required" }
        return trust.isTrusted(root) ? "trusted" : "untrusted"
    }

    private func healthState(_ entry: ExtensionInventory.PluginEntry) -> String {
        if entry.manifest == nil { return "invalid" }
        if let health = health[entry.path] { return health.healthy ? "healthy" : "failed" }
        return trustState(entry) == "untrusted" ? "skipped-untrusted" : "not-checked"
    }

    private static func source(_ source: ExtensionSource) -> String {
        switch source {
        case .userDirectory: "user folder"
        case .workspaceDirectory: "workspace plugins folder"
        case .workspaceConfig(let path): "plugins: in \(path)"
        case .flag: "command line"
        }
    }

    // MARK: Text

    func text() -> String {
        var out = "Workspace \(inventory.workspaceRoot): \(workspaceTrusted ? "trusted" : "not trusted")\n"
        out += "Rule packs (\(inventory.packs.count)):\n"
        if inventory.packs.isEmpty { out += "  none\n" }
        for entry in inventory.packs {
            let id = entry.pack?.id ?? "(unreadable)"
            let rules = entry.pack.map { "\($0.rules.count) rule\($0.rules.count == 1 ? "" : "s")" } ?? "not loaded"
            out += "  \(id)  \(rules)  \(entry.path)  [\(Self.source(entry.source))]\n"
            for problem in entry.problems {
                out += "    \(problem.severity.rawValue): \(problem.message) at \(problem.pointer)\n"
            }
        }
        out += "Plugins (\(inventory.plugins.count)):\n"
        if inventory.plugins.isEmpty { out += "  none\n" }
        for entry in inventory.plugins {
            let title = entry.manifest.map { "\($0.id) \($0.version)" } ?? "(invalid manifest)"
            out += "  \(title)  \(entry.path)  [\(Self.source(entry.source))]\n"
            if let manifest = entry.manifest {
                out += "    kinds: \(manifest.kinds.sorted().joined(separator: ", "))"
                out += "; command: \(manifest.command.joined(separator: " "))\n"
            }
            let trustState = trustState(entry)
            out += "    trust: \(trustState)"
            if trustState == "untrusted", case .workspace(let root) = entry.origin {
                out += " (\(trust.howToTrust(root)))"
            }
            out += "\n"
            for problem in entry.problems {
                out += "    \(problem.severity.rawValue): \(problem.message) at \(problem.pointer)\n"
            }
            if let health = health[entry.path] { out += Self.text(health) }
        }
        return out
    }

    private static func text(_ health: PluginHealth) -> String {
        var parts: [String] = []
        if let ms = health.spawnInitializeMs { parts.append("spawn+initialize \(format(ms)) ms") }
        if let ms = health.analyzeMs { parts.append("analyze \(format(ms)) ms (\(health.findings ?? 0) findings)") }
        if let warm = Self.summary(health.warmAnalyzeMicros) {
            parts.append(
                "warm analyze median \(format(warm.median)) µs, p90 \(format(warm.p90)) µs (\(warm.runs) runs)")
        }
        if let ms = health.stopMs { parts.append("stop \(format(ms)) ms, \(health.exit ?? "?")") }
        var out = "    health: \(health.healthy ? "ok" : "FAILED")  \(parts.joined(separator: ", "))\n"
        if let step = health.failedStep, let error = health.error { out += "    error at \(step): \(error)\n" }
        if !health.healthy {
            let tail = health.stderrTail.split(whereSeparator: \.isNewline).suffix(5)
            for line in tail { out += "    stderr: \(line.prefix(200))\n" }
        }
        return out
    }

    private static func format(_ ms: Double) -> String { String(format: "%.1f", ms) }

    /// Median, 90th percentile and minimum of sorted samples.
    private static func summary(_ sorted: [Double]) -> (runs: Int, median: Double, p90: Double, min: Double)? {
        guard let first = sorted.first else { return nil }
        return (sorted.count, sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 9 / 10)], first)
    }

    // MARK: JSON

    func json() -> JSONValue {
        [
            "workspaceRoot": .string(inventory.workspaceRoot),
            "workspaceTrusted": .bool(workspaceTrusted),
            "trustStore": trust.storePath.map(JSONValue.string) ?? .null,
            "rulePacks": .array(inventory.packs.map(packJSON)),
            "plugins": .array(inventory.plugins.map(pluginJSON)),
        ]
    }

    private func packJSON(_ entry: ExtensionInventory.PackEntry) -> JSONValue {
        [
            "id": entry.pack.map { .string($0.id) } ?? .null,
            "path": .string(entry.path),
            "source": .string(entry.source.label),
            "configFile": configFile(entry.source),
            "rules": .array((entry.pack?.rules ?? []).map { .string($0.metadata.id) }),
            "status": .string(entry.pack == nil ? "invalid" : "loaded"),
            "problems": .array(entry.problems.map(Self.problem)),
        ]
    }

    private func pluginJSON(_ entry: ExtensionInventory.PluginEntry) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("id", entry.manifest.map { .string($0.id) } ?? .null),
            JSONMember("version", entry.manifest.map { .string($0.version) } ?? .null),
            JSONMember("path", .string(entry.path)),
            JSONMember("source", .string(entry.source.label)),
            JSONMember("configFile", configFile(entry.source)),
            JSONMember("kinds", .array((entry.manifest?.kinds.sorted() ?? []).map(JSONValue.string))),
            JSONMember("command", .array((entry.manifest?.command ?? []).map(JSONValue.string))),
            JSONMember("trust", .string(trustState(entry))),
            JSONMember("status", .string(healthState(entry))),
            JSONMember("problems", .array(entry.problems.map(Self.problem))),
        ]
        if let health = health[entry.path] { members.append(JSONMember("health", Self.json(health))) }
        return .object(members)
    }

    private func configFile(_ source: ExtensionSource) -> JSONValue {
        if case .workspaceConfig(let path) = source { return .string(path) }
        return .null
    }

    private static func problem(_ finding: Finding) -> JSONValue {
        [
            "severity": .string(finding.severity.rawValue), "message": .string(finding.message),
            "pointer": .string(finding.pointer.description), "ruleId": .string(finding.ruleId),
        ]
    }

    private static func json(_ health: PluginHealth) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
        return [
            "healthy": .bool(health.healthy),
            "failedStep": health.failedStep.map(JSONValue.string) ?? .null,
            "error": health.error.map(JSONValue.string) ?? .null,
            "spawnInitializeMs": number(health.spawnInitializeMs),
            "analyzeMs": number(health.analyzeMs),
            "stopMs": number(health.stopMs),
            "warmAnalyze": summary(health.warmAnalyzeMicros).map { warm -> JSONValue in
                [
                    "runs": .integer(Int64(warm.runs)), "medianMicros": number(warm.median),
                    "p90Micros": number(warm.p90), "minMicros": number(warm.min),
                    "buildParamsMedianMicros": number(summary(health.warmBuildMicros)?.median),
                    "encodeParamsMedianMicros": number(summary(health.warmEncodeMicros)?.median),
                    "hostCPUMicrosPerRun": number(health.warmHostCPUMicrosPerRun),
                    "pluginCPUMicrosPerRun": number(health.warmPluginCPUMicrosPerRun),
                ]
            } ?? .null,
            "toolHashes": .bool(health.toolHashes),
            "warmScenarios": .array(
                health.warmScenarios.compactMap { scenario -> JSONValue? in
                    guard let warm = summary(scenario.micros) else { return nil }
                    return [
                        "name": .string(scenario.name), "toolHashes": .bool(scenario.toolHashes),
                        "runs": .integer(Int64(warm.runs)), "medianMicros": number(warm.median),
                        "p90Micros": number(warm.p90), "minMicros": number(warm.min),
                        "hostCPUMicrosPerRun": number(scenario.hostCPUMicrosPerRun),
                        "pluginCPUMicrosPerRun": number(scenario.pluginCPUMicrosPerRun),
                        "requestBytes": .integer(Int64(scenario.requestBytes)),
                    ]
                }),
            "findings": health.findings.map { .integer(Int64($0)) } ?? .null,
            "rejectedFindings": health.rejectedFindings.map { .integer(Int64($0)) } ?? .null,
            "pluginInfo": health.pluginInfo ?? .null,
            "exit": health.exit.map(JSONValue.string) ?? .null,
            "stderrTail": .string(health.stderrTail),
            "log": .array(health.log.map(JSONValue.string)),
        ]
    }
}
