import JSON
import SourceDocument
import ToolModel

/// Reads prompt sets. Accepted shapes: `{tools?, prompts: [...]}` or a bare array of prompts;
/// each prompt is a string or `{prompt, expect?, context?, id?, note?}`; `context` is a string,
/// a list of strings, or a list of `{role, content}` messages.
public enum PromptSetReader {
    public static let shapeRuleId = "prompt-shape"
    public static let unknownToolRuleId = "prompt-unknown-tool"

    /// Arrays, not sets: a handful of keys, and a `Set<String>` looked its type up at run time
    /// on first use (as long as reading a hundred prompts).
    static let promptKeys = ["prompt", "expect", "context", "id", "name", "note", "description"]
    static let topKeys = ["tools", "prompts", "$schema", "version", "description", "name"]

    public static func read(_ document: SourceDocument) -> PromptSet {
        guard let value = document.tree.jsonValue() else {
            return PromptSet(
                uri: document.uri, prompts: [],
                findings: [shape("The prompt file is empty or could not be read.", at: .root)])
        }
        return read(value, uri: document.uri)
    }

    /// `read(_:)` for a prompt file's bytes, without the line index and positioned tree of a
    /// `SourceDocument` (the value is the same: `SyntaxTree.value(of:format:)`).
    public static func read(bytes: [UInt8], uri: String) -> PromptSet {
        guard let value = SyntaxTree.value(of: bytes, uri: uri) else {
            return PromptSet(
                uri: uri, prompts: [],
                findings: [shape("The prompt file is empty or could not be read.", at: .root)])
        }
        return read(value, uri: uri)
    }

    public static func read(_ value: JSONValue, uri: String) -> PromptSet {
        var findings: [Finding] = []
        var references: [Located<String>] = []
        var prompts: [PromptCase] = []
        let list: JSONValue?
        let listPointer: JSONPointer
        switch value {
        case .array:
            list = value
            listPointer = .root
        case .object(let members):
            listPointer = JSONPointer.root / "prompts"
            list = value["prompts"]
            if list == nil { findings.append(shape("A prompt set needs a `prompts` list.", at: .root)) }
            for member in members where !topKeys.contains(member.key) {
                findings.append(
                    shape(
                        "Unknown key `\(member.key)` in a prompt set (expected `tools` and `prompts`).",
                        at: .root / member.key, severity: .warning, preferKey: true))
            }
            references = readTools(value["tools"], findings: &findings)
        default:
            return PromptSet(
                uri: uri, prompts: [],
                findings: [shape("A prompt set is an object with `prompts`, or a list of prompts.", at: .root)])
        }
        if let list {
            if case .array(let items) = list {
                // Each prompt built where it stays (`append` copied the finished `PromptCase` whole
                // and destroyed the original); entries read by index, not copied one by one.
                prompts = [PromptCase](unsafeUninitializedCapacity: items.count) { buffer, count in
                    let slots = buffer.baseAddress!
                    for index in items.indices {
                        if readPrompt(items[index], at: listPointer / index, into: slots + count, findings: &findings) {
                            count += 1
                        }
                    }
                }
            } else {
                findings.append(shape("`prompts` must be a list.", at: listPointer))
            }
        }
        return PromptSet(uri: uri, toolReferences: references, prompts: prompts, findings: findings)
    }

    private static func readTools(_ value: JSONValue?, findings: inout [Finding]) -> [Located<String>] {
        let pointer = JSONPointer.root / "tools"
        switch value {
        case nil, .null?:
            return []
        case .string(let path)?:
            return [Located(path, at: pointer)]
        case .array(let items)?:
            var out: [Located<String>] = []
            for (index, item) in items.enumerated() {
                if let path = item.stringValue, !path.isEmpty {
                    out.append(Located(path, at: pointer / index))
                } else {
                    findings.append(shape("A tool file entry must be a path string.", at: pointer / index))
                }
            }
            return out
        default:
            findings.append(shape("`tools` must be a path or a list of paths.", at: pointer))
            return []
        }
    }

