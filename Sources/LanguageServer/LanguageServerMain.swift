import Foundation
import JSONRPC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Entry point of `toolwright lsp`: JSON-RPC on stdin/stdout until `exit` or end of input.
public enum LanguageServerMain {
    /// Never returns; the exit code is 0 after `shutdown` + `exit`, 1 otherwise (LSP).
    public static func run() -> Never {
        // A client that goes away must not kill us with SIGPIPE mid-write; EPIPE is handled.
        signal(SIGPIPE, SIG_IGN)
        // Keep the real stdout for the wire and point fd 1 at stderr, so a stray print in any
        // library cannot corrupt the framing (sourcekit-lsp does the same).
        let wire = dup(1)
        guard wire >= 0 else {
            Connection.logToStandardError("toolwright lsp: cannot duplicate stdout")
            exit(1)
        }
        dup2(2, 1)
        var limits = FramingLimits()
        if let raw = ProcessInfo.processInfo.environment["TOOLWRIGHT_LSP_MAX_MESSAGE_BYTES"], let bytes = Int(raw),
            bytes > 0
        {
            limits.maxMessageBytes = bytes
        }
        let connection = Connection(input: 0, output: wire, limits: limits)
        let exitCode = ExitBox()
        let server = LanguageServer(
            connection: connection, options: ServerOptions(onExit: { exitCode.set($0) }))
        server.start()
        let code = exitCode.wait()
        // Send what is queued, but a client that stopped reading must not keep us alive: the
        // writer would sit in write(2) on a full pipe forever.
        let flushed = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            connection.flush()
            flushed.signal()
        }
        if flushed.wait(timeout: .now() + .seconds(5)) == .timedOut {
            Connection.logToStandardError("toolwright lsp: client is not reading; exiting without flushing output")
        }
        exit(code)
    }
}

/// Hands the exit code from the server's queue to the main thread.
final class ExitBox: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var code: Int32?

    func set(_ value: Int32) {
        let first = lock.withLock {
            defer { if code == nil { code = value } }
            return code == nil
        }
        if first { semaphore.signal() }
    }

    func wait() -> Int32 {
        semaphore.wait()
        return lock.withLock { code ?? 1 }
    }
}
