import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How a child process ended.
enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signalled(let signal): "killed by signal \(signal)"
        }
    }
}

/// Learns that a child exited from a thread of its own, blocked in `waitid(…, WNOWAIT)`: the
/// child stays a zombie for Foundation's `Process` to reap. Foundation notices exits on the
/// dispatch pool, and when that pool is busy (2 cores, workers blocked in other work) its
/// `isRunning` trailed the real exit by seconds, so a plugin that left cleanly after `exit`
/// was reported as hanging and signalled.
final class ExitWatcher: @unchecked Sendable {
    private let condition = NSCondition()
    private var status: ExitStatus?
    private var onExit: [@Sendable () -> Void] = []

    init(_ process: Process) {
        let pid = process.processIdentifier
        let thread = Thread { [self] in
            let status = Self.waitForExit(pid) ?? Self.foundationStatus(process)
            let callbacks: [@Sendable () -> Void] = condition.withLock {
                self.status = status
                condition.broadcast()
                defer { onExit = [] }
                return onExit
            }
            for callback in callbacks { callback() }
        }
        thread.name = "toolwright.plugin.exit"
        thread.start()
    }

    /// How the child ended; nil while it runs.
    var exitStatus: ExitStatus? { condition.withLock { status } }

    /// Blocks the calling thread until the child exits or `seconds` pass. Not for tasks.
    func blockingWait(seconds: Double) -> ExitStatus? {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            while status == nil && condition.wait(until: deadline) {}
            return status
        }
    }

    /// Runs `callback` once the child has exited (at once if it has).
    func whenExited(_ callback: @escaping @Sendable () -> Void) {
        let exited = condition.withLock {
            if status == nil { onExit.append(callback) }
            return status != nil
        }
        if exited { callback() }
    }

    /// The child's end as `waitid` sees it, leaving it waitable; nil when Foundation reaped it first.
    private static func waitForExit(_ pid: Int32) -> ExitStatus? {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
            if errno != EINTR { return nil }
        }
        let value = info._sifields._sigchld.si_status
        return info.si_code == Int32(CLD_EXITED) ? .exited(value) : .signalled(value)
    }

    /// After Foundation reaped the child, its own record (set just after the reap).
    private static func foundationStatus(_ process: Process) -> ExitStatus {
        while process.isRunning { usleep(1000) }
        return process.terminationReason == .exit
            ? .exited(process.terminationStatus) : .signalled(process.terminationStatus)
    }
}
