import Foundation

/// Spawns plugin processes from one long-lived thread. `PR_SET_PDEATHSIG` (set by setpriv)
/// fires when the *thread* that forked the child exits, and pool threads come and go; this
/// one lives as long as the host process.
final class Spawner: @unchecked Sendable {
    static let shared = Spawner()

    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []

    private init() {
        let thread = Thread { [self] in
            // A thread inherits its creator's signal mask, and a child inherits the forking
            // thread's: clear it, or a plugin could start with SIGTERM blocked.
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            loop()
        }
        thread.name = "toolwright.plugin.spawner"
        thread.start()
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            condition.withLock {
                jobs.append { continuation.resume(with: Result { try body() }) }
                condition.signal()
            }
        }
    }

    private func loop() {
        while true {
            let job: @Sendable () -> Void = condition.withLock {
                while jobs.isEmpty { condition.wait() }
                return jobs.removeFirst()
            }
            job()
        }
    }
}
