import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `toolwright check | head`: the reader of standard output goes away. With SIGPIPE ignored (as
/// it is once live MCP servers or plugins run, and as a parent can leave it) the CLI must end
/// quietly with 141, the status of death by SIGPIPE, not crash in `FileHandle.write`.
@Suite struct CLIBrokenPipeTests {
    @Test func aClosedStdoutEndsTheRunQuietlyWith141() async throws {
        // Children inherit ignored signals: the binary starts with SIGPIPE ignored.
        signal(SIGPIPE, SIG_IGN)
        let status: (Int32, Process.TerminationReason, String) = try await withCheckedThrowingContinuation {
            continuation in
            Thread {
                continuation.resume(
                    with: Result {
                        let (process, out, err) = try ToolwrightBinary.start(["check", "--format", "json", "examples"])
                        // No reader: the first write gets EPIPE.
                        try out.fileHandleForReading.close()
                        let errors = err.fileHandleForReading.readDataToEndOfFile()
                        process.waitUntilExit()
                        return (
                            process.terminationStatus, process.terminationReason,
                            String(decoding: errors, as: UTF8.self)
                        )
                    })
            }.start()
        }
        #expect(status.1 == .exit, "ended by a signal: \(status.0)")
        #expect(status.0 == 141)
        #expect(!status.2.contains("Fatal error") && !status.2.contains("crashed"), "\(status.2)")
    }
}
