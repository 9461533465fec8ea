import Foundation
import JSON
import Testing

/// `.toolwright.yaml` in `check`: targets, rule settings, ignores, and its own problems.
@Suite struct CLIConfigTests {
    @Test func configurationShapesWhatCheckReports() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-config-\(UUID())")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("vendor"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let config = """
            targets: [openai]
            rules:
              desc-too-short: off
            ignore:
              paths: [vendor/**]
              tools: [legacy_*]
            colour: blue
            """
        try Data(config.utf8).write(to: root.appendingPathComponent(".toolwright.yaml"))
        let tools =
            #"{"tools":[{"name":"legacy_thing","description":"x","inputSchema":{"type":"object"}},"#
            + #"{"name":"Bad Name","description":"short","inputSchema":{"type":"object"}}]}"#
        try Data(tools.utf8).write(to: root.appendingPathComponent("a.tools.json"))
        try Data(tools.utf8).write(to: root.appendingPathComponent("vendor/b.tools.json"))

        let run = try await ToolwrightBinary.run(["check", "--format", "json", "."], in: root)
        let files = try Jansson.decode(run.stdout)["files"]?.arrayValue ?? []
        let paths = files.compactMap { $0["path"]?.stringValue }
        #expect(!paths.contains { $0.contains("vendor/") }, "ignored path checked: \(paths)")
        let tool = try #require(files.first { $0["path"]?.stringValue?.hasSuffix("a.tools.json") == true })
        let findings = tool["findings"]?.arrayValue ?? []
        let ids = findings.compactMap { $0["ruleId"]?.stringValue }
        // openai target: the space in a name is an error; desc-too-short is off; legacy_* is ignored.
        #expect(ids.contains("name-target-pattern"))
        #expect(!ids.contains("desc-too-short"))
        #expect(!findings.contains { $0["pointer"]?.stringValue?.hasPrefix("/tools/0") == true })
        let own = try #require(files.first { $0["path"]?.stringValue?.hasSuffix(".toolwright.yaml") == true })
        #expect(own["findings"]?[0]?["ruleId"] == "config-invalid")
        #expect(own["findings"]?[0]?["range"]?["start"]?["line"] == 6)

        let plain = try await ToolwrightBinary.run(["check", "--no-config", "--format", "json", "."], in: root)
        let all = try Jansson.decode(plain.stdout)["files"]?.arrayValue ?? []
        #expect(all.contains { $0["path"]?.stringValue?.contains("vendor/") == true })
    }
}
