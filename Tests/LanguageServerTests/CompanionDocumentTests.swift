import Foundation
import JSON
import Testing

/// Prompt sets and workflows in the editor (real binary): the simulator's and the cost
/// preview's findings as diagnostics, their lenses, and the custom requests.
@Suite(.serialized) struct CompanionDocumentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func promptSetGetsSimulationDiagnosticsLensesAndReport() async throws {
        let file = Self.root.appendingPathComponent("examples/selection/orders.prompts.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let uri = file.absoluteString
        let server = try ServerProcess()
        _ = try await server.initialize()
        server.open(uri, text)
        let published = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"]?.stringValue == uri
        }
        let diagnostics = published.at("params.diagnostics")?.arrayValue ?? []
        let wrong = try #require(diagnostics.first { $0["code"] == "no-signal" })
        // The third prompt's entry (`- prompt: The blender …`) is on line 8 of the file.
        let blenderLine = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("The blender") }
        #expect(wrong.at("range.start.line")?.numberValue == blenderLine.map(Double.init))

        let lenses = try await server.call("textDocument/codeLens", ["textDocument": ["uri": .string(uri)]])
        let titles = lenses.at("result")?.arrayValue?.compactMap { $0.at("command.title")?.stringValue } ?? []
        #expect(titles.count == 6)
        #expect(titles.first?.hasPrefix("→ get_order_status") == true)

        let report = try await server.call("toolwright/simulateSelection", ["textDocument": ["uri": .string(uri)]])
        #expect(report.at("result.prompts")?.arrayValue?.count == 6)
        let wrongKind = try await server.call("toolwright/costPreview", ["textDocument": ["uri": .string(uri)]])
        #expect(wrongKind.at("error.code") == -32602)
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    @Test func workflowGetsCostLensAndReportAndShapeFindings() async throws {
        let file = Self.root.appendingPathComponent("examples/workflows/gdrive-salesforce.workflow.yaml")
        let uri = file.absoluteString
        let server = try ServerProcess()
        _ = try await server.initialize()
        server.open(uri, try String(contentsOf: file, encoding: .utf8))
        let report = try await server.call("toolwright/costPreview", ["textDocument": ["uri": .string(uri)]])
        #expect((report.at("result.modes")?.arrayValue?.count ?? 0) >= 2)
        let lenses = try await server.call("textDocument/codeLens", ["textDocument": ["uri": .string(uri)]])
        #expect(lenses.at("result.0.command.title")?.stringValue?.hasPrefix("Preview cost: tool calls") == true)
        #expect(lenses.at("result.0.command.command") == "toolwright.costPreview")
        let command = try await server.call(
            "workspace/executeCommand", ["command": "toolwright.costPreview", "arguments": [.string(uri)]])
        let htmlPath = try #require(command.at("result.html")?.stringValue)
        #expect(try String(contentsOfFile: htmlPath, encoding: .utf8).contains("<svg"))
        #expect(command.at("result.report.modes") != nil)

        // A step calling a tool the workflow's tool files do not define.
        let broken = Self.root.appendingPathComponent("examples/workflows/broken-test.workflow.yaml").absoluteString
        server.open(
            broken,
            """
            tools: [./gdrive-salesforce.tools.json]
            model: claude-sonnet-4-5
            system: { tokens: 100 }
            task: Do it.
            steps:
              - tool: no_such_tool
                result: { tokens: 10 }
            """)
        let published = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"]?.stringValue == broken
        }
        let codes = published.at("params.diagnostics")?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
        #expect(codes.contains("workflow-unknown-tool"))
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }
}
