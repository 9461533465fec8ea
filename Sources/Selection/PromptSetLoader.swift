import Foundation
import JSON
import SourceDocument
import ToolModel

/// Reads a prompt file and the tool files it names from disk, and runs the simulation: the
/// one call the CLI needs.
public enum PromptSetLoader {
    public static let missingToolsRuleId = "prompt-tools-missing"
    static let toolExtensions = ["json", "yaml", "yml", "jsonl"]

    public struct Loaded: Sendable {
        public var document: SourceDocument
        public var promptSet: PromptSet
        public var toolSets: [ToolSet]
        /// Reading problems of the tool files (missing files, dialect findings are in the sets).
        public var findings: [Finding]
    }

    /// The `<stem>.tools.*` siblings of `<dir>/<stem>.prompts.<ext>` that exist.
    public static func defaultToolPaths(forPromptFile path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        var name = url.lastPathComponent
        for ext in toolExtensions where name.hasSuffix(".prompts.\(ext)") {
            name = String(name.dropLast(".prompts.\(ext)".count))
            break
        }
        let directory = url.deletingLastPathComponent()
        return toolExtensions.map { directory.appendingPathComponent("\(name).tools.\($0)").path }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Reads a tool file into a tool set (any supported dialect, JSON/JSON Lines/YAML).
    public static func readToolSet(path: String) throws -> ToolSet {
        try readToolSet(path: path, mapping: false)
    }

    /// `readToolSet(path:)`; with `mapping`, a large JSON file is parsed from a mapping of it
    /// (`FileBytes.mapped`: one-shot commands only).
    static func readToolSet(path: String, mapping: Bool) throws -> ToolSet {
        if mapping {
            let uri = URL(fileURLWithPath: path).absoluteString
            if let value = FileBytes.mapped(path, { SyntaxTree.parsedJSONValue(of: $0, uri: uri) }) {
                return DialectDetector.toolSet(from: value, uri: uri)
            }
        }
        guard let bytes = FileBytes.contents(of: path) else {
            throw EvaluationDataError(description: "cannot read \(path)")
        }
        // The value alone: tool sets carry JSON Pointers, not text positions, so the line index
        // and positioned tree of a `SourceDocument` would go unused.
        let uri = URL(fileURLWithPath: path).absoluteString
        guard let value = SyntaxTree.value(of: bytes, uri: uri) else {
            throw EvaluationDataError(description: "\(path) holds no JSON or YAML value")
        }
        return DialectDetector.toolSet(from: value, uri: uri)
    }

    /// Reads the prompt file and its tools. `toolPaths` overrides the file's `tools:`.
    public static func load(promptFile path: String, toolPaths: [String]? = nil) throws -> Loaded {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvaluationDataError(description: "cannot read \(path)")
        }
        let document = SourceDocument(uri: URL(fileURLWithPath: path).absoluteString, bytes: Array(data))
        return load(document: document, path: path, toolPaths: toolPaths)
    }

    /// Reads the tools of an open prompt document (the language server's copy, which may differ
    /// from the file on disk); relative tool paths resolve against `path`'s directory.
    public static func load(document: SourceDocument, path: String, toolPaths: [String]? = nil) -> Loaded {
        let promptSet = PromptSetReader.read(document)
        let (paths, pathFindings) = resolveToolPaths(promptSet, path: path, toolPaths: toolPaths)
        let (toolSets, readFindings) = readToolSets(paths)
        return Loaded(
            document: document, promptSet: promptSet, toolSets: toolSets, findings: pathFindings + readFindings)
    }

    /// Simulates an open prompt document (the language server's copy) against its tool files,
    /// reusing the index of tool files unchanged on disk since an earlier call
    /// (`SimulatorCache`), so an edit to the prompt file re-simulates only the prompts.
    public static func simulate(
        document: SourceDocument, path: String, options: ScorerOptions = .default,
        thresholds: SelectionThresholds = .default
    ) -> SimulationReport {
        let promptSet = PromptSetReader.read(document)
        let (paths, pathFindings) = resolveToolPaths(promptSet, path: path, toolPaths: nil)
        let key = SimulatorCache.key(paths: paths, options: options, thresholds: thresholds)
        let entry: SimulatorCache.Entry
        if let key, let cached = SimulatorCache.shared.entry(for: key) {
            entry = cached
        } else {
            let (toolSets, readFindings) = readToolSets(paths)
            entry = SimulatorCache.Entry(
                simulator: SelectionSimulator(toolSets: toolSets, options: options, thresholds: thresholds),
                findings: readFindings)
            if let key { SimulatorCache.shared.store(entry, for: key) }
        }
        var report = entry.simulator.simulate(promptSet)
        report.findings.insert(contentsOf: pathFindings + entry.findings, at: 0)
        return report
    }

