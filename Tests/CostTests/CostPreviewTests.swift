import Foundation
import JSON
import SourceDocument
import Testing

@testable import Cost

@Suite struct CostPreviewTests {
    @Test func runsFromAPath() {
        let outcome = CostPreview.run(path: Fixtures.examples.appendingPathComponent("calculator.workflow.yaml").path)
        #expect(outcome.findings.isEmpty)
        #expect(outcome.report?.toolCalls.turns.count == 4)
    }

    @Test func runsAnOpenDocumentAgainstItsDirectory() throws {
        let uri = Fixtures.examples.appendingPathComponent("edited.workflow.yaml").absoluteString
        let document = SourceDocument(
            uri: uri,
            text:
                "model: gpt-4o\ntools: calculator.tools.json\nsteps:\n  - {tool: add, arguments: {a: 1, b: 2}}\n  - {tool: sub}\n"
        )
        let outcome = CostPreview.run(document: document)
        #expect(outcome.report != nil)  // an unknown tool is reported but does not stop the estimate
        #expect(outcome.findings.map(\.ruleId) == [WorkflowReader.unknownToolId])
        #expect(outcome.findings.first?.pointer == JSONPointer("/steps/1/tool"))
    }

    @Test func syntaxErrorsStopTheEstimate() {
        let document = SourceDocument(uri: "file:///tmp/x.workflow.json", text: #"{"model": "gpt-4o", "steps": ["#)
        let outcome = CostPreview.run(document: document)
        #expect(outcome.report == nil)
        #expect(outcome.findings.contains { $0.ruleId == WorkflowReader.syntaxId })
    }

    /// The JSON Schema in protocol/ and the reader accept the same fields.
    @Test func protocolSchemaMatchesTheReader() throws {
        let url = Fixtures.repository.appendingPathComponent("protocol/workflow.schema.json")
        let schema = try Jansson.decode(Array(try Data(contentsOf: url)))
        let top = Set(schema["properties"]?.objectMembers?.map(\.key) ?? [])
        #expect(top == WorkflowReader.topLevelKeys)
        let call = Set(schema["$defs"]?["call"]?["properties"]?.objectMembers?.map(\.key) ?? [])
        #expect(call == WorkflowReader.callKeys)
        let codeMode = Set(schema["properties"]?["codeMode"]?["properties"]?.objectMembers?.map(\.key) ?? [])
        #expect(
            codeMode == ["printed", "print", "program", "progressiveDisclosure", "discovery", "retries", "errorTokens"])
        #expect(
            schema["properties"]?["provider"]?["enum"]?.arrayValue?.compactMap(\.stringValue)
                == CostProvider.allCases.map(\.rawValue))
    }
}
