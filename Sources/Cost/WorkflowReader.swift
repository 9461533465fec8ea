import JSON
import SourceDocument
import Tokenizer
import ToolModel

/// Reads a workflow document into a `Workflow`, reporting problems as findings with pointers
/// (rule ids `workflow-syntax`, `workflow-shape`).
public enum WorkflowReader {
    public static let syntaxId = "workflow-syntax"
    public static let shapeId = "workflow-shape"
    public static let unknownToolId = "workflow-unknown-tool"
    public static let forwardId = "workflow-forward"
    public static let payloadId = "workflow-payload"
    public static let toolFileId = "workflow-tool-file"

    /// The fields a workflow and a call may have (kept in step with protocol/workflow.schema.json).
    public static var topLevelKeys: Set<String> { Reader.topKeys }
    public static var callKeys: Set<String> { Reader.callKeys }

    /// Whether a file name is a workflow file (`*.workflow.yaml`, `.yml` or `.json`).
    public static func isWorkflowFile(_ uri: String) -> Bool {
        [".workflow.yaml", ".workflow.yml", ".workflow.json"].contains { uri.lowercased().hasSuffix($0) }
    }

    /// The workflow, or nil when the document is too broken to estimate; findings either way.
    public static func read(_ document: SourceDocument) -> (Workflow?, [Finding]) {
        var findings = document.tree.diagnostics.map { diagnostic in
            Finding(
                ruleId: syntaxId, severity: diagnostic.severity == .error ? .error : .warning,
                message: diagnostic.message, pointer: .root,
                byteRange: diagnostic.range.lowerBound..<diagnostic.range.upperBound)
        }
        guard let value = document.tree.jsonValue() else {
            if findings.isEmpty { findings.append(shape("The workflow file is empty.", at: .root)) }
            return (nil, findings)
        }
        var reader = Reader()
        let workflow = reader.workflow(value)
        return (workflow, findings + reader.findings)
    }

    static func shape(_ message: String, at pointer: JSONPointer, preferKey: Bool = false) -> Finding {
        Finding(ruleId: shapeId, severity: .error, message: message, pointer: pointer, preferKey: preferKey)
    }
}

struct Reader {
    var findings: [Finding] = []

    static let topKeys: Set<String> = [
        "$schema", "name", "tools", "model", "provider", "system", "task", "steps", "final", "definitions",
        "caching", "codeMode", "prices", "description",
    ]
    static let callKeys: Set<String> = [
        "id", "tool", "arguments", "result", "text", "repeat", "parallel", "print", "description",
    ]

    mutating func workflow(_ value: JSONValue) -> Workflow? {
        guard let members = value.objectMembers else {
            findings.append(WorkflowReader.shape("A workflow must be an object with `model` and `steps`.", at: .root))
            return nil
        }
        for member in members where !Self.topKeys.contains(member.key) {
            findings.append(
                Finding(
                    ruleId: WorkflowReader.shapeId, severity: .warning,
                    message: "Unknown workflow field `\(member.key)`; it is ignored.", pointer: .root / member.key,
                    preferKey: true))
        }
        let model = string(value, "model", at: .root, required: true) ?? "gpt-4o"
        var provider = CostProvider.infer(model: model)
        if let name = string(value, "provider", at: .root, required: false) {
            if let known = CostProvider(rawValue: name) {
                provider = known
            } else {
                findings.append(
                    WorkflowReader.shape(
                        "Unknown provider `\(name)`; expected one of "
                            + CostProvider.allCases.map(\.rawValue).joined(separator: ", ") + ".",
                        at: .root / "provider"))
            }
        }
        var toolFiles: [Located<String>] = []
        switch value["tools"] {
        case .string(let path)?: toolFiles = [Located(path, at: .root / "tools")]
        case .array(let items)?:
            for (index, item) in items.enumerated() {
                if let path = item.stringValue {
                    toolFiles.append(Located(path, at: .root / "tools" / index))
                } else {
                    findings.append(
                        WorkflowReader.shape("A tool file must be a path string.", at: .root / "tools" / index))
                }
            }
        case nil: break
        default:
            findings.append(WorkflowReader.shape("`tools` must be a path or a list of paths.", at: .root / "tools"))
        }
        var workflow = Workflow(model: model, provider: provider)
        workflow.name = string(value, "name", at: .root, required: false)
        workflow.toolFiles = toolFiles
        workflow.system = amount(value["system"], at: .root / "system", kind: .prose) ?? .tokens(0)
        workflow.task = amount(value["task"], at: .root / "task", kind: .prose) ?? .tokens(0)
        workflow.finalAnswer = amount(value["final"], at: .root / "final", kind: .prose) ?? .tokens(0)
        if let definitions = value["definitions"] {
            if case .tokens(let count)? = amount(definitions, at: .root / "definitions", kind: .json) {
                workflow.definitionsOverride = count
            } else {
                findings.append(
                    WorkflowReader.shape(
                        "`definitions` overrides the definition tokens: write `{tokens: N}`.", at: .root / "definitions"
                    ))
            }
        }
        workflow.steps = steps(value["steps"], at: .root / "steps")
        workflow.caching = caching(value["caching"], at: .root / "caching")
        workflow.codeMode = codeMode(value["codeMode"], at: .root / "codeMode")
        workflow.priceOverride = prices(value["prices"], at: .root / "prices")
        checkForwards(workflow)
        return workflow
    }

