import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Drains a server's standard error on its own thread, so a chatty server never blocks on a
/// full pipe, and keeps the last `limit` bytes to show when something goes wrong.
final class StderrCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var finished = false
    private var waiters: [@Sendable () -> Void] = []
    private let limit: Int

    init(fd: Int32, limit: Int = 64 << 10) {
        self.limit = limit
        let thread = Thread { [self] in drain(fd) }
        thread.name = "toolwright.mcp.stderr"
        thread.start()
    }

    private func drain(_ fd: Int32) {
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            lock.withLock {
                buffer.append(contentsOf: chunk[0..<n])
                if buffer.count > limit { buffer.removeFirst(buffer.count - limit) }
            }
        }
        close(fd)
        let toCall = lock.withLock {
            finished = true
            defer { waiters = [] }
            return waiters
        }
        for waiter in toCall { waiter() }
    }

    /// Everything kept so far.
    var text: String { lock.withLock { String(decoding: buffer, as: UTF8.self) } }

    /// The last `maxBytes` bytes, cut at a line start, for error messages.
    func tail(maxBytes: Int = 4096) -> String {
        let all = lock.withLock { buffer }
        guard all.count > maxBytes else { return String(decoding: all, as: UTF8.self) }
        var slice = all[(all.count - maxBytes)...]
        if let nl = slice.firstIndex(of: 0x0A) { slice = slice[(nl + 1)...] }
        return "…\n" + String(decoding: slice, as: UTF8.self)
    }

    /// Waits until the server closed its standard error, at most `timeout` seconds.
    func waitForEnd(timeout: Double) async {
        _ = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let once = Once(continuation)
            let done = lock.withLock {
                if !finished { waiters.append { once.resume(true) } }
                return finished
            }
            if done { once.resume(true) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { once.resume(false) }
        }
    }
}
