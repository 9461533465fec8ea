import Foundation
import ToolModel

/// Simulators for tool files on disk, kept while the files stay unchanged (same size and
/// modification time), so the editor re-simulates an edited prompt set without re-reading and
/// re-indexing its tools. Small and process-wide: a few tool-file combinations are in use at once.
final class SimulatorCache: @unchecked Sendable {
    static let shared = SimulatorCache()
    static let capacity = 8

    struct Key: Hashable {
        var files: [String]
        var stamps: [[Int64]]
        var options: ScorerOptions
        var thresholds: SelectionThresholds
    }

    struct Entry {
        var simulator: SelectionSimulator
        /// Problems reading the tool files.
        var findings: [Finding]
    }

    private let lock = NSLock()
    private var entries: [(key: Key, entry: Entry)] = []

    /// nil when a file cannot be stat'ed (then nothing is cached).
    static func key(paths: [String], options: ScorerOptions, thresholds: SelectionThresholds) -> Key? {
        var stamps: [[Int64]] = []
        for path in paths {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let size = (attributes[.size] as? NSNumber)?.int64Value,
                let modified = attributes[.modificationDate] as? Date
            else { return nil }
            let file = (attributes[.systemFileNumber] as? NSNumber)?.int64Value ?? 0
            stamps.append([size, Int64((modified.timeIntervalSince1970 * 1e9).rounded()), file])
        }
        return Key(files: paths, stamps: stamps, options: options, thresholds: thresholds)
    }

    func entry(for key: Key) -> Entry? {
        lock.withLock { entries.first { $0.key == key }?.entry }
    }

    func store(_ entry: Entry, for key: Key) {
        lock.withLock {
            entries.removeAll { $0.key.files == key.files && $0.key.options == key.options }
            entries.insert((key, entry), at: 0)
            if entries.count > Self.capacity { entries.removeLast() }
        }
    }
}
