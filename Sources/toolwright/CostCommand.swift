import ArgumentParser
import Cost
import Foundation
import JSON
import SourceDocument
import ToolModel

struct CostCommand: BatchCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Preview what a workflow costs as one-by-one tool calls versus code mode.",
        discussion: """
            WORKFLOW is a *.workflow.yaml or *.workflow.json file (schema: \
            protocol/workflow.schema.json): tool files, model, system prompt, task and steps. \
            Tokens are counted with the real tokenizer; Anthropic and Gemini counts are labelled \
            estimates. Prices come from a dated, sourced table (docs/COST.md).
            """
    )

    @Argument(help: "The workflow file.")
    var workflow: String

    @Option(help: "Output format: text, json or html (a self-contained report with a chart).")
    var format: CostFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Flag(help: "Same as --format json.")
    var json = false

    @Option(
        help: "Write the HTML report (chart, generated API and program) to this file; the text report still prints.")
    var html: String?

    @Flag(help: "Include the generated TypeScript API and program in the text report.")
    var showCode = false

    @Flag(help: "Code mode with progressive disclosure (tool names first, declarations on demand).")
    var progressiveDisclosure = false

    @Option(help: "Directory with <encoding>.tiktoken rank files (default: the bundled ones).")
    var vocabDir: String?

    enum CostFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, html
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: workflow) else {
            Terminal.writeError("toolwright: error: \(workflow): no such file")
            throw ExitCode(ExitStatus.usage)
        }
        let outcome = CostPreview.run(
            path: workflow,
            options: CostOptions(vocabularyDirectory: vocabDir, progressiveDisclosure: progressiveDisclosure))
        for finding in outcome.findings {
            Terminal.writeError(
                "\(workflow): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleId)] at \(finding.pointer)"
            )
        }
        guard let report = outcome.report else { throw ExitCode(ExitStatus.findings) }
        if let html {
            do {
                try Data(HTMLReport.render(report).utf8).write(to: URL(fileURLWithPath: html))
            } catch {
                Terminal.writeError("toolwright: error: cannot write \(html): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.usage)
            }
        }
        let text: String
        switch json ? .json : format {
        case .text: text = CostReportText.render(report, includeCode: showCode)
        case .json: text = CostReportJSON.value(report).serialized(.pretty) + "\n"
        case .html: text = HTMLReport.render(report)
        }
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                Terminal.writeError("toolwright: error: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.usage)
            }
        } else {
            Terminal.write(text)
        }
        if outcome.findings.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.findings) }
    }
}
