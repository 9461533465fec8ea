import ArgumentParser
import Foundation
import JSON
import Selection
import ToolModel

/// `simulate PROMPTS` (the default subcommand) and `simulate eval`.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Predict which tool a model would pick for each prompt of a prompt set.",
        subcommands: [SimulatePromptsCommand.self, SimulateEvalCommand.self],
        defaultSubcommand: SimulatePromptsCommand.self
    )
}

struct SimulatePromptsCommand: BatchCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Predict which tool a model would pick for each prompt of a prompt set.",
        discussion: """
            PROMPTS is a *.prompts.yaml or *.prompts.json file (schema: protocol/prompts.schema.json). \
            Its tools come from --tools, else its `tools:` list, else the same stem's .tools.* file. \
            Flags: wrong-tool-wins, near-tie, no-signal, no-tool-fits. Offline and deterministic \
            (BM25 over the tool text; docs/SELECTION.md).
            """
    )

    @Argument(help: "The prompt-set file.")
    var prompts: String

    @Option(name: .customLong("tools"), help: "Tool files to choose from (repeatable; overrides the prompt set's).")
    var tools: [String] = []

    @Option(help: "Output format (text or json).")
    var format: ListFormat = .text

    @Option(help: "Lowest finding severity that makes the exit status 1.")
    var failOn: FailThreshold = FailThreshold(argument: "error")!

    @Option(help: "Weight of the semantic layer against BM25 (0 = lexical only; default as documented).")
    var semanticWeight: Double?

    @Flag(help: "Print timings to stderr as JSON (load and index, simulate, per-edit re-simulation).")
    var timing = false

    func run() throws {
        var options = ScorerOptions.default
        if let semanticWeight { options.semanticWeight = semanticWeight }
        let report: SimulationReport
        do {
            report =
                timing
                ? try SimulationTiming.run(
                    promptFile: prompts, toolPaths: tools.isEmpty ? nil : tools, options: options)
                : try PromptSetLoader.simulate(
                    promptFile: prompts, toolPaths: tools.isEmpty ? nil : tools, options: options)
        } catch {
            Terminal.writeError("toolwright: error: \(prompts): \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        switch format {
        case .text: Terminal.write(ReportFormatter.text(report))
        case .json: Terminal.write(ReportFormatter.json(report).serialized(.pretty) + "\n")
        }
        if report.findings.contains(where: { $0.severity >= failOn.severity }) {
            throw ExitCode(ExitStatus.findings)
        }
    }
}

struct SimulateEvalCommand: BatchCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure the simulator on a labelled dataset (BFCL JSON Lines or Seal-Tools JSON).",
        discussion: """
            --bfcl QUESTIONS.json [--answers ANSWERS.json]: top-1 accuracy and MRR against the \
            answers; without answers, the share of items where no tool fits (irrelevance sets). \
            --seal DEV.json: top-1 and MRR over the single-tool items.
            """
    )

    @Option(help: "BFCL questions (JSON Lines: id, question, function).")
    var bfcl: String?

    @Option(help: "BFCL possible answers (JSON Lines: id, ground_truth).")
    var answers: String?

    @Option(help: "Seal-Tools fine-tuning JSON (e.g. dev.json).")
    var seal: String?

    @Option(help: "Weight of the semantic layer against BM25 (0 = lexical only; default as documented).")
    var semanticWeight: Double?

    @Option(help: "Output format (text or json).")
    var format: ListFormat = .text

    func validate() throws {
        guard (bfcl == nil) != (seal == nil) else {
            throw ValidationError("give exactly one of --bfcl or --seal")
        }
        if answers != nil && bfcl == nil { throw ValidationError("--answers goes with --bfcl") }
    }

    func run() throws {
        let report: EvaluationReport
        let dataset: String
        var options = ScorerOptions.default
        if let semanticWeight { options.semanticWeight = semanticWeight }
        do {
            if let bfcl {
                let questions = try EvaluationData.readJSONLines(path: bfcl)
                let answerLines = try answers.map { try EvaluationData.readJSONLines(path: $0) }
                report = Evaluator.evaluateBFCL(questions: questions, answers: answerLines, options: options)
                dataset = "BFCL"
            } else {
                report = try Evaluator.evaluateSeal(records: EvaluationData.readJSON(path: seal!), options: options)
                dataset = "Seal-Tools"
            }
        } catch {
            Terminal.writeError("toolwright: error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        switch format {
        case .text: Terminal.write(ReportFormatter.text(report, dataset: dataset))
        case .json: Terminal.write(ReportFormatter.json(report, dataset: dataset).serialized(.pretty) + "\n")
        }
    }
}
