import JSON
import Testing
import ToolModel

@testable import Cost

@Suite struct WorkflowReaderTests {
    @Test func readsEveryFieldOfAWorkflow() throws {
        let (workflow, findings) = Fixtures.workflow(
            """
            name: Demo
            tools: [a.json, b.json]
            model: claude-sonnet-4-5
            system: {tokens: 1200}
            task: Do it.
            steps:
              - tool: fetch
                id: doc
                arguments: {id: x}
                result: {bytes: 4000}
                text: Let me look.
              - parallel:
                  - {tool: one, result: {tokens: 5}}
                  - {tool: two, repeat: 3, parallel: true, print: true}
              - code: const n = 1;
              - tool: save
                arguments: {body: "$steps.doc.text"}
            final: {tokens: 40}
            caching: {scope: prefix}
            codeMode: {printed: {bytes: 1000}, progressiveDisclosure: true, retries: 2}
            prices: {input: 1, output: 2}
            """)
        #expect(findings.isEmpty)
        let w = try #require(workflow)
        #expect(w.name == "Demo")
        #expect(w.toolFiles.map(\.value) == ["a.json", "b.json"])
        #expect(w.toolFiles[1].pointer == JSONPointer("/tools/1"))
        #expect(w.provider == .anthropic)
        #expect(w.system == .tokens(1200))
        #expect(w.task == .text("Do it.", .prose))
        #expect(w.steps.count == 4)
        #expect(w.calls.map(\.tool.value) == ["fetch", "one", "two", "save"])
        #expect(w.calls[0].result == .bytes(4000, .json))
        #expect(w.calls[0].text == .text("Let me look.", .prose))
        #expect(w.calls[2].repeatCount == 3 && w.calls[2].parallel && w.calls[2].print)
        #expect(w.calls[2].tool.pointer == JSONPointer("/steps/1/parallel/1/tool"))
        #expect(w.finalAnswer == .tokens(40))
        #expect(w.caching == Caching(enabled: true, scope: .prefix))
        #expect(
            w.codeMode.printed == .bytes(1000, .json) && w.codeMode.progressiveDisclosure && w.codeMode.retries == 2)
        #expect(w.priceOverride == PriceOverride(input: 1, output: 2))
    }

    @Test func badShapesGetFindingsAtTheirPointers() {
        let (workflow, findings) = Fixtures.workflow(
            """
            model: gpt-4o
            provider: openia
            colour: red
            steps:
              - tool: a
                repeat: 0
                result: {size: 3}
              - 42
              - tool: b
                arguments: [1]
            """)
        #expect(workflow != nil)
        let byPointer = Dictionary(grouping: findings, by: \.pointer.description)
        #expect(byPointer["/provider"]?.first?.ruleId == WorkflowReader.shapeId)
        #expect(byPointer["/colour"]?.first?.severity == .warning)
        #expect(byPointer["/steps/0/repeat"] != nil)
        #expect(byPointer["/steps/0/result"] != nil)
        #expect(byPointer["/steps/1"] != nil)
        #expect(byPointer["/steps/2/arguments"] != nil)
        #expect(findings.allSatisfy { $0.ruleId == WorkflowReader.shapeId })
    }

    @Test func syntaxErrorsKeepTheirByteRange() {
        let (_, findings) = WorkflowReader.read(
            .init(uri: "file:///x.workflow.json", text: #"{"model": "gpt-4o", "steps": [}"#))
        let syntax = findings.filter { $0.ruleId == WorkflowReader.syntaxId }
        #expect(!syntax.isEmpty)
        #expect(syntax.allSatisfy { $0.byteRange != nil })
    }

    @Test func missingModelAndStepsAreReported() {
        let (_, findings) = Fixtures.workflow("name: nothing\n")
        #expect(findings.filter { $0.ruleId == WorkflowReader.shapeId }.count == 2)
    }

    @Test func forwardingMustReferToAnEarlierCall() {
        let (_, findings) = Fixtures.workflow(
            """
            model: gpt-4o
            steps:
              - {tool: a, arguments: {x: "$previous"}}
              - {tool: b, arguments: {y: "$steps.later.field"}}
              - {tool: c, id: later}
            """)
        let forward = findings.filter { $0.ruleId == WorkflowReader.forwardId }
        #expect(forward.map(\.pointer.description) == ["/steps/0/arguments/x", "/steps/1/arguments/y"])
    }

    @Test func unknownToolsAreReportedWithASuggestion() {
        let (workflow, _) = Fixtures.workflow(
            """
            model: gpt-4o
            tools: t.json
            steps:
              - tool: Get_Weather
              - tool: get_weather
            """)
        let set = Fixtures.toolSet([["name": "get_weather", "inputSchema": ["type": "object"]]])
        let findings = WorkflowLoader.checkTools(try! #require(workflow), toolSets: [set])
        #expect(findings.count == 1)
        #expect(findings.first?.ruleId == WorkflowReader.unknownToolId)
        #expect(findings.first?.pointer == JSONPointer("/steps/0/tool"))
        #expect(findings.first?.message.contains("Did you mean `get_weather`") == true)
    }

    @Test func loaderReportsMissingToolAndPayloadFiles() throws {
        let directory = Fixtures.examples.path
        let document = SourceDocumentFactory.yaml(
            """
            model: gpt-4o
            tools: [calculator.tools.json, nowhere.json]
            steps:
              - {tool: add, arguments: {a: 1, b: 2}, result: {file: payloads/none.json}}
            """)
        let (loaded, findings) = WorkflowLoader.load(document, directory: directory)
        #expect(loaded?.toolSets.count == 1)
        #expect(findings.map(\.ruleId).sorted() == [WorkflowReader.payloadId, WorkflowReader.toolFileId])
        #expect(findings.first { $0.ruleId == WorkflowReader.toolFileId }?.pointer == JSONPointer("/tools/1"))
    }

    @Test func loaderReadsJSONPayloadFiles() throws {
        let loaded = try Fixtures.example("expense-audit.workflow.yaml")
        #expect(loaded.findings.isEmpty)
        guard case .json(let payload) = loaded.workflow.calls[1].result else {
            Issue.record("the payload file should load as JSON")
            return
        }
        #expect(payload["items"]?.arrayValue?.count == 100)
    }

    @Test func everyExampleWorkflowLoadsCleanly() throws {
        let names = try Fixtures.exampleWorkflowNames()
        #expect(names.count >= 3)
        for name in names {
            let loaded = try Fixtures.example(name)
            #expect(loaded.findings.isEmpty, "\(name): \(loaded.findings.map(\.message))")
        }
    }

    @Test func recognisesWorkflowFileNames() {
        #expect(WorkflowReader.isWorkflowFile("file:///a/b.workflow.yaml"))
        #expect(WorkflowReader.isWorkflowFile("C.Workflow.JSON"))
        #expect(!WorkflowReader.isWorkflowFile("tools.yaml"))
    }
}
