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

    /// `read(promptFile:)` parses large JSON files from a mapping (`FileBytes.mapped`), anything
    /// else from bytes read: both must give what `load(promptFile:)` reads through a
    /// `SourceDocument`, including for files the fast parser leaves to the full one.
    @Test func readFromAMappingMatchesLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "selection-mapped-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = 1500
        let tools = (0..<count).map { index in
            #"{"type":"function","function":{"name":"tool_\#(index)","description":"Does thing \#(index) "#
                + #"to the records of the \#(index)th kind.","parameters":{"type":"object","properties":"#
                + #"{"id":{"type":"string","description":"The record's id."}}}}}"#
        }
        let toolText = "[" + tools.joined(separator: ",\n") + "]"
        let prompts = (0..<count).map { #"{"prompt":"do thing \#($0) to a record","expect":"tool_\#($0)"}"# }
        let promptText = #"{"tools":["big.tools.json"],"prompts":["# + prompts.joined(separator: ",\n") + "]}"
        #expect(toolText.utf8.count >= 64 * 1024 && promptText.utf8.count >= 64 * 1024)
        try toolText.write(to: directory.appendingPathComponent("big.tools.json"), atomically: true, encoding: .utf8)
        // A duplicate key: the fast parser declines, the full parse reads it (last value wins).
        try (String(toolText.dropLast()) + #",{"name":"dup","name":"dup2","parameters":{"type":"object"}}]"#)
            .write(to: directory.appendingPathComponent("dup.tools.json"), atomically: true, encoding: .utf8)
        let promptPath = directory.appendingPathComponent("big.prompts.json").path
        try promptText.write(toFile: promptPath, atomically: true, encoding: .utf8)
        // The same prompts as YAML, which is never mapped.
        let yamlPath = directory.appendingPathComponent("big.prompts.yaml").path
        let yamlPrompts = (0..<count).map { "  - prompt: do thing \($0) to a record\n    expect: tool_\($0)\n" }
        try ("tools: [dup.tools.json]\nprompts:\n" + yamlPrompts.joined())
            .write(toFile: yamlPath, atomically: true, encoding: .utf8)

        for path in [promptPath, yamlPath] {
            let read = try PromptSetLoader.read(promptFile: path)
            let loaded = try PromptSetLoader.load(promptFile: path)
            #expect(read.uri == loaded.document.uri)
            #expect(read.promptSet.prompts.count == count)
            #expect(read.promptSet.prompts.map(\.text) == loaded.promptSet.prompts.map(\.text))
            #expect(read.promptSet.prompts.map(\.expectation) == loaded.promptSet.prompts.map(\.expectation))
            #expect(read.promptSet.toolReferences == loaded.promptSet.toolReferences)
            #expect(read.promptSet.findings == loaded.promptSet.findings)
            #expect(read.findings == loaded.findings)
            #expect(read.toolSets.count == 1 && loaded.toolSets.count == 1)
            let (mapped, plain) = (read.toolSets[0], loaded.toolSets[0])
            #expect(mapped.uri == plain.uri)
            #expect(mapped.dialect == .openaiChat)
            #expect(mapped.tools.map(\.name) == plain.tools.map(\.name))
            #expect(mapped.tools.map(\.inputSchemaPointer) == plain.tools.map(\.inputSchemaPointer))
            #expect(mapped.tools.map(\.raw) == plain.tools.map(\.raw))
            #expect(mapped.findings == plain.findings)
        }
        let duplicated = try PromptSetLoader.read(promptFile: yamlPath).toolSets[0].tools
        #expect(duplicated.count == count + 1)
        #expect(duplicated.last?.name?.value == "dup2")
        #expect(try PromptSetLoader.read(promptFile: promptPath).toolSets[0].tools.count == count)
    }
}
