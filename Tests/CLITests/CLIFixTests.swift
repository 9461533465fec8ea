import Foundation
import JSON
import Testing

/// `check --fix`, `--unsafe-fixes` and `--diff` on files on disk, through the real binary.
@Suite struct CLIFixTests {
    /// One fixture per fixable rule: a tool file with exactly the problem the rule's fix repairs.
    struct Case: Sendable, CustomTestStringConvertible {
        var rule: String
        var json: String
        var targets: [String] = []
        var testDescription: String { rule }
    }

    static let weather = #""name":"get_weather","description":"Get the current weather for a city.""#
    static let openAI = #"[{"type":"function","function":{"# + weather + #","strict":true,"parameters":"#

    static let cases: [Case] = [
        Case(
            rule: "name-target-pattern",
            json: #"{"tools":[{"name":"get weather","description":"Get the current weather for a city.","#
                + #""inputSchema":{"type":"object","properties":{}}}]}"#),
        Case(
            rule: "param-required-undefined",
            json: #"{"tools":[{"# + weather + #","inputSchema":{"type":"object","properties":{"city":"#
                + #"{"type":"string","description":"City name"}},"required":["city","cty"]}}]}"#),
        Case(rule: "schema-root-not-object", json: #"{"tools":[{"# + weather + "}]}"),
        Case(
            rule: "schema-invalid",
            json: #"{"tools":[{"# + weather + #","inputSchema":{"type":"object","properties":{"city":"#
                + #"{"type":"str","description":"City name"}}}}]}"#),
        Case(
            rule: "sec-hidden-text",
            json: #"{"tools":[{"name":"get_weather","description":"Get the current weather\u200b for a city.","#
                + #""inputSchema":{"type":"object","properties":{}}}]}"#),
        Case(
            rule: "annotation-contradiction",
            json: #"{"tools":[{"name":"get_weather","description":"Read-only lookup of the weather for a city.","#
                + #""inputSchema":{"type":"object","properties":{}}}]}"#),
        Case(
            rule: "param-default-issues",
            json: #"{"tools":[{"# + weather + #","inputSchema":{"type":"object","properties":{"units":"#
                + #"{"type":"string","description":"Temperature units; defaults to celsius.","#
                + #""enum":["celsius","fahrenheit"],"#
                + #""default":"kelvin"}}}}]}"#),
        Case(
            rule: "param-enum-in-prose",
            json: #"{"tools":[{"# + weather + #","inputSchema":{"type":"object","properties":{"units":"#
                + #"{"type":"string","description":"Units: one of \"celsius\", \"fahrenheit\". Defaults to celsius."}}}}]}"#
        ),
        Case(
            rule: "gemini-unsupported-keyword",
            json: #"{"tools":[{"# + weather + #","inputSchema":{"type":"object","properties":{"units":"#
                + #"{"type":"string","description":"Temperature units, default celsius.","const":"celsius"}}}}]}"#,
            targets: ["gemini"]),
        Case(
            rule: "openai-strict-all-required",
            json: openAI + #"{"type":"object","properties":{"city":{"type":"string","description":"City name"},"#
                + #""units":{"type":"string","description":"Units, default celsius"}},"required":["city"],"#
                + #""additionalProperties":false}}}]"#),
        Case(
            rule: "openai-strict-closed-objects",
            json: openAI + #"{"type":"object","properties":{"city":{"type":"string","description":"City name"}},"#
                + #""required":["city"]}}}]"#),
        Case(
            rule: "openai-strict-unsupported",
            json: openAI + #"{"type":"object","properties":{"city":{"type":"string","description":"City name","#
                + #""format":"uri-reference"}},"required":["city"],"additionalProperties":false}}}]"#),
        Case(
            rule: "schema-noarg-open",
            json: #"{"tools":[{"name":"get_time","description":"Get the current time in UTC as an ISO 8601 "#
                + #"string.","inputSchema":{"type":"object"}}]}"#),
        Case(
            rule: "sec-destructive-unannotated",
            json: #"{"tools":[{"name":"delete_file","description":"Delete a file from the workspace permanently.","#
                + #""inputSchema":{"type":"object","properties":{"path":{"type":"string","description":"#
                + #""Absolute path of the file"}},"required":["path"]}}]}"#),
        Case(
            rule: "sec-non-ascii-identifier",
            json: #"{"tools":[{"name":"re\u0430d_file","description":"Read a file from the workspace and "#
                + #"return its text.","inputSchema":{"type":"object","properties":{"path":{"type":"string","#
                + #""description":"Absolute path of the file"}},"required":["path"]}}]}"#),
        Case(
            rule: "output-schema-invalid",
            json: #"{"tools":[{"# + weather + #","inputSchema":{"type":"object","properties":{}},"#
                + #""outputSchema":{"properties":{"temp":{"type":"number"}}}}]}"#),
        Case(
            rule: "anthropic-strict-limits",
            json: #"[{"# + weather + #","strict":true,"input_schema":{"type":"object","properties":{"city":"#
                + #"{"type":"string","description":"City name","minLength":2}},"required":["city"],"#
                + #""additionalProperties":false}}]"#),
    ]

    enum Format: String, CaseIterable, Sendable {
        case json
        case yaml
    }

    @Test func everyFixableRuleHasAFixture() async throws {
        let rules = try await ToolwrightBinary.run(["rules", "--format", "json"]).json().arrayValue ?? []
        let fixable = Set(rules.filter { $0["fixable"] == .bool(true) }.compactMap { $0["id"]?.stringValue })
        #expect(fixable == Set(Self.cases.map(\.rule)))
    }

    @Test(arguments: cases, Format.allCases)
    func fixRemovesTheFindingAndKeepsTheFileReadable(_ fixture: Case, _ format: Format) async throws {
        let value = try Jansson.decode(fixture.json)
        let name = "t.tools." + format.rawValue
        let text = format == .json ? fixture.json : YAMLWriter.document(value)
        let root = try ToolwrightBinary.temporaryDirectory([name: text])
        defer { try? FileManager.default.removeItem(at: root) }
        let targets = fixture.targets.flatMap { ["--target", $0] }

        let before = try await findings(of: fixture.rule, in: name, root: root, targets: targets)
        #expect(before.count == 1, "\(fixture.rule) \(format): \(before)")
        let fixes = before.first?["fixes"]?.arrayValue ?? []
        try #require(!fixes.isEmpty, "\(fixture.rule) has no fix here")
        let safe = fixes.contains { $0["isPreferred"] == .bool(true) }

        if !safe {
            // Without --unsafe-fixes a fix that is not marked safe is left alone (other rules'
            // safe fixes may still apply).
            let run = try await ToolwrightBinary.run(["check", "--fix", "--format", "json", name] + targets, in: root)
            let left = try run.json()["files"]?[0]?["findings"]?.arrayValue ?? []
            #expect(
                left.contains { $0["ruleId"]?.stringValue == fixture.rule },
                "\(fixture.rule) fixed without --unsafe-fixes")
        }
        let fixArguments = ["check", "--fix", "--format", "json"] + (safe ? [] : ["--unsafe-fixes"])
        let run = try await ToolwrightBinary.run(fixArguments + [name] + targets, in: root)
        #expect(run.stderr.contains("\(name): fixed"), "\(run.stderr)")
        #expect(run.stderr.contains(fixture.rule), "\(run.stderr)")
        let fixed = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
        #expect(fixed != text)
        // The report after --fix is the analysis of the fixed text; read the file from disk
        // again all the same (JSON through jansson, YAML through the binary).
        var file = try #require(try run.json()["files"]?[0])
        if format == .json {
            _ = try Jansson.decode(fixed)
        } else {
            let after = try await ToolwrightBinary.run(["check", "--format", "json", name] + targets, in: root).json()
            file = try #require(after["files"]?[0])
        }
        // Still a readable tool file: no syntax finding, the same tools, the finding gone.
        #expect(file["dialect"] != .null)
        #expect(file["toolCount"] == 1)
        let ids = file["findings"]?.arrayValue?.compactMap { $0["ruleId"]?.stringValue } ?? []
        #expect(!ids.contains { $0.hasSuffix("-syntax") || $0 == "json-duplicate-key" }, "\(ids)")
        #expect(!ids.contains(fixture.rule), "\(ids)")
    }

    private func findings(of rule: String, in name: String, root: URL, targets: [String]) async throws -> [JSONValue] {
        let report = try await ToolwrightBinary.run(["check", "--format", "json", name] + targets, in: root).json()
        return (report["files"]?[0]?["findings"]?.arrayValue ?? []).filter { $0["ruleId"]?.stringValue == rule }
    }

    static let layout = """
        [
          {
            "type": "function",
            "function": {
              "name": "get_weather",
              "description": "Get the current weather for a city. Use it when the user asks about the weather.",
              "strict": true,
              "parameters": {
                "type": "object",
                "properties": {
                  "city": {"type": "string", "description": "City name, e.g. Paris"},
                  "units": {"type": "string", "description": "Temperature units, default celsius"},
                  "days": {"type": "integer", "description": "Forecast days, default 1"}
                },
                "required": ["city"]
              }
            }
          }
        ]

        """

    @Test func filesWithSyntaxErrorsAreLeftAlone() async throws {
        // A trailing comma: the recovering parser still reads the tool, and its findings have fixes.
        let broken =
            #"{"tools":[{"name":"get time","description":"Get the current time in UTC as ISO 8601.","#
            + #""inputSchema":{"type":"object"}},]}"#
        let root = try ToolwrightBinary.temporaryDirectory(["b.tools.json": broken])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try await ToolwrightBinary.run(["check", "--format", "json", "b.tools.json"], in: root).json()
        let findings = report["files"]?[0]?["findings"]?.arrayValue ?? []
        #expect(findings.contains { $0["ruleId"] == "json-syntax" })
        #expect(findings.contains { !($0["fixes"]?.arrayValue ?? []).isEmpty })
        let run = try await ToolwrightBinary.run(["check", "--fix", "--unsafe-fixes", "b.tools.json"], in: root)
        #expect(
            run.stdout.hasPrefix("b.tools.json: not fixed: it has syntax errors; fix them first\n"), "\(run.stdout)")
        #expect(try String(contentsOf: root.appendingPathComponent("b.tools.json"), encoding: .utf8) == broken)
    }

    @Test func diffShowsTheChangeAndWritesNothing() async throws {
        let root = try ToolwrightBinary.temporaryDirectory(["w.tools.json": Self.layout])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(["check", "--diff", "w.tools.json"], in: root)
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("--- a/w.tools.json\n+++ b/w.tools.json\n@@ "), "\(run.stdout)")
        #expect(run.stdout.contains("\n-        \"required\": [\"city\"]\n"))
        #expect(run.stdout.contains("\n+        \"required\": [\"city\", \"units\", \"days\"],\n"))
        #expect(run.stdout.contains("\n+        \"additionalProperties\": false\n"))
        #expect(run.stdout.contains("\n+          \"units\": {\"type\": [\"string\", \"null\"], "))
        #expect(run.stderr.contains("would fix"))
        let onDisk = try String(contentsOf: root.appendingPathComponent("w.tools.json"), encoding: .utf8)
        #expect(onDisk == Self.layout)
    }

    @Test func fixReachesAFixedPointAndKeepsTheRestOfTheFile() async throws {
        let root = try ToolwrightBinary.temporaryDirectory(["w.tools.json": Self.layout])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(["check", "--fix", "w.tools.json"], in: root)
        // Two properties to require (one per pass, both touch `required`) and the closed object.
        #expect(
            run.stdout.hasPrefix(
                "w.tools.json: fixed 3 problems (openai-strict-closed-objects, openai-strict-all-required ×2)\n"),
            "\(run.stdout)")
        let fixed = try String(contentsOf: root.appendingPathComponent("w.tools.json"), encoding: .utf8)
        let value = try Jansson.decode(fixed)
        let parameters = value[0]?["function"]?["parameters"]
        #expect(parameters?["required"] == ["city", "units", "days"])
        #expect(parameters?["additionalProperties"] == false)
        // Lines no fix touched are byte-identical, in order.
        let untouched = Self.layout.split(separator: "\n").filter {
            !$0.contains("required") && !$0.contains("\"units\"") && !$0.contains("\"days\"")
        }
        let lines = fixed.split(separator: "\n")
        #expect(untouched.allSatisfy { lines.contains($0) })
        // Nothing is left for a second run.
        let again = try await ToolwrightBinary.run(["check", "--fix", "w.tools.json"], in: root)
        #expect(again.stdout.hasPrefix("nothing to fix\n"), "\(again.stdout)")
        #expect(try String(contentsOf: root.appendingPathComponent("w.tools.json"), encoding: .utf8) == fixed)
        #expect(again.status == 0)
    }
}

/// Block-style YAML for a JSON value, so every fixture is also checked as YAML. Strings are
/// written double-quoted (JSON escapes are valid there), containers one entry per line.
enum YAMLWriter {
    static func document(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let members) where !members.isEmpty:
            for member in members {
                out += pad + JSONValue.string(member.key).serialized() + ":"
                inline(member.value, indent: indent + 2, into: &out)
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                out += pad + "-"
                if case .object(let members) = item, !members.isEmpty {
                    // The first member goes on the dash's line, the rest at its column.
                    var rest = ""
                    write(item, indent: indent + 2, into: &rest)
                    out += " " + rest.dropFirst(indent + 2)
                } else {
                    inline(item, indent: indent + 2, into: &out)
                }
            }
        default:
            out += pad + value.serialized() + "\n"
        }
    }

    private static func inline(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            out += "\n"
            write(value, indent: indent, into: &out)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            write(value, indent: indent, into: &out)
        default:
            out += " " + value.serialized() + "\n"
        }
    }
}
