import Foundation
import JSON
import Testing

/// Behaviour of the binary that does not depend on what the rules find: help, version, usage
/// and I/O errors, exit statuses 0 and 2, the `rules` listing.
@Suite struct CLIUsageTests {
    @Test func helpListsTheSubcommands() async throws {
        let run = try await ToolwrightBinary.run(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: toolwright <subcommand>"))
        for subcommand in ["check", "rules", "tokens", "simulate", "cost", "lsp"] {
            #expect(run.stdout.contains("  \(subcommand) "), "missing \(subcommand)")
        }
    }

    @Test(arguments: ["check", "rules", "lsp"])
    func everySubcommandHasHelp(_ subcommand: String) async throws {
        let run = try await ToolwrightBinary.run([subcommand, "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: toolwright \(subcommand)"))
    }

    @Test func checkHelpDocumentsTheOptions() async throws {
        let run = try await ToolwrightBinary.run(["check", "--help"])
        for option in ["--format", "--target", "--fail-on", "--no-color", "sarif", "openai-strict"] {
            #expect(run.stdout.contains(option), "missing \(option)")
        }
    }

    @Test func versionPrintsASemanticVersion() async throws {
        let run = try await ToolwrightBinary.run(["--version"])
        #expect(run.status == 0)
        let parts = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil }, "got \(run.stdout)")
    }

    @Test func missingFileExitsTwoAndNamesIt() async throws {
        let run = try await ToolwrightBinary.run(["check", "no/such/file.tools.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no/such/file.tools.json"))
        #expect(run.stderr.contains("no such file"))
    }

    @Test func missingFileAmongGoodOnesStillExitsTwo() async throws {
        let run = try await ToolwrightBinary.run(["check", "examples/mcp/time.tools.json", "missing.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("missing.json"))
    }

    @Test func missingFileIsListedInJSONOutput() async throws {
        let run = try await ToolwrightBinary.run([
            "check", "--format", "json", "examples/mcp/time.tools.json", "missing.tools.json",
        ])
        #expect(run.status == 2)
        let report = try run.json()
        #expect(report["errors"] == [["path": "missing.tools.json", "message": "no such file or directory"]])
        #expect(report["files"]?.array.count == 1)
    }

    @Test(arguments: [
        ["check"],
        ["check", "--format", "xml", "examples/mcp"],
        ["check", "--target", "cobol", "examples/mcp"],
        ["check", "--fail-on", "sometimes", "examples/mcp"],
        ["frobnicate"],
        ["rules", "--format", "sarif"],
    ])
    func usageErrorsExitTwo(_ arguments: [String]) async throws {
        let run = try await ToolwrightBinary.run(arguments)
        #expect(run.status == 2, "\(arguments) exited \(run.status)")
        #expect(run.stderr.contains("Error") || run.stderr.contains("error"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func unknownTargetErrorNamesTheValidOnes() async throws {
        let run = try await ToolwrightBinary.run(["check", "--target", "cobol", "examples/mcp"])
        #expect(run.stderr.contains("cobol"))
        #expect(run.stderr.contains("openai-strict"))
    }

    @Test func rulesJSONMatchesTheTextListing() async throws {
        let json = try await ToolwrightBinary.run(["rules", "--format", "json"])
        #expect(json.status == 0)
        let rules = try json.json().array
        let text = try await ToolwrightBinary.run(["rules"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("RULE"))
        #expect(text.stdout.contains("\n\(rules.count) rules\n"))
        for rule in rules {
            let id = try #require(rule["id"]?.stringValue)
            #expect(text.stdout.contains("\n\(id) "), "\(id) missing from the table")
            #expect(rule["category"]?.stringValue != nil)
            #expect(["error", "warning", "info", "hint"].contains(rule["severity"]?.stringValue ?? ""))
            #expect(rule["targets"]?.arrayValue != nil)
            #expect(rule["summary"]?.stringValue?.isEmpty == false)
            #expect(rule["docs"]?.stringValue?.hasSuffix("/\(id).md") == true)
        }
    }
}
