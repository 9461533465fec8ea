import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum Terminal {
    /// Writes to standard output. When the reader has gone (`toolwright check | head`) the
    /// process ends quietly with 141, the status a shell reports for death by SIGPIPE: with
    /// SIGPIPE ignored (live MCP servers and plugins need that, so a dead child is an error and
    /// not the end of the process) the write fails with EPIPE instead, and Foundation's
    /// `FileHandle.write` would crash on it. Any other failure ends it with 74 (`EX_IOERR`).
    static func write(_ text: String) {
        if !writeAll(STDOUT_FILENO, text) { exit(errno == EPIPE ? 141 : 74) }
    }

    static func writeError(_ text: String) {
        _ = writeAll(STDERR_FILENO, text.hasSuffix("\n") ? text : text + "\n")
    }

    /// `write(2)` until every byte is out; false (with `errno` set) when it fails.
    private static func writeAll(_ descriptor: Int32, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN {
                        // A non-blocking descriptor that is full: wait until it drains.
                        var wait = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&wait, 1, -1)
                        continue
                    }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Colour only for a terminal, and never when `NO_COLOR` is set (https://no-color.org).
    static var stdoutWantsColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}
