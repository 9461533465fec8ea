import Foundation
import Rules

/// Adds up the times `RuleEngine.timing` reports, per rule or phase, from any thread.
public final class RuleTimings: Sendable {
    private let lock = NSLock()
    private nonisolated(unsafe) var totals: [String: (time: Duration, runs: Int)] = [:]

    public init() {}

    /// The observer to bind to `RuleEngine.$timing`.
    public var observer: RuleTimingObserver {
        RuleTimingObserver { [self] name, time in
            lock.withLock {
                let known = totals[name] ?? (.zero, 0)
                totals[name] = (known.time + time, known.runs + 1)
            }
        }
    }

    /// One line per rule or phase, slowest first, in milliseconds.
    public func report() -> String {
        let entries = lock.withLock { totals }.sorted { ($1.value.time, $0.key) < ($0.value.time, $1.key) }
        let all = entries.filter { !$0.key.hasPrefix("(") }.reduce(Duration.zero) { $0 + $1.value.time }
        var lines = entries.map { name, total in
            "\(Self.milliseconds(total.time).padding(toLength: 10))  \(name) (\(total.runs) runs)"
        }
        lines.append("\(Self.milliseconds(all).padding(toLength: 10))  all rules")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func milliseconds(_ time: Duration) -> String {
        let (seconds, attoseconds) = time.components
        let tenths = seconds * 10_000 + attoseconds / 100_000_000_000_000
        return "\(tenths / 10).\(tenths % 10) ms"
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : String(repeating: " ", count: length - count) + self
    }
}