    /// Initializes `slot` with the prompt of an entry and returns true, if it has one (built in
    /// place, field by field: a returned `PromptCase?`, or one appended or stored whole, was
    /// copied into the list and then destroyed).
    private static func readPrompt(
        _ item: JSONValue, at pointer: JSONPointer, into slot: UnsafeMutablePointer<PromptCase>,
        findings: inout [Finding]
    ) -> Bool {
        switch item {
        case .string(let text):
            guard !text.isBlank else {
                findings.append(shape("This prompt is empty.", at: pointer))
                return false
            }
            slot.initializeFields(text: Located(text, at: pointer), pointer: pointer)
            return true
        case .object(let members):
            for member in members where !promptKeys.contains(member.key) {
                findings.append(
                    shape(
                        "Unknown key `\(member.key)` in a prompt (expected `prompt`, `expect`, `context`).",
                        at: pointer / member.key, severity: .warning, preferKey: true))
            }
            guard let text = item["prompt"]?.stringValue else {
                findings.append(
                    shape(
                        item["prompt"] == nil ? "This entry has no `prompt`." : "`prompt` must be a string.",
                        at: item["prompt"] == nil ? pointer : pointer / "prompt"))
                return false
            }
            if text.isBlank {
                findings.append(shape("This prompt is empty.", at: pointer / "prompt"))
                return false
            }
            var expectation: Expectation?
            let expectPointer = pointer / "expect"
            switch item["expect"] {
            case nil:
                break
            case .null?:
                expectation = .noTool(at: expectPointer)
            case .string(let name)?:
                let trimmed = name.trimmingSpaces
                if trimmed.isEmpty {
                    findings.append(shape("`expect` is empty; write a tool name or `none`.", at: expectPointer))
                } else {
                    expectation = trimmed == "none" ? .noTool(at: expectPointer) : .tool(trimmed, at: expectPointer)
                }
            default:
                findings.append(shape("`expect` must be a tool name or `none`.", at: expectPointer))
            }
            let context = readContext(item["context"], at: pointer / "context", findings: &findings)
            slot.initializeFields(
                text: Located(text, at: pointer / "prompt"), pointer: pointer, expectation: expectation,
                context: context)
            return true
        default:
            findings.append(shape("A prompt is a string or an object with `prompt`.", at: pointer))
            return false
        }
    }

    private static func readContext(_ value: JSONValue?, at pointer: JSONPointer, findings: inout [Finding])
        -> [String]
    {
        switch value {
        case nil, .null?:
            return []
        case .string(let text)?:
            return [text]
        case .array(let turns)?:
            var out: [String] = []
            for (index, turn) in turns.enumerated() {
                if let text = turn.stringValue {
                    out.append(text)
                } else if let content = turn["content"]?.stringValue {
                    out.append(content)
                } else {
                    findings.append(
                        shape(
                            "A context turn is a string or `{role, content}` with string content.",
                            at: pointer / index))
                }
            }
            return out
        default:
            findings.append(shape("`context` must be a string or a list of turns.", at: pointer))
            return []
        }
    }

    static func shape(
        _ message: String, at pointer: JSONPointer, severity: Severity = .error, preferKey: Bool = false
    ) -> Finding {
        Finding(ruleId: shapeRuleId, severity: severity, message: message, pointer: pointer, preferKey: preferKey)
    }
}

extension String {
    /// `trimmingSpaces.isEmpty` without building the trimmed copy: only whitespace, or nothing.
    /// A first byte that is visible ASCII is a first `Character` whose first scalar (what
    /// `isWhitespace` tests) is no white space: the usual prompt is decided there.
    var isBlank: Bool {
        if let first = utf8.first, first > 0x20, first < 0x7F { return false }
        return allSatisfy(\.isWhitespace)
    }

    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