    private mutating func steps(_ value: JSONValue?, at pointer: JSONPointer) -> [Step] {
        guard let value else {
            findings.append(
                WorkflowReader.shape("A workflow needs `steps`: the tool calls the agent makes.", at: .root))
            return []
        }
        guard let items = value.arrayValue else {
            findings.append(WorkflowReader.shape("`steps` must be a list.", at: pointer))
            return []
        }
        var steps: [Step] = []
        for (index, item) in items.enumerated() {
            let itemPointer = pointer / index
            guard item.objectMembers != nil else {
                findings.append(
                    WorkflowReader.shape("A step must be an object (`tool`, `parallel` or `code`).", at: itemPointer))
                continue
            }
            if let group = item["parallel"], let calls = group.arrayValue {
                let parsed = calls.enumerated().compactMap {
                    self.call($0.element, at: itemPointer / "parallel" / $0.offset)
                }
                if parsed.isEmpty {
                    findings.append(
                        WorkflowReader.shape("A parallel group needs at least one call.", at: itemPointer / "parallel"))
                } else {
                    steps.append(Step(kind: .parallel(parsed), pointer: itemPointer))
                }
            } else if let code = item["code"] {
                if let text = code.stringValue {
                    steps.append(Step(kind: .code(text), pointer: itemPointer))
                } else {
                    findings.append(
                        WorkflowReader.shape("`code` must be TypeScript source text.", at: itemPointer / "code"))
                }
            } else if let call = call(item, at: itemPointer) {
                steps.append(Step(kind: .call(call), pointer: itemPointer))
            }
        }
        return steps
    }

    private mutating func call(_ value: JSONValue, at pointer: JSONPointer) -> Call? {
        guard let members = value.objectMembers else {
            findings.append(WorkflowReader.shape("A call must be an object with `tool`.", at: pointer))
            return nil
        }
        for member in members where !Self.callKeys.contains(member.key) {
            findings.append(
                Finding(
                    ruleId: WorkflowReader.shapeId, severity: .warning,
                    message: "Unknown call field `\(member.key)`; it is ignored.", pointer: pointer / member.key,
                    preferKey: true))
        }
        guard let tool = string(value, "tool", at: pointer, required: true) else { return nil }
        var call = Call(tool: Located(tool, at: pointer / "tool"), pointer: pointer)
        call.id = string(value, "id", at: pointer, required: false)
        if let arguments = value["arguments"] {
            if arguments.objectMembers != nil {
                call.arguments = arguments
            } else {
                findings.append(WorkflowReader.shape("`arguments` must be an object.", at: pointer / "arguments"))
            }
        }
        call.result = amount(value["result"], at: pointer / "result", kind: .json) ?? .json(["ok": true])
        call.text = amount(value["text"], at: pointer / "text", kind: .prose)
        if let count = value["repeat"] {
            if case .integer(let n) = count, n >= 1, n <= 100_000 {
                call.repeatCount = Int(n)
            } else {
                findings.append(WorkflowReader.shape("`repeat` must be a whole number from 1.", at: pointer / "repeat"))
            }
        }
        call.parallel = bool(value, "parallel", at: pointer) ?? false
        call.print = bool(value, "print", at: pointer) ?? false
        return call
    }

    private mutating func caching(_ value: JSONValue?, at pointer: JSONPointer) -> Caching {
        var caching = Caching()
        guard let value else { return caching }
        if let flag = value.boolValue {
            caching.enabled = flag
            return caching
        }
        guard value.objectMembers != nil else {
            findings.append(WorkflowReader.shape("`caching` must be true/false or an object.", at: pointer))
            return caching
        }
        caching.enabled = bool(value, "enabled", at: pointer) ?? true
        if let scope = string(value, "scope", at: pointer, required: false) {
            if let known = Caching.Scope(rawValue: scope) {
                caching.scope = known
            } else {
                findings.append(WorkflowReader.shape("`scope` is `prefix` or `incremental`.", at: pointer / "scope"))
            }
        }
        if let minimum = integer(value, "minimumTokens", at: pointer) { caching.minimumTokens = minimum }
        return caching
    }

