import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A spawned server: its own process group (so a shell wrapper's children are signalled too),
/// pipes for stdin/stdout/stderr, and a thread blocked in `waitpid` that reports the exit.
final class ServerProcess: @unchecked Sendable {
    let pid: pid_t
    /// Our ends: write to `stdin`, read `stdout` and `stderr`.
    let stdin: Int32
    let stdout: Int32
    let stderr: Int32
    private let lock = NSLock()
    private var status: ExitStatus?
    private var waiters: [@Sendable (ExitStatus) -> Void] = []

    /// Resolves `command` like a shell would (a bare name is looked up on the PATH of the
    /// environment the server gets), then spawns it.
    init(command: String, arguments: [String], environment: [String: String], cwd: String?) throws(MCPClientError) {
        let path = try Self.resolve(command, environment: environment, cwd: cwd)
        var inPipe: [Int32] = [-1, -1]
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard Self.cloexecPipe(&inPipe), Self.cloexecPipe(&outPipe), Self.cloexecPipe(&errPipe)
        else { throw .spawnFailed(command, errno: errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the target, so only these three reach the server.
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        if let cwd {
            guard let addchdir = Self.addchdir else { throw .spawnFailed(command, errno: ENOSYS) }
            _ = addchdir(&actions, cwd)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        // Ignored signals survive exec: give the server default handling whatever we ignore.
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Swift's concurrency threads block most signals, and a mask survives exec too.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([path] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, &attributes, argv + [nil], envp + [nil])
        for fd in [inPipe[0], outPipe[1], errPipe[1]] { close(fd) }
        guard rc == 0 else {
            for fd in [inPipe[1], outPipe[0], errPipe[0]] { close(fd) }
            throw .spawnFailed(command, errno: rc)
        }
        pid = child
        stdin = inPipe[1]
        stdout = outPipe[0]
        stderr = errPipe[0]
        let thread = Thread { [self] in reap() }
        thread.name = "toolwright.mcp.waitpid"
        thread.start()
    }

    private func reap() {
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WTERMSIG are macros Swift does not import.
        let result: ExitStatus = (raw & 0x7f) == 0 ? .exited((raw >> 8) & 0xff) : .signalled(raw & 0x7f)
        let toCall = lock.withLock {
            status = result
            defer { waiters = [] }
            return waiters
        }
        for waiter in toCall { waiter(result) }
    }

    var exitStatus: ExitStatus? { lock.withLock { status } }

    /// Calls `body` once the process has exited (right away if it has).
    func onExit(_ body: @escaping @Sendable (ExitStatus) -> Void) {
        let done: ExitStatus? = lock.withLock {
            if let status { return status }
            waiters.append(body)
            return nil
        }
        if let done { body(done) }
    }

    /// Waits for the exit, at most `timeout` seconds; `nil` if still running.
    func waitForExit(timeout: Double) async -> ExitStatus? {
        await withCheckedContinuation { (continuation: CheckedContinuation<ExitStatus?, Never>) in
            let once = Once(continuation)
            onExit { once.resume($0) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { once.resume(nil) }
        }
    }

    /// Signals the whole process group (the server and anything it started).
    func signal(_ signal: Int32) {
        guard exitStatus == nil else { return }
        kill(-pid, signal)
    }

    /// `pipe2` and `posix_spawn_file_actions_addchdir_np` are not visible without _GNU_SOURCE;
    /// a pipe flagged right after creation is close enough (we spawn from one place).
    private static func cloexecPipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private typealias AddChdir =
        @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
        ) -> Int32

    /// glibc ≥ 2.29 and macOS ≥ 10.15 have it; looked up at run time for the reason above.
    private static let addchdir: AddChdir? = {
        #if canImport(Glibc)
            let handle = dlopen(nil, RTLD_NOW)
        #else
            let handle = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
        #endif
        guard let symbol = dlsym(handle, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    static func resolve(_ command: String, environment: [String: String], cwd: String?) throws(MCPClientError)
        -> String
    {
        if command.contains("/") {
            let path = command.hasPrefix("/") || cwd == nil ? command : cwd! + "/" + command
            guard access(path, X_OK) == 0 else { throw .commandNotFound(command, searched: []) }
            return path
        }
        let searched = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for directory in searched where !directory.isEmpty {
            let candidate = directory + "/" + command
            var info = stat()
            if access(candidate, X_OK) == 0, stat(candidate, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR {
                return candidate
            }
        }
        throw .commandNotFound(command, searched: searched)
    }
}

/// Resumes a continuation exactly once, from whichever of several racing events comes first.
final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?

    init(_ continuation: CheckedContinuation<T, Never>) { self.continuation = continuation }

    @discardableResult
    func resume(_ value: T) -> Bool {
        guard
            let c = lock.withLock({ () -> CheckedContinuation<T, Never>? in
                defer { continuation = nil }
                return continuation
            })
        else { return false }
        c.resume(returning: value)
        return true
    }
}