    /// The tool files a prompt set simulates against, and findings for the ones missing.
    static func resolveToolPaths(_ promptSet: PromptSet, path: String, toolPaths: [String]?) -> (
        paths: [String], findings: [Finding]
    ) {
        var findings: [Finding] = []
        var paths: [String] = []
        if let toolPaths {
            paths = toolPaths
        } else if promptSet.toolReferences.isEmpty {
            paths = defaultToolPaths(forPromptFile: path)
            if paths.isEmpty {
                findings.append(
                    Finding(
                        ruleId: missingToolsRuleId, severity: .error,
                        message: "No `tools:` listed and no `.tools.*` file next to this prompt file.",
                        pointer: .root))
            }
        } else {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            for reference in promptSet.toolReferences {
                let resolved =
                    reference.value.hasPrefix("/")
                    ? reference.value : directory.appendingPathComponent(reference.value).path
                if FileManager.default.fileExists(atPath: resolved) {
                    paths.append(resolved)
                } else {
                    findings.append(
                        Finding(
                            ruleId: missingToolsRuleId, severity: .error,
                            message: "Tool file `\(reference.value)` not found.", pointer: reference.pointer))
                }
            }
        }
        return (paths, findings)
    }

    static func readToolSets(_ paths: [String], mapping: Bool = false) -> (toolSets: [ToolSet], findings: [Finding]) {
        var toolSets: [ToolSet] = []
        var findings: [Finding] = []
        for toolPath in paths {
            do {
                toolSets.append(try readToolSet(path: toolPath, mapping: mapping))
            } catch {
                findings.append(
                    Finding(
                        ruleId: missingToolsRuleId, severity: .error, message: "\(error)",
                        pointer: JSONPointer.root / "tools"))
            }
        }
        return (toolSets, findings)
    }

    /// A prompt file and its tools read for one simulation: what `Loaded` holds, without the
    /// `SourceDocument` (a one-shot run reports pointers, so the document's bytes, line index and
    /// positioned tree would go unused).
    public struct Read: Sendable {
        public var uri: String
        public var promptSet: PromptSet
        public var toolSets: [ToolSet]
        /// Reading problems of the tool files (missing files, dialect findings are in the sets).
        public var findings: [Finding]
    }

    /// `load(promptFile:toolPaths:)` without the `SourceDocument`: the same prompt set, tool
    /// sets and findings. For one-shot commands: large JSON files are read from a mapping
    /// (`FileBytes.mapped`), which a file truncated meanwhile would turn into a crash.
    public static func read(promptFile path: String, toolPaths: [String]? = nil) throws -> Read {
        let uri = URL(fileURLWithPath: path).absoluteString
        let promptSet: PromptSet
        if let value = FileBytes.mapped(path, { SyntaxTree.parsedJSONValue(of: $0, uri: uri) }) {
            promptSet = PromptSetReader.read(value, uri: uri)
        } else {
            guard let bytes = FileBytes.contents(of: path) else {
                throw EvaluationDataError(description: "cannot read \(path)")
            }
            promptSet = PromptSetReader.read(bytes: bytes, uri: uri)
        }
        let (paths, pathFindings) = resolveToolPaths(promptSet, path: path, toolPaths: toolPaths)
        let (toolSets, readFindings) = readToolSets(paths, mapping: true)
        return Read(uri: uri, promptSet: promptSet, toolSets: toolSets, findings: pathFindings + readFindings)
    }

    /// Loads and simulates; the report's findings include the loading problems.
    public static func simulate(
        promptFile path: String, toolPaths: [String]? = nil, options: ScorerOptions = .default,
        thresholds: SelectionThresholds = .default
    ) throws -> SimulationReport {
        let loaded = try read(promptFile: path, toolPaths: toolPaths)
        var report = SelectionSimulator.simulate(
            promptSet: loaded.promptSet, toolSets: loaded.toolSets, options: options, thresholds: thresholds)
        report.findings.insert(contentsOf: loaded.findings, at: 0)
        return report
    }
}
