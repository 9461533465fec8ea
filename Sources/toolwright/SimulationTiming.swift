import Foundation
import Selection
import SourceDocument
import ToolModel

/// `simulate --timing`: the phases of one run in process CPU seconds (the machine is shared, so
/// wall time is noise), measured in process (so the figures leave out
/// process start and output), printed to stderr as one JSON line for
/// Benchmarks/scripts/selection_side_by_side.py.
enum SimulationTiming {
    /// Re-simulations of the prompt file with the index kept, as the editor does per edit.
    static let editRuns = 20

    static func run(promptFile: String, toolPaths: [String]?, options: ScorerOptions) throws -> SimulationReport {
        let faultsBefore = minorFaults()
        let start = now()
        let loaded = try PromptSetLoader.read(promptFile: promptFile, toolPaths: toolPaths)
        let read = now()
        let simulator = SelectionSimulator(toolSets: loaded.toolSets, options: options)
        let indexed = now()
        var report = simulator.simulate(loaded.promptSet)
        report.findings.insert(contentsOf: loaded.findings, at: 0)
        let simulated = now()
        let faults = minorFaults() - faultsBefore
        // Per edit, as the language server does it: parse the prompt text again, check the tool
        // files' stamps, simulate against the cached index (its own `tools:` or sibling; the
        // first call fills the cache).
        var best = Double.infinity
        for _ in 0...editRuns {
            let t0 = now()
            let document = SourceDocument(uri: loaded.uri, bytes: loaded.bytes)
            _ = PromptSetLoader.simulate(document: document, path: promptFile, options: options)
            best = min(best, now() - t0)
        }
        let fields: [(String, Double)] = [
            ("read_s", read - start), ("index_s", indexed - read), ("simulate_s", simulated - indexed),
            ("end_to_end_s", simulated - start), ("per_edit_best_s", best),
        ]
        let body = fields.map { "\"\($0.0)\": \(String(format: "%.6f", $0.1))" }.joined(separator: ", ")
        Terminal.writeError(
            "{\"prompts\": \(report.results.count), \"tools\": \(report.tools.count), \"semantic\": "
                + "\(options.semanticWeight > 0 && WordVectors.bundled != nil), \"page_faults\": \(faults), "
                + "\"heap_huge_pages\": \(BatchHeap.isMarkedHuge()), \(body)}")
        return report
    }

    /// Minor page faults of the process so far (first touches of new memory and mapped files).
    private static func minorFaults() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_minflt
    }

    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
