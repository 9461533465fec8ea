import Foundation
import JSON
import Plugins
import Testing

/// `check --format sarif` against the official SARIF 2.1.0 schema (Tests/Fixtures/sarif, see
/// PROVENANCE.md there), with fixes, rule metadata and related locations in the output.
@Suite struct CLISARIFSchemaTests {
    static let validator: SchemaValidator = {
        let url = ToolwrightBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/sarif/sarif-schema-2.1.0.json")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return SchemaValidator(schema: (try? Jansson.decode(text)) ?? .null)
    }()

    static let strict = """
        [
          {
            "type": "function",
            "function": {
              "name": "get_weather",
              "description": "Get the current weather for a city. Use it when the user asks about the weather.",
              "strict": true,
              "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string", "description": "City name"}},
                "required": ["city"]
              }
            }
          }
        ]

        """

    /// A workspace whose report has fixes, related locations (the same tool name in two files),
    /// a YAML file, and a syntax error (a rule id outside the catalogue).
    static let files: [String: String] = [
        "strict.tools.json": strict,
        "a.tools.json":
            #"{"tools":[{"name":"search_files","description":"Search files in the workspace by name pattern.","#
            + #""inputSchema":{"type":"object","properties":{"q":{"type":"string","description":"Pattern"}}}}]}"#,
        "b.tools.yaml": """
        tools:
          - name: search_files
            description: Search files on the shared drive by name.
            inputSchema:
              type: object
              properties:
                q: {type: string, description: Pattern}
          - name: get_time
            description: Get the current time in UTC as an ISO 8601 string.
            inputSchema:
              type: object

        """,
        "broken.tools.json": #"{"tools":[{"name":"x","description":"y",}"#,
    ]

    @Test func theOfficialSchemaIsLoadedAndRejectsBadLogs() throws {
        let schema = Self.validator.schema
        #expect(schema["id"]?.stringValue?.hasSuffix("sarif-schema-2.1.0.json") == true)
        #expect(schema["definitions"]?["result"] != nil)
        // The validator must be able to say no, or passing means nothing.
        #expect(!Self.validator.isValid(["version": "2.1.0"]))
        #expect(!Self.validator.isValid(["version": "2.0.0", "runs": []]))
        let badRegion: JSONValue = [
            "version": "2.1.0",
            "runs": [
                [
                    "tool": ["driver": ["name": "t"]],
                    "results": [
                        [
                            "message": ["text": "m"],
                            "locations": [
                                ["physicalLocation": ["artifactLocation": ["uri": "a"], "region": ["startLine": 0]]]
                            ],
                        ]
                    ],
                ]
            ],
        ]
        #expect(!Self.validator.isValid(badRegion))
        let duplicateRules: JSONValue = [
            "version": "2.1.0",
            "runs": [["tool": ["driver": ["name": "t", "rules": [["id": "r"], ["id": "r"]]]]]],
        ]
        #expect(!Self.validator.isValid(duplicateRules))
        #expect(Self.validator.isValid(["version": "2.1.0", "runs": [["tool": ["driver": ["name": "t"]]]]]))
    }

    @Test func checkOutputIsValidSARIF() async throws {
        let root = try ToolwrightBinary.temporaryDirectory(Self.files)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await ToolwrightBinary.run(["check", "--format", "sarif", "."], in: root)
        #expect(run.status == 1)
        let log = try run.json()
        let violations = Self.validator.validate(log)
        #expect(violations.isEmpty, "\(violations.prefix(10))")

        let sarifRun = try #require(log["runs"]?[0])
        let rules = sarifRun["tool"]?["driver"]?["rules"]?.arrayValue ?? []
        #expect(rules.count >= 60)
        for rule in rules {
            // `format: uri` is not enforced by the validator: an absolute https URI per rule.
            let help = try #require(rule["helpUri"]?.stringValue.flatMap(URL.init(string:)), "\(rule)")
            #expect(help.scheme == "https")
        }
        let results = sarifRun["results"]?.arrayValue ?? []
        #expect(results.contains { $0["ruleId"] == "json-syntax" })
        #expect(results.contains { $0["relatedLocations"]?[0]?["physicalLocation"] != nil })
        let ids = rules.compactMap { $0["id"]?.stringValue }
        for result in results {
            let index = try #require(result["ruleIndex"]?.intValue)
            #expect(ids[index] == result["ruleId"]?.stringValue)
            let uri = result["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue ?? ""
            #expect(URL(string: uri) != nil && !uri.isEmpty, "\(uri)")
        }
        let fixed = results.filter { $0["fixes"] != nil }
        #expect(!fixed.isEmpty)
        #expect(
            fixed.contains { $0["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"] == "b.tools.yaml" })
    }

    /// The SARIF replacements, applied by line and column, give the same text as `check --fix`.
    @Test func sarifFixesAreTheEditsCheckFixMakes() async throws {
        let root = try ToolwrightBinary.temporaryDirectory(["strict.tools.json": Self.strict])
        defer { try? FileManager.default.removeItem(at: root) }
        let log = try await ToolwrightBinary.run(["check", "--format", "sarif", "strict.tools.json"], in: root).json()
        let results = log["runs"]?[0]?["results"]?.arrayValue ?? []
        let result = try #require(results.first { $0["ruleId"] == "openai-strict-closed-objects" })
        let fix = try #require(result["fixes"]?[0])
        #expect(fix["description"]?["text"] == "Add \"additionalProperties\": false")
        let change = try #require(fix["artifactChanges"]?[0])
        #expect(change["artifactLocation"]?["uri"] == "strict.tools.json")
        let replacements = change["replacements"]?.arrayValue ?? []
        #expect(!replacements.isEmpty)
        let patched = try Self.apply(replacements, to: Self.strict)

        _ = try await ToolwrightBinary.run(["check", "--fix", "strict.tools.json"], in: root)
        let fixedByCLI = try String(contentsOf: root.appendingPathComponent("strict.tools.json"), encoding: .utf8)
        #expect(patched == fixedByCLI)
        #expect(patched.contains("\"additionalProperties\": false"))
    }

    /// Applies SARIF replacements (1-based lines and code-point columns), last first.
    static func apply(_ replacements: [JSONValue], to text: String) throws -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            Array(String($0).unicodeScalars)
        }
        func offset(_ line: Int, _ column: Int) -> Int {
            lines[..<(line - 1)].reduce(0) { $0 + $1.count + 1 } + column - 1
        }
        var scalars = Array(text.unicodeScalars)
        let ranges = try replacements.map { replacement -> (Range<Int>, String) in
            let region = try #require(replacement["deletedRegion"])
            let start = offset(region["startLine"]?.intValue ?? 0, region["startColumn"]?.intValue ?? 0)
            let end = offset(region["endLine"]?.intValue ?? 0, region["endColumn"]?.intValue ?? 0)
            return (start..<end, replacement["insertedContent"]?["text"]?.stringValue ?? "")
        }
        for (range, inserted) in ranges.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            scalars.replaceSubrange(range, with: Array(inserted.unicodeScalars))
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }
}
