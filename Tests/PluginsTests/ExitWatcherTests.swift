import Foundation
import Testing

@testable import Plugins

/// `ExitWatcher` sees a child's end from its own thread and leaves the reaping to Foundation.
@Suite struct ExitWatcherTests {
    private func spawn(_ script: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        try process.run()
        return process
    }

    @Test func anExitStatusIsSeenAndFoundationStillReapsTheChild() throws {
        let process = try spawn("exit 3")
        let watcher = ExitWatcher(process)
        #expect(watcher.blockingWait(seconds: 30) == .exited(3))
        // WNOWAIT left the zombie to Foundation: its own record must agree.
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 3)
    }

    @Test func aSignalIsSeenAsSuch() throws {
        let process = try spawn("exec sleep 30")
        let watcher = ExitWatcher(process)
        #expect(watcher.exitStatus == nil)
        #expect(watcher.blockingWait(seconds: 0.05) == nil)
        kill(process.processIdentifier, SIGKILL)
        #expect(watcher.blockingWait(seconds: 30) == .signalled(SIGKILL))
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
    }

    @Test func callbacksRunOnExitAndAtOnceAfterIt() async throws {
        let process = try spawn("exec sleep 30")
        let watcher = ExitWatcher(process)
        let calls = Counter()
        watcher.whenExited { calls.add() }
        #expect(calls.value == 0)
        // SIGKILL: a child spawned from a test's thread may inherit a mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        #expect(watcher.blockingWait(seconds: 30) == .signalled(SIGKILL))
        // The exit thread runs callbacks just after it records the status.
        for _ in 0..<3000 where calls.value == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
        #expect(calls.value == 1)
        watcher.whenExited { calls.add() }
        #expect(calls.value == 2)
    }

    @Test func aChildFoundationReapedFirstIsStillReported() throws {
        let process = try spawn("exit 5")
        process.waitUntilExit()
        // Too late for waitid: the watcher falls back to Foundation's record.
        let watcher = ExitWatcher(process)
        #expect(watcher.blockingWait(seconds: 30) == .exited(5))
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func add() { lock.withLock { count += 1 } }
    }
}
