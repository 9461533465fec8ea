import Foundation
import JSON
import Testing

/// Drives the binary over pipes and prints latencies and memory (no assertions on figures:
/// they depend on the machine and the build configuration). The times include this test
/// process decoding each reply, which in a debug test build is a large share for big
/// diagnostic lists; `TOOLWRIGHT_BINARY` selects a release server.
@Suite(.serialized) struct LatencyBenchmarkTests {
    private static func thousandTools() -> String {
        var tools: [String] = []
        for i in 0..<1_000 {
            tools.append(
                #"{"name":"tool_\#(i)","description":"Does thing number \#(i) for the user.","inputSchema":{"type":"object","properties":{"query":{"type":"string","description":"What to look for."},"limit":{"type":"integer"}},"required":["query"]}}"#
            )
        }
        return "{\"tools\": [\n" + tools.joined(separator: ",\n") + "\n]}"
    }

    private static func milliseconds(_ start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
    }

    private static func memoryKB(_ pid: Int32, _ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "")
        }
        return nil
    }

    @Test func printLatencies() async throws {
        let server = try ServerProcess()
        var start = DispatchTime.now()
        let initialize = try await server.call(
            "initialize",
            ["processId": .null, "rootUri": .null, "capabilities": [:], "initializationOptions": ["debounceMs": 0]])
        let initializeMs = Self.milliseconds(start)
        #expect(initialize["result"] != nil)
        server.notify("initialized", [:])
        let idleKB = Self.memoryKB(server.process.processIdentifier, "VmRSS")

        let text = Self.thousandTools()
        let uri = "file:///bench/tools.json"
        start = DispatchTime.now()
        server.open(uri, text)
        _ = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"]?.stringValue == uri && $0["version"] == 1
        }
        let openMs = Self.milliseconds(start)

        var editMs: [Double] = []
        let line = 5
        for version in 2...21 {
            start = DispatchTime.now()
            let at: JSONValue = ["line": .integer(Int64(line)), "character": 0]
            server.notify(
                "textDocument/didChange",
                [
                    "textDocument": ["uri": .string(uri), "version": .integer(Int64(version))],
                    "contentChanges": [["range": ["start": at, "end": at], "text": " "]],
                ])
            _ = try await server.notification("textDocument/publishDiagnostics") {
                $0["uri"]?.stringValue == uri && $0["version"] == .integer(Int64(version))
            }
            editMs.append(Self.milliseconds(start))
        }
        editMs.sort()
        let peakKB = Self.memoryKB(server.process.processIdentifier, "VmHWM")
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        print(
            """
            toolwright lsp latency (debounce 0, binary \(ServerProcess.binary.path)):
              initialize: \(String(format: "%.1f", initializeMs)) ms
              didOpen → publishDiagnostics, 1,000 tools (\(text.utf8.count / 1024) KiB): \(String(format: "%.1f", openMs)) ms
              edit → fresh diagnostics: p50 \(String(format: "%.1f", editMs[editMs.count / 2])) ms, max \(String(format: "%.1f", editMs.last!)) ms (\(editMs.count) edits)
              RSS idle after initialize: \(idleKB.map { "\($0 / 1024) MB" } ?? "n/a"), peak: \(peakKB.map { "\($0 / 1024) MB" } ?? "n/a")
            """)
    }
}
