import Foundation
import JSON
import SourceDocument
import Testing

/// `.pre-commit-hooks.yaml` and the workflow in docs/CI.md: they parse, name commands the binary
/// has, and their file patterns pick the example tool files.
@Suite struct CLIIntegrationFilesTests {
    static let root = ToolwrightBinary.repositoryRoot

    static func yaml(_ text: String, uri: String) throws -> JSONValue {
        let document = SourceDocument(uri: uri, text: text, format: .yaml)
        #expect(document.tree.diagnostics.isEmpty, "\(uri): \(document.tree.diagnostics.map(\.message))")
        return try #require(document.tree.jsonValue())
    }

    @Test func preCommitHooksNameRealCommandsAndMatchTheExamples() async throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        let hooks = try #require(try Self.yaml(text, uri: ".pre-commit-hooks.yaml").arrayValue)
        #expect(hooks.contains { $0["id"] == "toolwright" })
        let examples = try Self.exampleFiles()
        let toolFiles = examples.filter { $0.contains(".tools.") }
        #expect(toolFiles.count >= 10)
        for hook in hooks {
            for key in ["id", "name", "entry", "language", "files"] {
                #expect(hook[key]?.stringValue?.isEmpty == false, "\(key) missing in \(hook)")
            }
            #expect(["swift", "system"].contains(hook["language"]?.stringValue ?? ""))
            // The entry is the binary and a subcommand with its flags: `--help` must accept it.
            let entry = (hook["entry"]?.stringValue ?? "").split(separator: " ").map(String.init)
            #expect(entry.first == "toolwright")
            let help = try await ToolwrightBinary.run(Array(entry.dropFirst()) + ["--help"])
            #expect(help.status == 0, "\(entry): \(help.stderr)")
            // pre-commit matches `files` with Python's re.search on the path from the repository root.
            let pattern = try NSRegularExpression(pattern: hook["files"]?.stringValue ?? "")
            func matches(_ path: String) -> Bool {
                pattern.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
            }
            for file in toolFiles { #expect(matches(file), "\(file) not matched by \(pattern.pattern)") }
            for file in ["README.md", "examples/selection/orders.prompts.yaml", "Package.swift", ".toolwright.yaml"] {
                #expect(!matches(file), "\(file) matched")
            }
        }
        // `language: swift` builds this package: it must ship the executable product.
        let package = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(package.contains(#".executable(name: "toolwright""#))
    }

    @Test func ciWorkflowChecksWithSARIFAndUploadsIt() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/CI.md"), encoding: .utf8)
        let blocks = doc.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let workflowText = try #require(blocks.first { $0.contains("jobs:") })
        let workflow = try Self.yaml(workflowText, uri: "toolwright.yml")
        let steps = workflow["jobs"]?["toolwright"]?["steps"]?.arrayValue ?? []
        let runs = steps.compactMap { $0["run"]?.stringValue }
        #expect(runs.contains { $0.contains("toolwright check --format sarif") })
        let upload = try #require(
            steps.first { $0["uses"]?.stringValue?.hasPrefix("github/codeql-action/upload-sarif@") == true })
        #expect(upload["with"]?["sarif_file"] == "toolwright.sarif")
        #expect(workflow["permissions"]?["security-events"] == "write")
        // The three-line pre-commit snippet parses and names the hook defined above.
        let snippet = try #require(blocks.first { $0.contains("hooks:") })
        let entry = try #require(try Self.yaml(snippet, uri: "snippet.yaml").arrayValue?.first)
        #expect(entry["hooks"]?[0]?["id"] == "toolwright")
        #expect(snippet.split(separator: "\n").count == 3)
    }

    static func exampleFiles() throws -> [String] {
        let base = root.appendingPathComponent("examples")
        let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        var out: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            let path = url.standardizedFileURL.path
            let prefix = root.standardizedFileURL.path + "/"
            if path.hasPrefix(prefix), !url.hasDirectoryPath { out.append(String(path.dropFirst(prefix.count))) }
        }
        return out
    }
}
