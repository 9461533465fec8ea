import Analysis
import BenchSupport
import Foundation
import JSON
import SourceDocument

// Median of repeated runs of each step over the generated fixture, as a table with MB/s.
let bytes = Fixture.bytes(CommandLine.arguments.dropFirst().first ?? Fixture.toolsPath)
if ProcessInfo.processInfo.environment["PHASES"] != nil {
    printPhases(bytes)
    exit(0)
}
let megabytes = Double(bytes.count) / 1_000_000
let runs = 15

func median(_ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    try body()  // warm-up
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return times.sorted()[runs / 2]
}

var sink = 0
let parse = median { sink &+= SyntaxTree.parse(bytes, format: .json).diagnostics.count }
let raw = median { sink &+= RawJansson.parse(bytes) ? 1 : 0 }
let jansson = try median {
    if case .object(let members) = try Jansson.decode(bytes) { sink &+= members.count }
}
let analyzer = Analyzer()
var findings = 0
var tools = 0
let check = median {
    let result = analyzer.analyze(SourceDocument(uri: "bench.tools.json", bytes: bytes))
    findings = result.findings.count
    tools = result.toolSet.tools.count
}

func row(_ name: String, _ seconds: Double) -> String {
    let ms = String(format: "%9.2f", seconds * 1000)
    let rate = String(format: "%9.1f", megabytes / seconds)
    return "| \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) | \(ms) | \(rate) |"
}

print(
    String(
        format: "input: %@ (%.2f MB, %d tools, %d findings); median of %d runs", Fixture.toolsPath, megabytes, tools,
        findings, runs))
print("| step                               |   ms     |   MB/s    |")
print("|------------------------------------|---------:|----------:|")
print(row("Swift parser (SyntaxTree.parse)", parse))
print(row("jansson C parser (json_loadb)", raw))
print(row("Jansson.decode (C + JSONValue)", jansson))
print(row("check (Analyzer.analyze)", check))
if sink == -1 { print(sink) }
