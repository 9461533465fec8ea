import Foundation
import Testing

/// `check --timing`: per-rule totals on stderr, the report on stdout unchanged.
@Suite struct CLITimingTests {
    @Test func timingListsRulesOnStderrAndLeavesTheReportAlone() async throws {
        let arguments = ["check", "--format", "json", "examples/mcp"]
        let plain = try await ToolwrightBinary.run(arguments)
        let timed = try await ToolwrightBinary.run(arguments + ["--timing"])
        #expect(timed.status == plain.status)
        #expect(timed.stdout == plain.stdout)
        #expect(plain.stderr.isEmpty)
        // One line per rule that ran, the phases in brackets, and the totals.
        #expect(timed.stderr.contains("sec-coercive-directive ("))
        #expect(timed.stderr.contains("set-near-duplicate ("))
        #expect(timed.stderr.contains("(resolve and sort)"))
        #expect(timed.stderr.contains("all rules"))
        #expect(timed.stderr.contains("wall time:"))
    }
}
