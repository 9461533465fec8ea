import Dispatch
import Foundation
import Testing

@testable import Plugins

/// Request timeouts share one timer per plugin process (`Deadlines`).
@Suite struct DeadlinesTests {
    final class Fired: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        func add(_ name: String) { lock.withLock { names.append(name) } }
        var all: [String] { lock.withLock { names } }
    }

    /// Waits (up to a generous bound, not a timing assertion) until `name` fired.
    static func waitFor(_ name: String, in fired: Fired) async throws {
        for _ in 0..<2000 where !fired.all.contains(name) { try await Task.sleep(nanoseconds: 5_000_000) }
    }

    @Test func dueDeadlinesFireInOrderAndRemovedOnesNever() async throws {
        let deadlines = Deadlines()
        let fired = Fired()
        let now = DispatchTime.now()
        // Added latest first, so the timer is re-armed for each earlier one.
        _ = deadlines.add(now + .milliseconds(80)) { fired.add("c") }
        let removed = deadlines.add(now + .milliseconds(40)) { fired.add("removed") }
        _ = deadlines.add(now + .milliseconds(20)) { fired.add("a") }
        _ = deadlines.add(now + .milliseconds(60)) { fired.add("b") }
        deadlines.remove(removed)
        try await Self.waitFor("c", in: fired)
        #expect(fired.all == ["a", "b", "c"])
    }

    @Test func theTimerIsArmedAgainAfterFallingIdle() async throws {
        let deadlines = Deadlines()
        let fired = Fired()
        _ = deadlines.add(.now() + .milliseconds(10)) { fired.add("first") }
        try await Self.waitFor("first", in: fired)
        // A request that finished: its deadline never fires, and the next one still does.
        let finished = deadlines.add(.now() + .milliseconds(10)) { fired.add("finished") }
        deadlines.remove(finished)
        _ = deadlines.add(.now() + .milliseconds(30)) { fired.add("second") }
        try await Self.waitFor("second", in: fired)
        #expect(fired.all == ["first", "second"])
    }
}
