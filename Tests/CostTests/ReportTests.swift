import Foundation
import JSON
import Testing

@testable import Cost

@Suite struct ReportTests {
    static func report(_ name: String = "expense-audit.workflow.yaml") throws -> CostReport {
        try CostModel.estimate(try Fixtures.example(name))
    }

    @Test func textReportHasTurnsTotalsSavingAndAssumptions() throws {
        let report = try Self.report()
        let text = CostReportText.render(report, includeCode: true)
        #expect(text.contains("Tool calls\n"))
        #expect(text.contains("Code mode\n"))
        #expect(text.contains("get_expenses ×20"))
        #expect(text.contains("total: \(CostFormat.grouped(report.toolCalls.total)) tokens"))
        #expect(text.contains("Saving with code mode: \(CostFormat.grouped(report.savedTokens)) tokens"))
        #expect(text.contains("Assumptions\n"))
        #expect(text.contains("declare const tools: {"))
        #expect(text.contains(report.program))
    }

    @Test func jsonReportCarriesEveryTurnAndTotal() throws {
        let report = try Self.report()
        let value = CostReportJSON.value(report)
        let modes = try #require(value["modes"]?.arrayValue)
        #expect(modes.count == 2)
        #expect(modes[0]["kind"]?.stringValue == "tool-calls")
        #expect(modes[0]["turns"]?.arrayValue?.count == report.toolCalls.turns.count)
        #expect(modes[0]["total"] == .integer(Int64(report.toolCalls.total)))
        #expect(modes[1]["turns"]?[1]?["cumulative"] == .integer(Int64(report.codeMode.total)))
        #expect(value["saving"]?["tokens"] == .integer(Int64(report.savedTokens)))
        #expect(value["summary"]?.stringValue == report.summaryLine)
        #expect(value["price"]?["asOf"]?.stringValue?.isEmpty == false)
        // It survives a round trip through a real JSON parser.
        let reparsed = try Jansson.decode(value.serialized())
        #expect(reparsed["modes"]?[1]?["total"] == .integer(Int64(report.codeMode.total)))
    }

    @Test func summaryLineReadsLikeTheCodeLens() throws {
        var report = try Self.report()
        report.toolCalls = ModeCost(kind: .toolCalls, turns: [TurnCost(label: "a", system: 43_000, output: 588)])
        report.codeMode = ModeCost(kind: .codeMode, turns: [TurnCost(label: "b", system: 27_000, output: 297)])
        report.progressive = nil
        #expect(report.summaryLine == "Preview cost: tool calls 43.6k vs code mode 27.3k tokens")
        #expect(CostFormat.short(43_588) == "43.6k")
        #expect(CostFormat.short(1_170_000) == "1.17M")
        #expect(CostFormat.short(812) == "812")
        #expect(CostFormat.short(250_000) == "250k")
        #expect(CostFormat.grouped(1_234_567) == "1,234,567")
    }

    @Test func htmlIsSelfContainedWithAChartOfBothModes() throws {
        let report = try Self.report("gdrive-salesforce.workflow.yaml")
        let html = HTMLReport.render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=") && !html.contains("<link"))
        #expect(html.components(separatedBy: "<svg").count == 2)
        // Axes, axis titles, a legend entry per mode and category, one total line per mode.
        #expect(html.contains("Turn (model request)") && html.contains("Cumulative tokens"))
        for mode in report.modes { #expect(html.contains("\(mode.kind.title) (total ")) }
        for category in CostChart.categories { #expect(html.contains(">\(category.name)</text>")) }
        #expect(html.components(separatedBy: "<polyline").count - 1 == report.modes.count)
        #expect(html.contains("Generated TypeScript API") && html.contains("interface GdriveGetDocumentInput"))
        // Code is escaped, not interpreted.
        #expect(html.contains("Promise&lt;GdriveGetDocumentOutput&gt;"))
    }

    @Test func chartAxisUsesRoundTicksAboveTheMaximum() {
        let (step, max) = CostChart.niceAxis(208_191)
        #expect(step == 50_000 && max == 250_000)
        let (smallStep, smallMax) = CostChart.niceAxis(914)
        #expect(smallStep == 200 && smallMax == 1_000)
    }

    /// Writes each example's HTML and text report into $TOOLWRIGHT_COST_REPORT_DIR (used by
    /// scripts/render-cost-report.sh to screenshot them), or a temporary directory.
    @Test func writesExampleReportsWhenAsked() throws {
        let directory =
            ProcessInfo.processInfo.environment["TOOLWRIGHT_COST_REPORT_DIR"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("toolwright-cost-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in try Fixtures.exampleWorkflowNames() {
            let report = try CostModel.estimate(try Fixtures.example(name))
            let base = name.replacingOccurrences(of: ".workflow.yaml", with: "")
            let path = URL(fileURLWithPath: directory).appendingPathComponent(base + ".html")
            try HTMLReport.render(report).write(to: path, atomically: true, encoding: .utf8)
            try CostReportText.render(report, includeCode: true).write(
                to: URL(fileURLWithPath: directory).appendingPathComponent(base + ".txt"), atomically: true,
                encoding: .utf8)
            #expect((try? Data(contentsOf: path))?.isEmpty == false)
        }
    }
}