    private mutating func codeMode(_ value: JSONValue?, at pointer: JSONPointer) -> CodeModeOptions {
        var options = CodeModeOptions()
        guard let value else { return options }
        guard value.objectMembers != nil else {
            findings.append(WorkflowReader.shape("`codeMode` must be an object.", at: pointer))
            return options
        }
        options.printed = amount(value["printed"], at: pointer / "printed", kind: .json)
        options.printExpression = string(value, "print", at: pointer, required: false)
        options.program = string(value, "program", at: pointer, required: false)
        options.progressiveDisclosure = bool(value, "progressiveDisclosure", at: pointer) ?? false
        if let discovery = string(value, "discovery", at: pointer, required: false) {
            if let known = Discovery(rawValue: discovery) {
                options.discovery = known
            } else {
                findings.append(WorkflowReader.shape("`discovery` is `list` or `search`.", at: pointer / "discovery"))
            }
        }
        options.retries = integer(value, "retries", at: pointer) ?? 0
        options.errorTokens = integer(value, "errorTokens", at: pointer) ?? options.errorTokens
        return options
    }

    private mutating func prices(_ value: JSONValue?, at pointer: JSONPointer) -> PriceOverride? {
        guard let value else { return nil }
        guard value.objectMembers != nil else {
            findings.append(WorkflowReader.shape("`prices` must be an object of USD per million tokens.", at: pointer))
            return nil
        }
        func number(_ key: String) -> Double? {
            guard let field = value[key] else { return nil }
            guard let number = field.numberValue, number >= 0 else {
                findings.append(
                    WorkflowReader.shape("`\(key)` must be a price in USD per million tokens.", at: pointer / key))
                return nil
            }
            return number
        }
        return PriceOverride(
            input: number("input"), cachedInput: number("cachedInput"), output: number("output"),
            cacheWrite: number("cacheWrite"))
    }

    /// `"text"`, `{tokens}`, `{bytes}`, `{text}`, `{json}` or `{file}`.
    private mutating func amount(_ value: JSONValue?, at pointer: JSONPointer, kind: ContentKind) -> Amount? {
        guard let value else { return nil }
        if let text = value.stringValue { return .text(text, kind) }
        if case .integer(let n) = value, n >= 0 { return .tokens(Int(n)) }
        guard value.objectMembers != nil else {
            findings.append(
                WorkflowReader.shape(
                    "Give a size as text, `{tokens: N}`, `{bytes: N}`, `{text: …}`, `{json: …}` or `{file: path}`.",
                    at: pointer))
            return nil
        }
        var kind = kind
        if let name = value["kind"]?.stringValue {
            if let known = ContentKind(rawValue: name) {
                kind = known
            } else {
                findings.append(WorkflowReader.shape("`kind` is json, code or prose.", at: pointer / "kind"))
            }
        }
        if let n = integer(value, "tokens", at: pointer) { return .tokens(n) }
        if let n = integer(value, "bytes", at: pointer) { return .bytes(n, kind) }
        if let text = value["text"]?.stringValue { return .text(text, kind) }
        if let json = value["json"] { return .json(json) }
        if let file = value["file"]?.stringValue { return .file(file) }
        findings.append(
            WorkflowReader.shape("This size has none of `tokens`, `bytes`, `text`, `json` or `file`.", at: pointer))
        return nil
    }

    private mutating func string(_ value: JSONValue, _ key: String, at pointer: JSONPointer, required: Bool) -> String?
    {
        guard let field = value[key] else {
            if required { findings.append(WorkflowReader.shape("Missing `\(key)`.", at: pointer)) }
            return nil
        }
        guard let text = field.stringValue else {
            findings.append(WorkflowReader.shape("`\(key)` must be a string.", at: pointer / key))
            return nil
        }
        return text
    }

    private mutating func bool(_ value: JSONValue, _ key: String, at pointer: JSONPointer) -> Bool? {
        guard let field = value[key] else { return nil }
        guard let flag = field.boolValue else {
            findings.append(WorkflowReader.shape("`\(key)` must be true or false.", at: pointer / key))
            return nil
        }
        return flag
    }

    private mutating func integer(_ value: JSONValue, _ key: String, at pointer: JSONPointer) -> Int? {
        guard let field = value[key] else { return nil }
        guard case .integer(let n) = field, n >= 0 else {
            findings.append(WorkflowReader.shape("`\(key)` must be a whole number ≥ 0.", at: pointer / key))
            return nil
        }
        return Int(n)
    }

    /// `$previous` needs an earlier call; `$steps.ID` a call with that id before this one.
    private mutating func checkForwards(_ workflow: Workflow) {
        var seenIds = Set<String>()
        var seenAny = false
        for step in workflow.steps {
            for call in step.calls {
                for (pointer, reference) in Forwarding.references(in: call.arguments, at: call.pointer / "arguments") {
                    switch reference.source {
                    case .previous where !seenAny:
                        findings.append(
                            Finding(
                                ruleId: WorkflowReader.forwardId, severity: .error,
                                message: "`$previous` in the first call: there is no earlier result to forward.",
                                pointer: pointer))
                    case .step(let id) where !seenIds.contains(id):
                        findings.append(
                            Finding(
                                ruleId: WorkflowReader.forwardId, severity: .error,
                                message: "`$steps.\(id)` names no earlier call with `id: \(id)`.", pointer: pointer))
                    default: break
                    }
                }
            }
            for call in step.calls {
                seenAny = true
                if let id = call.id { seenIds.insert(id) }
            }
        }
    }
}
