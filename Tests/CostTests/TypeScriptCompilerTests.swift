import Foundation
import JSON
import Testing
import ToolModel

@testable import Cost

/// The generated declarations and programs must type-check with the real compiler
/// (Debian `node-typescript`: `apt-get install -y node-typescript`).
@Suite(.serialized) struct TypeScriptCompilerTests {
    /// `tsc` on PATH, or nil.
    static func compiler() -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/tsc"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs `tsc --noEmit --strict` once over several sources (each made a module, so their
    /// `tools` declarations do not clash); returns the compiler's output when it fails.
    static func typeCheck(_ sources: [(name: String, source: String)]) throws -> String? {
        let tsc = try #require(
            compiler(),
            "tsc is not installed: the generated TypeScript cannot be type-checked. Install it with `apt-get install -y node-typescript` (Debian)."
        )
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "toolwright-tsc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (index, entry) in sources.enumerated() {
            let file = directory.appendingPathComponent("\(index)-\(entry.name).ts")
            try (entry.source + "\nexport {};\n").write(to: file, atomically: true, encoding: .utf8)
            paths.append(file.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tsc)
        process.arguments = ["--noEmit", "--strict", "--target", "es2020", "--lib", "es2020,dom"] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : String(decoding: output, as: UTF8.self)
    }

    static func typeCheck(_ source: String, name: String) throws -> String? {
        try typeCheck([(name, source)])
    }

    /// One compiler run for everything generated (tsc's start-up dominates on a busy machine).
    @Test func generatedTypeScriptTypeChecks() throws {
        let sources =
            try Self.exampleWorkflowSources() + Self.toolFileSources() + [Self.awkwardSource(), Self.crudSource()]
        let errors = try Self.typeCheck(sources)
        #expect(errors == nil, "\(errors ?? "")")
    }

    /// Every example workflow's declarations and program.
    static func exampleWorkflowSources() throws -> [(name: String, source: String)] {
        var sources: [(name: String, source: String)] = []
        for name in try Fixtures.exampleWorkflowNames() {
            let loaded = try Fixtures.example(name)
            let report = try CostModel.estimate(loaded)
            sources.append(
                (
                    name,
                    CodeModeProgramGenerator.checkableSource(declarations: report.declarations, program: report.program)
                ))
        }
        #expect(sources.count >= 3)
        return sources
    }

    /// The declarations of every example tool file and every tool file in shared/samples.
    static func toolFileSources() throws -> [(name: String, source: String)] {
        var files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.examples.path)
            .filter { $0.hasSuffix(".json") && !$0.contains("workflow") }
            .map { Fixtures.examples.appendingPathComponent($0) }
        let samples = Fixtures.repository.deletingLastPathComponent().appendingPathComponent("shared/samples")
        files += ((try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { samples.appendingPathComponent($0) }
        #expect(files.count >= 3)
        var sources: [(name: String, source: String)] = []
        for file in files {
            let value = try Jansson.decode(Array(try Data(contentsOf: file)))
            let set = DialectDetector.toolSet(from: value, uri: file.absoluteString)
            #expect(!set.tools.isEmpty, "\(file.lastPathComponent) holds no tools")
            sources.append(
                (file.deletingPathExtension().lastPathComponent, TypeScriptAPIGenerator.declarations(for: set)))
        }
        return sources
    }

    /// Names and schema constructs that are easy to get wrong in TypeScript.
    static func awkwardSource() -> (name: String, source: String) {
        let set = Fixtures.toolSet([
            [
                "name": "odd-tool.v2",
                "description": "Tricky /* comment */ text",
                "inputSchema": [
                    "type": "object",
                    "properties": [
                        "class": ["type": "string"],
                        "tuple": ["type": "array", "prefixItems": [["type": "string"], ["type": "integer"]]],
                        "either": [
                            "oneOf": [["type": "string"], ["type": "object", "properties": ["x": ["type": "number"]]]]
                        ],
                        "both": ["allOf": [["type": "object", "properties": ["a": ["type": "string"]]]]],
                        "nested": [
                            "type": "object",
                            "properties": [
                                "deep": [
                                    "type": "array", "items": ["type": "object", "properties": ["k": ["const": 1]]],
                                ]
                            ],
                            "additionalProperties": true,
                        ],
                        "ref": ["$ref": "#/$defs/thing"],
                        "never": false,
                    ],
                    "$defs": ["thing": ["type": "string", "enum": ["a", "b"]]],
                    "required": ["class"],
                ],
            ],
            ["name": "odd_tool_v2", "inputSchema": ["type": "object", "properties": [:]]],
        ])
        return ("awkward", TypeScriptAPIGenerator.declarations(for: set))
    }

    /// A 120-tool API and a program with repeats and forwarded results.
    static func crudSource() throws -> (name: String, source: String) {
        let set = Fixtures.crudTools(resources: 20)
        let (workflow, findings) = Fixtures.workflow(
            """
            model: gpt-4o
            steps:
              - {tool: search_user, id: users, arguments: {query: ada}}
              - {tool: get_team, arguments: {id: "$previous"}, repeat: 3}
              - tool: update_project
                arguments: {id: "$steps.users", data: {name: x, status: active, tags: ["a", "$previous"]}}
            """)
        #expect(findings.isEmpty)
        let program = CodeModeProgramGenerator.program(for: try #require(workflow), tools: set.tools)
        let source = CodeModeProgramGenerator.checkableSource(
            declarations: TypeScriptAPIGenerator.declarations(for: set), program: program)
        return ("crud", source)
    }

    @Test func aWrongProgramIsRejected() throws {
        // The check must be able to fail: a call with a missing required argument.
        let set = Fixtures.crudTools(resources: 1)
        let source = CodeModeProgramGenerator.checkableSource(
            declarations: TypeScriptAPIGenerator.declarations(for: set), program: "await tools.get_user({});\n")
        let errors = try Self.typeCheck(source, name: "wrong")
        #expect(errors?.contains("TS2345") == true)
    }
}
