import Analysis
import Dispatch
import Foundation
import Plugins
import Rules
import SourceDocument
import ToolModel

/// What `check` was asked to run besides the built-in rules.
struct PluginOptions {
    var plugins: Bool
    var trustedRoots: [String]
    var workspaceRoot: String
}

enum PluginSupport {
    /// Loads the packs into the engine. Problems in a pack are printed; a pack that cannot be
    /// read at all is a usage error (exit 2).
    static func install(packs paths: [String], into engine: inout RuleEngine) throws -> Bool {
        var ok = true
        for path in paths {
            let (pack, findings) = RulePack.load(path: path)
            for finding in findings {
                Terminal.writeError(
                    "\(path): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleId)] at \(finding.pointer)"
                )
            }
            if let pack { pack.install(into: &engine) } else { ok = false }
        }
        return ok
    }

    /// Runs the workspace's plugins (only if trusted) over each result and adds their findings.
    static func runPlugins(_ options: PluginOptions, on results: [AnalysisResult], analyzer: Analyzer)
        -> [AnalysisResult]
    {
        let root = URL(fileURLWithPath: options.workspaceRoot).standardizedFileURL.path
        let trust = WorkspaceTrust(trustedRoots: options.trustedRoots)
        let host = PluginHost(trust: trust, log: { Terminal.writeError("toolwright: plugin: \($0)") })
        for (manifest, findings) in host.discover(workspaceRoot: root) {
            for finding in findings {
                Terminal.writeError("\(manifest): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleId)]")
            }
        }
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
