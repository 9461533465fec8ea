import Analysis
import JSON
import Rules
import SourceDocument
import Testing
import ToolModel

/// The three `check` output formats, fed hand-made findings so positions are known exactly.
@Suite struct CheckReportFormatTests {
    // Line 2 has é (2 bytes, 1 UTF-16 unit), 日本 (3 bytes, 1 unit each) and 🎉 (4 bytes,
    // 2 units) before the value the finding covers.
    static let text = "{\n\t\"é日本🎉\": \"bad value\",\n  \"b\": 1\n}\n"
    static let valueStart = Array(text.utf8).indices.first {
        Array(text.utf8)[$0...].starts(with: Array("\"bad".utf8))
    }!

    func report(related: [RelatedLocation] = [], fixes: [Fix] = []) -> CheckReport {
        let document = SourceDocument(uri: "dir/my file.tools.json", text: Self.text)
        let finding = Finding(
            ruleId: "demo-rule", severity: .warning, message: "Value is bad.", pointer: JSONPointer(tokens: ["é日本🎉"]),
            related: related, fixes: fixes)
        let range = Self.valueStart..<(Self.valueStart + "\"bad value\"".utf8.count)
        let result = AnalysisResult(
            document: document, toolSet: ToolSet(uri: document.uri, dialect: nil, tools: []),
            findings: [ResolvedFinding(finding: finding, range: range, exact: true)])
        let meta = RuleMetadata(
            id: "demo-rule", category: .description, defaultSeverity: .warning, summary: "Demo summary.",
            explanation: "Longer.", targets: [.mcp])
        return CheckReport(results: [result], rules: [meta])
    }

    @Test func textHeadingCountsCodePointsFromOne() {
        let out = TextReport(color: false).render(report())
        let lines = out.components(separatedBy: "\n")
        // Tab, quote, é, 日, 本, 🎉, quote, colon, space: the value starts at column 10.
        #expect(lines[0] == "dir/my file.tools.json:2:10: warning: Value is bad. [demo-rule]")
        #expect(lines[1] == "\t\"é日本🎉\": \"bad value\",")
        #expect(lines[2] == "\t" + String(repeating: " ", count: 8) + "^" + String(repeating: "~", count: 10))
        #expect(lines[3] == "1 file checked: 1 warning")
    }

    @Test func colourOnlyWhenAsked() {
        #expect(!TextReport(color: false).render(report()).contains("\u{1B}["))
        #expect(TextReport(color: true).render(report()).contains("\u{1B}[1;35mwarning:\u{1B}[0m"))
    }

    @Test func longLinesAreCutAroundTheCaret() {
        let long = String(repeating: "x", count: 500) + "\"target\"" + String(repeating: "y", count: 500)
        let document = SourceDocument(uri: "long.json", text: long)
        let finding = Finding(ruleId: "r", severity: .error, message: "m", pointer: .root)
        let result = AnalysisResult(
            document: document, toolSet: ToolSet(uri: "long.json", dialect: nil, tools: []),
            findings: [ResolvedFinding(finding: finding, range: 500..<508, exact: true)])
        let lines = TextReport(color: false).render(CheckReport(results: [result], rules: []))
            .components(separatedBy: "\n")
        #expect(lines[0].hasPrefix("long.json:1:501: error: m"))
        #expect(lines[1].count <= 170)
        #expect(lines[1].hasPrefix("...") && lines[1].hasSuffix("..."))
        let caret = lines[2].firstIndex(of: "^")!
        #expect(lines[1][caret...].hasPrefix("\"target\""))
        #expect(lines[2][caret...] == "^" + String(repeating: "~", count: 7))
    }

    @Test func relatedLocationsAndFixesAreNotes() {
        let out = TextReport(color: false).render(
            report(
                related: [RelatedLocation(pointer: JSONPointer(tokens: ["b"]), message: "The other one.")],
                fixes: [Fix(title: "Remove it", operations: [.remove(JSONPointer(tokens: ["b"]))])]))
        #expect(out.contains("\ndir/my file.tools.json:3:8: note: The other one.\n"))
        #expect(out.contains("\nfix: Remove it\n"))
    }

    @Test func unplaceableRelatedLocationsNameTheirPointer() {
        let out = TextReport(color: false).render(
            report(related: [
                RelatedLocation(uri: "elsewhere.json", pointer: JSONPointer(tokens: ["x"]), message: "Far.")
            ]))
        #expect(out.contains("\nnote: Far. (elsewhere.json#/x)\n"))
    }

    @Test func jsonUsesLSPRangesInUTF16() throws {
        let value = try Jansson.decode(
            JSONReport().render(
                report(fixes: [Fix(title: "Quote", operations: [.replace(JSONPointer(tokens: ["b"]), "one")])])))
        let finding = try #require(value["files"]?[0]?["findings"]?[0])
        #expect(finding["ruleId"] == "demo-rule")
        #expect(finding["severity"] == "warning")
        #expect(finding["pointer"] == "/é日本🎉")
        // Tab, quote, é, 日, 本, 🎉 (2 units), quote, colon, space = 10 UTF-16 units.
        #expect(finding["range"] == ["start": ["line": 1, "character": 10], "end": ["line": 1, "character": 21]])
        #expect(finding["byteRange"]?["start"]?.numberValue == Double(Self.valueStart))
        #expect(finding["fixes"]?[0]?["operations"]?[0] == ["op": "replace", "pointer": "/b", "value": "one"])
        #expect(value["summary"]?["warnings"] == 1)
    }

    @Test func sarifRegionsAndRules() throws {
        let value = try Jansson.decode(
            SARIFReport().render(
                report(related: [RelatedLocation(pointer: JSONPointer(tokens: ["b"]), message: "Other.")])))
        #expect(value["version"] == "2.1.0")
        let run = try #require(value["runs"]?[0])
        #expect(run["tool"]?["driver"]?["rules"]?[0]?["id"] == "demo-rule")
        #expect(
            run["tool"]?["driver"]?["rules"]?[0]?["helpUri"]
                == .string(RuleMetadata.docsBase + "demo-rule.md"))
        #expect(run["tool"]?["driver"]?["rules"]?[0]?["shortDescription"]?["text"] == "Demo summary.")
        let result = try #require(run["results"]?[0])
        #expect(result["ruleIndex"] == 0)
        #expect(result["level"] == "warning")
        let physical = result["locations"]?[0]?["physicalLocation"]
        #expect(physical?["artifactLocation"]?["uri"] == "dir/my%20file.tools.json")
        #expect(physical?["region"] == ["startLine": 2, "startColumn": 10, "endLine": 2, "endColumn": 21])
        #expect(result["locations"]?[0]?["logicalLocations"]?[0]?["fullyQualifiedName"] == "/é日本🎉")
        #expect(result["relatedLocations"]?[0]?["message"]?["text"] == "Other.")
        #expect(result["relatedLocations"]?[0]?["physicalLocation"]?["region"]?["startLine"] == 3)
        #expect(result["relatedLocations"]?[0]?["logicalLocations"]?[0]?["fullyQualifiedName"] == "/b")
    }
}
