import Dispatch
import Foundation

/// Request timeouts of one plugin process on one timer. A timer per request (`asyncAfter`)
/// costs a dispatch call and a wake of the dispatch manager thread on every round trip; here
/// adding and removing a deadline is a lock and an array operation, and the timer is re-armed
/// only when it is idle or a new deadline comes before the one it is armed for (requests with
/// one timeout each, one after another, arm it once per timeout period).
final class Deadlines: @unchecked Sendable {
    private struct Entry {
        var token: UInt64
        var deadline: DispatchTime
        var action: @Sendable () -> Void
    }

    private let lock = NSLock()
    private var entries: [Entry] = []
    private var nextToken: UInt64 = 0
    /// When the timer fires next; nil while it is idle.
    private var armedFor: DispatchTime?
    private let timer: any DispatchSourceTimer

    init() {
        timer = DispatchSource.makeTimerSource(queue: .global())
        // Weak: the timer must not keep the process object's deadlines alive.
        timer.setEventHandler { [weak self] in self?.fire() }
        timer.schedule(deadline: .distantFuture)
        timer.resume()
    }

    deinit {
        timer.cancel()
    }

    /// Runs `action` on a global queue at `deadline` unless `remove` is called first.
    func add(_ deadline: DispatchTime, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        lock.withLock {
            nextToken += 1
            entries.append(Entry(token: nextToken, deadline: deadline, action: action))
            if armedFor.map({ deadline < $0 }) ?? true {
                armedFor = deadline
                timer.schedule(deadline: deadline, leeway: .milliseconds(1))
            }
            return nextToken
        }
    }

    func remove(_ token: UInt64) {
        lock.withLock {
            // The newest first: requests usually finish in the order they were sent.
            if let index = entries.lastIndex(where: { $0.token == token }) { entries.remove(at: index) }
        }
    }

    /// Runs what is due and re-arms for the earliest deadline left, if any.
    private func fire() {
        let due: [Entry] = lock.withLock {
            let now = DispatchTime.now()
            // Earliest first, also when the timer fired late and several are due.
            let due = entries.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            entries.removeAll { $0.deadline <= now }
            armedFor = entries.map(\.deadline).min()
            timer.schedule(deadline: armedFor ?? .distantFuture, leeway: .milliseconds(1))
            return due
        }
        for entry in due { entry.action() }
    }
}
