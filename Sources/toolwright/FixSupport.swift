import Analysis
import ArgumentParser
import Foundation
import SourceDocument

/// `check --fix` / `--diff`: runs the fix passes, then writes the files or prints the diff, and
/// says what was fixed. The remaining findings are reported by `check` as usual.
enum FixSupport {
    struct Options {
        var write: Bool
        var diff: Bool
        var unsafe: Bool
        /// Whether stdout carries a machine-readable report (the summary then goes to stderr).
        var quietStdout: Bool
    }

    /// Fixes the documents; returns them as they are now (fixed, or unchanged with `--diff`)
    /// and whether anything was (or would be) changed.
    static func run(
        _ documents: [SourceDocument], analyzer: Analyzer, configuration: LoadedConfiguration?, options: Options
    ) throws -> (documents: [SourceDocument], changed: Bool) {
        let filter: @Sendable (AnalysisResult) -> AnalysisResult = { result in
            configuration?.filter(result) ?? result
        }
        let applier = FixApplier(
            analyzer: analyzer, safety: options.unsafe ? .includingUnsafe : .preferredOnly, filter: filter)
        let outcomes = applier.fix(documents)
        var summary = ""
        for outcome in outcomes {
            if outcome.hasSyntaxErrors {
                summary += "\(outcome.original.uri): not fixed: it has syntax errors; fix them first\n"
            }
            if outcome.stoppedOnSyntaxError {
                summary += "\(outcome.original.uri): a fix would have broken the syntax; it was not applied\n"
            }
            guard outcome.changed else { continue }
            if options.diff {
                Terminal.write(
                    UnifiedDiff.render(
                        old: outcome.original.bytes, new: outcome.fixed.bytes, oldLabel: "a/" + outcome.original.uri,
                        newLabel: "b/" + outcome.original.uri))
            }
            if options.write {
                do {
                    try Data(outcome.fixed.bytes).write(to: fileURL(outcome.original.uri))
                } catch {
                    Terminal.writeError("toolwright: error: cannot write \(outcome.original.uri): \(error)")
                    throw ExitCode(ExitStatus.usage)
                }
            }
            summary +=
                "\(outcome.original.uri): \(options.write ? "fixed" : "would fix") \(describe(outcome.applied))\n"
        }
        let changed = outcomes.contains(where: \.changed)
        if !changed { summary += "nothing to fix\n" }
        if options.quietStdout || options.diff {
            Terminal.writeError(summary)
        } else {
            Terminal.write(summary)
        }
        return (outcomes.map(\.fixed), changed)
    }

    /// `3 problems (openai-strict-closed-objects ×2, schema-noarg-open)`.
    static func describe(_ applied: [FixApplier.Applied]) -> String {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for fix in applied {
            if counts[fix.ruleId] == nil { order.append(fix.ruleId) }
            counts[fix.ruleId, default: 0] += 1
        }
        let rules = order.map { counts[$0]! > 1 ? "\($0) ×\(counts[$0]!)" : $0 }
        return "\(applied.count) problem\(applied.count == 1 ? "" : "s") (\(rules.joined(separator: ", ")))"
    }

    static func fileURL(_ uri: String) -> URL {
        if uri.contains("://"), let url = URL(string: uri), url.isFileURL { return url }
        return URL(fileURLWithPath: uri)
    }
}
