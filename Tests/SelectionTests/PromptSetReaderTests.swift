import Foundation
import JSON
import Selection
import SourceDocument
import Testing
import ToolModel

@Suite struct PromptSetReaderTests {
    @Test func readsAllPromptForms() throws {
        let set = PromptSetReader.read(
            try Jansson.decode(
                #"""
                {"tools":["gh.tools.json","more.tools.yaml"],
                 "prompts":["plain prompt",
                   {"prompt":"with expect","expect":"search_issues","context":["earlier",{"role":"user","content":"turn"}]},
                   {"prompt":"nothing fits","expect":"none"}]}
                """#), uri: "file:///p.prompts.json")
        #expect(set.findings.isEmpty)
        #expect(set.toolReferences.map(\.value) == ["gh.tools.json", "more.tools.yaml"])
        #expect(set.toolReferences[1].pointer == pointer("/tools/1"))
        #expect(set.prompts.count == 3)
        #expect(set.prompts[0].text.pointer == pointer("/prompts/0"))
        #expect(set.prompts[1].text == Located("with expect", at: pointer("/prompts/1/prompt")))
        #expect(set.prompts[1].expectation == .tool("search_issues", at: pointer("/prompts/1/expect")))
        #expect(set.prompts[1].context == ["earlier", "turn"])
        #expect(set.prompts[2].expectation == .noTool(at: pointer("/prompts/2/expect")))
    }

    @Test func badEntriesGetPointedFindings() throws {
        let set = PromptSetReader.read(
            try Jansson.decode(
                #"""
                {"tools":7,"prompts":[3,{"expect":"x"},{"prompt":""},{"prompt":"ok","expect":5,"context":[1],"colour":"red"}],"extra":1}
                """#), uri: "file:///p.prompts.json")
        let located = set.findings.map { "\($0.ruleId) \($0.pointer)" }
        #expect(
            located == [
                "prompt-shape /extra", "prompt-shape /tools", "prompt-shape /prompts/0", "prompt-shape /prompts/1",
                "prompt-shape /prompts/2/prompt", "prompt-shape /prompts/3/colour", "prompt-shape /prompts/3/expect",
                "prompt-shape /prompts/3/context/0",
            ])
        #expect(set.prompts.count == 1)
        #expect(set.findings.first { $0.pointer == pointer("/extra") }?.severity == .warning)
    }

    @Test func nonObjectDocumentIsOneFinding() throws {
        let set = PromptSetReader.read(.string("hi"), uri: "file:///p.prompts.json")
        #expect(set.prompts.isEmpty)
        #expect(set.findings.map(\.ruleId) == ["prompt-shape"])
        let missing = PromptSetReader.read(try Jansson.decode(#"{"tools":"a.json"}"#), uri: "u")
        #expect(missing.findings.map(\.pointer) == [.root])
    }

    @Test func findingPointersLandOnTheTextThroughSourceDocument() throws {
        let text = """
            {"prompts": [
              {"prompt": "search issues", "expect": "serch_issues"}
            ]}
            """
        let document = SourceDocument(uri: "file:///w/gh.prompts.json", text: text)
        let set = PromptSetReader.read(document)
        let report = SelectionSimulator.simulate(
            promptSet: set, toolSets: [mcpTools([("search_issues", "Search issues.")])])
        let finding = try #require(report.findings.first)
        let range = try #require(document.range(of: finding.pointer))
        #expect(range.start.line == 1)
        #expect(document.lineText(1).contains("\"serch_issues\""))
    }

    @Test func yamlPromptFilesReadTheSameWay() throws {
        let text = """
            tools: gh.tools.json
            prompts:
              - search issues about login
              - prompt: open a new issue
                expect: create_isue
                context:
                  - role: user
                    content: the app crashes
            """
        let document = SourceDocument(uri: "file:///w/gh.prompts.yaml", text: text)
        let set = PromptSetReader.read(document)
        #expect(set.findings.isEmpty)
        #expect(set.toolReferences.map(\.value) == ["gh.tools.json"])
        #expect(set.prompts.map(\.text.value) == ["search issues about login", "open a new issue"])
        #expect(set.prompts[1].context == ["the app crashes"])
        let report = SelectionSimulator.simulate(
            promptSet: set, toolSets: [mcpTools([("create_issue", "Create an issue."), ("search_issues", "Search.")])])
        let finding = try #require(report.findings.first { $0.ruleId == "prompt-unknown-tool" })
        let range = try #require(document.range(of: finding.pointer))
        #expect(range.start.line == 4)
        #expect(finding.fixes.first?.operations == [.replace(pointer("/prompts/1/expect"), "create_issue")])
    }

    @Test func loaderFindsTheSiblingToolFileAndReportsMissingOnes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "selection-loader-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"tools":[{"name":"search_issues","description":"Search issues.","inputSchema":{"type":"object"}}]}"#
            .write(to: directory.appendingPathComponent("gh.tools.json"), atomically: true, encoding: .utf8)
        let promptPath = directory.appendingPathComponent("gh.prompts.json").path
        try #"{"prompts":[{"prompt":"search issues","expect":"search_issues"}]}"#
            .write(toFile: promptPath, atomically: true, encoding: .utf8)
        let report = try PromptSetLoader.simulate(promptFile: promptPath)
        #expect(report.tools.map(\.name) == ["search_issues"])
        #expect(report.results.first?.expectedRank == 0)
        #expect(report.findings.isEmpty)

        let listed = directory.appendingPathComponent("listed.prompts.json").path
        try #"{"tools":["nope.tools.json"],"prompts":["x"]}"#.write(toFile: listed, atomically: true, encoding: .utf8)
        let missing = try PromptSetLoader.simulate(promptFile: listed)
        #expect(missing.findings.map(\.ruleId) == ["prompt-tools-missing", "no-signal"])
        #expect(missing.findings.first?.pointer == pointer("/tools/0"))
    }
}
