import Analysis
import Dispatch
import Foundation
import JSON
import Plugins
import Rules
import SourceDocument
import ToolModel

enum PluginSupport {
    /// Loads the inventory's packs into the engine. Problems in a pack are printed; a pack named
    /// on the command line that cannot be read at all is a usage error (returns false).
    static func install(packs inventory: ExtensionInventory, into engine: inout RuleEngine) -> Bool {
        var ok = true
        for entry in inventory.packs {
            for finding in entry.problems {
                Terminal.writeError(
                    "\(entry.path): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleId)] at \(finding.pointer)"
                )
            }
            if let pack = entry.pack { pack.install(into: &engine) } else if entry.source == .flag { ok = false }
        }
        return ok
    }

    /// Runs the inventory's plugins (workspace ones only if trusted) over each result and adds
    /// their findings.
    static func runPlugins(
        _ inventory: ExtensionInventory, trustedRoots: [String], pluginSettings: [String: JSONValue],
        on results: [AnalysisResult], analyzer: Analyzer
    ) -> [AnalysisResult] {
        let trust = WorkspaceTrust(trustedRoots: trustedRoots)
        let host = PluginHost(
            trust: trust, pluginSettings: pluginSettings, log: { Terminal.writeError("toolwright: plugin: \($0)") })
        for entry in inventory.plugins {
            for finding in entry.problems {
                Terminal.writeError(
                    "\(entry.path): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleId)]")
            }
        }
        inventory.register(with: host)
        let updated = Blocking.wait { () async -> [AnalysisResult] in
            var out: [AnalysisResult] = []
            for var result in results {
                guard !result.toolSet.tools.isEmpty else {
                    out.append(result)
                    continue
                }
                let extra = await host.analyze(result.document, tools: result.toolSet)
                result.findings = analyzer.sort(
                    result.findings + extra.map { analyzer.resolve($0, in: result.document) })
                out.append(result)
            }
            await host.stopAll()
            return out
        }
        return updated
    }
}
