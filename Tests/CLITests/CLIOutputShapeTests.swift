import Foundation
import JSON
import Testing

/// The shape of the three output formats and how paths are collected. These hold whatever
/// the rules find, so they use clean files and count errors rather than expecting findings.
@Suite struct CLIOutputShapeTests {
    @Test func cleanFileExitsZeroInTextFormat() async throws {
        let run = try await ToolwrightBinary.run(["check", "examples/mcp/time.tools.json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains(": error:"))
        #expect(run.stdout.contains("1 file checked"))
        #expect(!run.stdout.contains("\u{1B}["), "no colour when stdout is a pipe")
    }

    @Test func jsonFormatHasTheDocumentedShape() async throws {
        let run = try await ToolwrightBinary.run(["check", "--format", "json", "examples/mcp/time.tools.json"])
        #expect(run.status == 0)
        let report = try run.json()
        #expect(report["tool"]?["name"]?.stringValue == "toolwright")
        #expect(report["positionEncoding"]?.stringValue == "utf-16")
        let files = report["files"]?.array ?? []
        #expect(files.count == 1)
        #expect(files.first?["path"]?.stringValue == "examples/mcp/time.tools.json")
        #expect(files.first?["format"]?.stringValue == "json")
        #expect(files.first?["findings"]?.arrayValue != nil)
        #expect(report["summary"]?["files"]?.intValue == 1)
        #expect(report["summary"]?["errors"]?.intValue == 0)
        for key in ["warnings", "infos", "hints"] {
            #expect(report["summary"]?[key]?.intValue != nil, "summary.\(key)")
        }
    }

    @Test func sarifFormatIsSARIF210() async throws {
        let run = try await ToolwrightBinary.run(["check", "--format", "sarif", "examples/mcp/time.tools.json"])
        #expect(run.status == 0)
        let sarif = try run.json()
        #expect(sarif["version"]?.stringValue == "2.1.0")
        #expect(sarif["$schema"]?.stringValue?.contains("sarif-schema-2.1.0") == true)
        let run0 = try #require(sarif["runs"]?[0])
        #expect(run0["tool"]?["driver"]?["name"]?.stringValue == "toolwright")
        #expect(run0["columnKind"]?.stringValue == "unicodeCodePoints")
        #expect(run0["results"]?.arrayValue != nil)
        #expect(run0["artifacts"]?[0]?["location"]?["uri"]?.stringValue == "examples/mcp/time.tools.json")
        let listed = try await ToolwrightBinary.run(["rules", "--format", "json"]).json().array
        let rules = run0["tool"]?["driver"]?["rules"]?.array ?? []
        #expect(rules.count >= listed.count)
        for rule in rules {
            #expect(rule["id"]?.stringValue != nil)
            #expect(rule["helpUri"]?.stringValue?.hasPrefix("https://") == true)
            #expect(rule["shortDescription"]?["text"]?.stringValue != nil)
        }
    }

    @Test func directoriesYieldToolFilesByNameOrContent() async throws {
        let root = try ToolwrightBinary.temporaryDirectory([
            "a/one.tools.json": #"{"tools": []}"#,
            "a/b/two.tools.yaml": "tools: []\n",
            "a/tsconfig.json": #"{"compilerOptions": {"strict": true}}"#,
            "a/notes.txt": "not a tool file",
            "a/.hidden/three.tools.json": #"{"tools": []}"#,
            "a/node_modules/pkg/four.tools.json": #"{"tools": []}"#,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(["check", "--format", "json", "a"], in: root)
        let paths = try run.json()["files"]?.array.compactMap { $0["path"]?.stringValue } ?? []
        #expect(paths.sorted() == ["a/b/two.tools.yaml", "a/one.tools.json"])
    }

    @Test func symbolicLinkCyclesDoNotTrapTheWalk() async throws {
        let root = try ToolwrightBinary.temporaryDirectory(["a/one.tools.json": #"{"tools": []}"#])
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("a/loop").path, withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("a/linked.tools.json").path, withDestinationPath: "one.tools.json")
        let run = try await ToolwrightBinary.run(["check", "--format", "json", "a"], in: root)
        #expect(run.status == 0)
        let paths = try run.json()["files"]?.array.compactMap { $0["path"]?.stringValue } ?? []
        #expect(paths.sorted() == ["a/linked.tools.json", "a/one.tools.json"])
    }

    @Test func explicitFilesAreAlwaysChecked() async throws {
        let root = try ToolwrightBinary.temporaryDirectory(["tsconfig.json": #"{"compilerOptions": {}}"#])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(["check", "--format", "json", "tsconfig.json"], in: root)
        let paths = try run.json()["files"]?.array.compactMap { $0["path"]?.stringValue } ?? []
        #expect(paths == ["tsconfig.json"])
    }

    @Test func aFileNamedTwiceIsCheckedOnce() async throws {
        let run = try await ToolwrightBinary.run([
            "check", "--format", "json", "examples/mcp", "examples/mcp/time.tools.json",
        ])
        let paths = try run.json()["files"]?.array.compactMap { $0["path"]?.stringValue } ?? []
        #expect(paths.filter { $0.hasSuffix("time.tools.json") }.count == 1)
        #expect(paths.contains("examples/mcp/filesystem.tools.json"))
    }
}
