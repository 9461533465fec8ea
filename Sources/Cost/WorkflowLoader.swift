import Foundation
import JSON
import SourceDocument
import ToolModel

/// A workflow with its tool files and payload files read from disk.
public struct LoadedWorkflow: Sendable {
    public var workflow: Workflow
    public var toolSets: [ToolSet]
    public var findings: [Finding]
}

/// Reads a workflow file, the tool files it names and its payload files (paths relative to the
/// workflow file), and checks that every called tool exists.
public enum WorkflowLoader {
    /// Loads from a path on disk.
    public static func load(path: String) -> (LoadedWorkflow?, [Finding]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (
                nil,
                [WorkflowReader.shape("Cannot read the workflow file \(path).", at: .root)]
            )
        }
        let document = SourceDocument(uri: URL(fileURLWithPath: path).absoluteString, bytes: Array(data))
        return load(document, directory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// Loads a workflow document (e.g. an open editor buffer) whose relative paths start at `directory`.
    public static func load(_ document: SourceDocument, directory: String) -> (LoadedWorkflow?, [Finding]) {
        let (read, readFindings) = WorkflowReader.read(document)
        guard var workflow = read else { return (nil, readFindings) }
        var findings = readFindings
        var toolSets: [ToolSet] = []
        for file in workflow.toolFiles {
            let path = resolve(file.value, in: directory)
            guard let data = FileManager.default.contents(atPath: path) else {
                findings.append(
                    Finding(
                        ruleId: WorkflowReader.toolFileId, severity: .error,
                        message: "Cannot read the tool file `\(file.value)` (\(path)).", pointer: file.pointer))
                continue
            }
            let toolDocument = SourceDocument(uri: URL(fileURLWithPath: path).absoluteString, bytes: Array(data))
            guard let value = toolDocument.tree.jsonValue(), !toolDocument.tree.hasErrors else {
                findings.append(
                    Finding(
                        ruleId: WorkflowReader.toolFileId, severity: .error,
                        message: "The tool file `\(file.value)` has syntax errors.", pointer: file.pointer))
                continue
            }
            let set = DialectDetector.toolSet(from: value, uri: toolDocument.uri)
            if set.tools.isEmpty {
                findings.append(
                    Finding(
                        ruleId: WorkflowReader.toolFileId, severity: .error,
                        message: "The tool file `\(file.value)` holds no tool definitions.", pointer: file.pointer))
            }
            toolSets.append(set)
        }
        workflow = loadPayloads(workflow, directory: directory, findings: &findings)
        findings += checkTools(workflow, toolSets: toolSets)
        return (LoadedWorkflow(workflow: workflow, toolSets: toolSets, findings: findings), findings)
    }

    /// `workflow-unknown-tool` for each call naming a tool no tool file defines.
    public static func checkTools(_ workflow: Workflow, toolSets: [ToolSet]) -> [Finding] {
        guard !workflow.toolFiles.isEmpty || !toolSets.isEmpty else { return [] }
        let known = Set(toolSets.flatMap { $0.tools.compactMap(\.name?.value) })
        return workflow.calls.filter { !known.contains($0.tool.value) }.map { call in
            let near = known.sorted().first { $0.lowercased() == call.tool.value.lowercased() }
            return Finding(
                ruleId: WorkflowReader.unknownToolId, severity: .error,
                message: "No tool file defines `\(call.tool.value)`."
                    + (near.map { " Did you mean `\($0)`?" } ?? ""),
                pointer: call.tool.pointer)
        }
    }

    static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).standardized.path
    }

    private static func loadPayloads(_ workflow: Workflow, directory: String, findings: inout [Finding]) -> Workflow {
        var workflow = workflow
        func load(_ amount: Amount, at pointer: JSONPointer) -> Amount {
            guard case .file(let file) = amount else { return amount }
            let path = resolve(file, in: directory)
            guard let data = FileManager.default.contents(atPath: path) else {
                findings.append(
                    Finding(
                        ruleId: WorkflowReader.payloadId, severity: .error,
                        message: "Cannot read the payload file `\(file)` (\(path)); its size counts as 0.",
                        pointer: pointer / "file"))
                return .tokens(0)
            }
            let bytes = Array(data)
            if let value = try? Jansson.decode(bytes), file.lowercased().hasSuffix(".json") { return .json(value) }
            return .text(String(decoding: bytes, as: UTF8.self), file.lowercased().hasSuffix(".json") ? .json : .prose)
        }
        workflow.system = load(workflow.system, at: .root / "system")
        workflow.task = load(workflow.task, at: .root / "task")
        workflow.finalAnswer = load(workflow.finalAnswer, at: .root / "final")
        if let printed = workflow.codeMode.printed {
            workflow.codeMode.printed = load(printed, at: .root / "codeMode" / "printed")
        }
        func loadCall(_ call: Call) -> Call {
            var call = call
            call.result = load(call.result, at: call.pointer / "result")
            if let text = call.text { call.text = load(text, at: call.pointer / "text") }
            return call
        }
        workflow.steps = workflow.steps.map { step in
            var step = step
            switch step.kind {
            case .call(let call): step.kind = .call(loadCall(call))
            case .parallel(let calls): step.kind = .parallel(calls.map(loadCall))
            case .code: break
            }
            return step
        }
        return workflow
    }
}
