import Foundation
import JSON
import Testing

/// End-to-end findings on the examples. These need the real parser, dialect detection and
/// rule catalogue (branches `parser`, `yaml`, `rules`); against the skeleton's stubs they fail.
@Suite struct CLIFindingsTests {
    func findings(_ report: JSONValue) -> [JSONValue] {
        report["files"]?.array.flatMap { $0["findings"]?.array ?? [] } ?? []
    }

    func results(_ sarif: JSONValue) -> [JSONValue] { sarif["runs"]?[0]?["results"]?.array ?? [] }

    @Test func syntaxErrorIsReportedCompilerStyleWithCaret() async throws {
        let run = try await ToolwrightBinary.run(["check", "examples/faulty/broken.tools.json"])
        #expect(run.status == 1)
        let lines = run.stdout.components(separatedBy: "\n")
        // The missing comma is reported at the start of the token that follows it (line 5,
        // column 7: `"description"`), not past it.
        let index = try #require(
            lines.firstIndex { $0.hasPrefix("examples/faulty/broken.tools.json:5:7: error: ") },
            "\(run.stdout)")
        #expect(lines[index].hasSuffix("[json-syntax]"))
        #expect(
            lines[index + 1]
                == #"      "description": "Get the latest trade price of a stock by its ticker symbol. Returns the price in the listing currency.","#
        )
        #expect(lines[index + 2].hasPrefix("      ^"))
        #expect(lines[index + 2].dropFirst(7).allSatisfy { $0 == "~" })
    }

    @Test func recoveryKeepsReportingLaterErrors() async throws {
        let report = try await ToolwrightBinary.run(["check", "--format", "json", "examples/faulty/broken.tools.json"])
            .json()
        let lines = findings(report).filter { $0["ruleId"]?.stringValue == "json-syntax" }
            .compactMap { $0["range"]?["start"]?["line"]?.intValue }
        #expect(lines.contains(4))
        #expect(lines.contains { $0 >= 9 }, "errors after the first are reported too: \(lines)")
    }

    @Test func missingDescriptionsAreLocatedInTheirTool() async throws {
        let run = try await ToolwrightBinary.run([
            "check", "--format", "json", "examples/faulty/missing-descriptions.tools.json",
        ])
        #expect(run.status == 1)
        let all = findings(try run.json())
        let missing = try #require(all.first { $0["ruleId"]?.stringValue == "desc-missing" })
        #expect(missing["severity"]?.stringValue == "error")
        #expect(missing["pointer"]?.stringValue?.hasPrefix("/tools/0") == true)
        // Tool 0 spans lines 3-18 (1-based), i.e. 2...17 in the JSON output's LSP ranges.
        let line = try #require(missing["range"]?["start"]?["line"]?.intValue)
        #expect((2...17).contains(line))
        let params = all.filter { $0["ruleId"]?.stringValue == "param-no-description" }
            .compactMap { $0["pointer"]?.stringValue }
        #expect(params.contains { $0.hasPrefix("/tools/0/inputSchema/properties/sql") })
        #expect(params.contains { $0.hasPrefix("/tools/1/inputSchema/properties/table") })
        #expect(all.contains { $0["ruleId"]?.stringValue == "desc-too-short" })
    }

    @Test func duplicateNamesPointAtEachOther() async throws {
        let report = try await ToolwrightBinary.run([
            "check", "--format", "json", "examples/faulty/duplicates.tools.json",
        ])
        .json()
        let duplicate = try #require(findings(report).first { $0["ruleId"]?.stringValue == "name-duplicate" })
        let own = try #require(duplicate["pointer"]?.stringValue)
        let related = try #require(duplicate["related"]?[0]?["pointer"]?.stringValue)
        let tools = [own, related].map { $0.split(separator: "/").dropFirst().first.map(String.init) }
        #expect(Set(tools.compactMap { $0 }) == ["0", "1"], "\(own) / \(related)")
        #expect(duplicate["related"]?[0]?["range"] != nil)
    }

    @Test func poisonedToolsInSARIF() async throws {
        let run = try await ToolwrightBinary.run(["check", "--format", "sarif", "examples/faulty/poisoned.tools.json"])
        #expect(run.status == 1)
        let sarif = try run.json()
        let all = results(sarif)
        let ids = Set(all.compactMap { $0["ruleId"]?.stringValue })
        #expect(ids.isSuperset(of: ["sec-hidden-instruction-tag", "sec-hidden-text"]))
        let tag = try #require(all.first { $0["ruleId"]?.stringValue == "sec-hidden-instruction-tag" })
        #expect(tag["level"]?.stringValue == "error")
        let location = try #require(tag["locations"]?[0])
        #expect(
            location["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue
                == "examples/faulty/poisoned.tools.json")
        #expect(location["physicalLocation"]?["region"]?["startLine"]?.intValue == 5)
        #expect(location["logicalLocations"]?[0]?["fullyQualifiedName"]?.stringValue == "/tools/0/description")
        let rules = sarif["runs"]?[0]?["tool"]?["driver"]?["rules"]?.array ?? []
        for result in all {
            let index = try #require(result["ruleIndex"]?.intValue)
            #expect(rules[index]["id"] == result["ruleId"])
        }
    }

    @Test func yamlFindingsPointAtYAMLLines() async throws {
        let run = try await ToolwrightBinary.run(["check", "examples/faulty/required-undefined.tools.yaml"])
        #expect(run.status == 1)
        let lines = run.stdout.components(separatedBy: "\n")
        #expect(
            lines.contains {
                $0.hasPrefix("examples/faulty/required-undefined.tools.yaml:15:")
                    && $0.hasSuffix("[param-required-undefined]")
            }, "\(run.stdout)")
        #expect(lines.contains { $0.hasSuffix("[schema-root-not-object]") })
    }

    @Test func failOnDecidesTheExitStatus() async throws {
        let root = try ToolwrightBinary.temporaryDirectory([
            "short.tools.json": """
            {"tools": [{"name": "get_row", "description": "Reads a row.", "inputSchema": {"type": "object",
              "properties": {"id": {"type": "string", "description": "Row id, e.g. r_123."}}, "required": ["id"]}}]}
            """
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let json = try await ToolwrightBinary.run(["check", "--format", "json", "short.tools.json"], in: root)
        #expect(json.status == 0)
        #expect(try json.json()["summary"]?["errors"]?.intValue == 0)
        #expect(try (json.json()["summary"]?["warnings"]?.intValue ?? 0) >= 1)
        #expect(try await ToolwrightBinary.run(["check", "short.tools.json"], in: root).status == 0)
        #expect(
            try await ToolwrightBinary.run(["check", "--fail-on", "warning", "short.tools.json"], in: root).status == 1)
        #expect(
            try await ToolwrightBinary.run(["check", "--fail-on", "info", "short.tools.json"], in: root).status == 1)
    }

    @Test func targetChangesWhichNamesAreInvalid() async throws {
        func nameErrors(_ target: String) async throws -> Int {
            let report = try await ToolwrightBinary.run([
                "check", "--format", "json", "--target", target, "examples/faulty/bad-names.tools.json",
            ]).json()
            return findings(report).filter {
                $0["ruleId"]?.stringValue == "name-target-pattern" && $0["severity"]?.stringValue == "error"
            }.count
        }
        // "Send Email" is invalid everywhere; the 70-character name only where 64 is the limit.
        #expect(try await nameErrors("openai") == 2)
        #expect(try await nameErrors("anthropic") == 1)
    }

    @Test func columnsCountCodePointsInTextAndSARIFAndUTF16InJSON() async throws {
        let line =
            #"[{"type": "function", "function": {"description": "Envoie un e-mail 📧 à un client — 日本語 aussi.", "name": "Send Email", "parameters": {"type": "object", "properties": {}}}}]"#
        let root = try ToolwrightBinary.temporaryDirectory(["mail.tools.json": line + "\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        // The name finding lands on the `"name"` key or on its value; both follow the emoji.
        let starts = [line.range(of: #""name""#)!.lowerBound, line.range(of: #""Send Email""#)!.lowerBound]
        let codePoints = starts.map { line[..<$0].unicodeScalars.count }
        let utf16 = starts.map { line[..<$0].utf16.count }

        let text = try await ToolwrightBinary.run(["check", "mail.tools.json"], in: root)
        let heading = try #require(
            text.stdout.components(separatedBy: "\n").first { $0.hasSuffix("[name-target-pattern]") })
        let column = try #require(Int(heading.split(separator: ":")[2]))
        let which = try #require(codePoints.firstIndex(of: column - 1), "column \(column) in \(heading)")

        let json = try await ToolwrightBinary.run(["check", "--format", "json", "mail.tools.json"], in: root).json()
        let finding = try #require(findings(json).first { $0["ruleId"]?.stringValue == "name-target-pattern" })
        #expect(finding["range"]?["start"]?["character"]?.intValue == utf16[which])

        let sarif = try await ToolwrightBinary.run(["check", "--format", "sarif", "mail.tools.json"], in: root).json()
        let result = try #require(results(sarif).first { $0["ruleId"]?.stringValue == "name-target-pattern" })
        let region = result["locations"]?[0]?["physicalLocation"]?["region"]
        #expect(region?["startColumn"]?.intValue == column)
        #expect(region?["startLine"]?.intValue == 1)
    }

    @Test func cleanExamplesHaveNoErrors() async throws {
        let run = try await ToolwrightBinary.run([
            "check", "--format", "json", "examples/mcp", "examples/openai", "examples/anthropic", "examples/gemini",
        ])
        let report = try run.json()
        #expect(run.status == 0, "\(findings(report).filter { $0["severity"]?.stringValue == "error" })")
        #expect(report["summary"]?["errors"]?.intValue == 0)
        let expected: [String: (String, Int)] = [
            "examples/mcp/filesystem.tools.json": ("mcp", 3),
            "examples/mcp/time.tools.json": ("mcp", 2),
            "examples/openai/weather.tools.json": ("openai-chat", 2),
            "examples/openai/orders.responses.tools.json": ("openai-responses", 2),
            "examples/anthropic/support.tools.yaml": ("anthropic", 2),
            "examples/gemini/calendar.tools.json": ("gemini", 2),
        ]
        let files = report["files"]?.array ?? []
        #expect(files.count == expected.count)
        for file in files {
            let path = try #require(file["path"]?.stringValue)
            let (dialect, tools) = try #require(expected[path], "unexpected \(path)")
            #expect(file["dialect"]?.stringValue == dialect, "\(path)")
            #expect(file["toolCount"]?.intValue == tools, "\(path)")
        }
    }

    @Test func wholeExamplesFolderFailsOnTheFaultyFiles() async throws {
        let run = try await ToolwrightBinary.run(["check", "--format", "json", "examples"])
        #expect(run.status == 1)
        let files = try run.json()["files"]?.array ?? []
        let bfcl = try #require(files.first { $0["path"]?.stringValue == "examples/bfcl/math.tools.jsonl" })
        #expect(bfcl["dialect"]?.stringValue == "bfcl")
        #expect(bfcl["toolCount"]?.intValue == 2)
        let faulty = files.filter { $0["path"]?.stringValue?.hasPrefix("examples/faulty/") == true }
        #expect(faulty.count == 7)
        for file in faulty {
            #expect(file["findings"]?.array.isEmpty == false, "\(file["path"]?.stringValue ?? "")")
        }
    }
}
