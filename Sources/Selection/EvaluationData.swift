import Foundation
import JSON
import ToolModel

/// One labelled selection case: a prompt, its candidate tools, and the tools that should win.
public struct EvaluationItem: Sendable {
    public var id: String
    public var prompt: String
    public var context: [String]
    public var toolSet: ToolSet
    /// Expected tool names; empty when the data set gives none (irrelevance items).
    public var gold: Set<String>

    public init(id: String, prompt: String, context: [String] = [], toolSet: ToolSet, gold: Set<String>) {
        self.id = id
        self.prompt = prompt
        self.context = context
        self.toolSet = toolSet
        self.gold = gold
    }
}

public struct EvaluationDataError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Readers for the benchmark formats (BFCL JSON Lines, Seal-Tools fine-tuning JSON).
public enum EvaluationData {
    /// BFCL question records `{id, question: [[{role, content}]], function: [...]}` and, when
    /// given, answer records `{id, ground_truth: [{tool: {...}}]}`. The last user message is the
    /// prompt; earlier user messages are context.
    public static func bfclItems(questions: [JSONValue], answers: [JSONValue]?) -> [EvaluationItem] {
        var gold: [String: Set<String>] = [:]
        for answer in answers ?? [] {
            guard let id = answer["id"]?.stringValue else { continue }
            var names: Set<String> = []
            for call in answer["ground_truth"]?.arrayValue ?? [] {
                for member in call.objectMembers ?? [] { names.insert(member.key) }
            }
            gold[id] = names
        }
        var items: [EvaluationItem] = []
        for (index, record) in questions.enumerated() {
            let id = record["id"]?.stringValue ?? "item-\(index)"
            var userTurns: [String] = []
            for turn in record["question"]?.arrayValue ?? [] {
                for message in turn.arrayValue ?? [turn] where message["role"]?.stringValue == "user" {
                    if let content = message["content"]?.stringValue { userTurns.append(content) }
                }
            }
            let prompt = userTurns.last ?? ""
            let toolSet = DialectDetector.toolSet(from: record, uri: "bfcl:\(id)")
            items.append(
                EvaluationItem(
                    id: id, prompt: prompt, context: Array(userTurns.dropLast()), toolSet: toolSet,
                    gold: gold[id] ?? []))
        }
        return items
    }

    /// Seal-Tools `dev.json`/`test*.json` records: the candidate tools are the Python literal
    /// after `api_list = ` in the human turn, the prompt is `task_instruction`, the expected
    /// tools are the `api` fields of the answer turn.
    public static func sealItems(records: JSONValue) throws -> [EvaluationItem] {
        guard let array = records.arrayValue else { throw EvaluationDataError(description: "expected a JSON array") }
        var items: [EvaluationItem] = []
        for (index, record) in array.enumerated() {
            let id = record["id"]?.stringValue ?? "item-\(index)"
            let turns = record["conversations"]?.arrayValue ?? []
            guard let human = turns.first?["value"]?.stringValue else {
                throw EvaluationDataError(description: "\(id): no human turn")
            }
            let bytes = Array(human.utf8)
            guard let listStart = find(Array("api_list = ".utf8), in: bytes, from: 0) else {
                throw EvaluationDataError(description: "\(id): no api_list")
            }
            let (apis, afterList) = try PythonLiteral.parsePrefix(bytes, from: listStart)
            let marker = Array("task_instruction = \"".utf8)
            guard let promptStart = find(marker, in: bytes, from: afterList),
                let promptEnd = findLast(Array("\"\nOutput:".utf8), in: bytes), promptEnd >= promptStart
            else { throw EvaluationDataError(description: "\(id): no task_instruction") }
            let prompt = String(decoding: bytes[promptStart..<promptEnd], as: UTF8.self)
            var gold: Set<String> = []
            if turns.count > 1, let answer = turns[1]["value"]?.stringValue,
                let calls = try? PythonLiteral.parse(answer).arrayValue
            {
                for call in calls { if let name = call["api"]?.stringValue { gold.insert(name) } }
            }
            let tools: [JSONValue] = (apis.arrayValue ?? []).map { api in
                var schema: [JSONMember] = [JSONMember("type", "object")]
                schema.append(JSONMember("properties", api["parameters"] ?? .object([])))
                if let required = api["required"] { schema.append(JSONMember("required", required)) }
                return .object([
                    JSONMember("type", "function"),
                    JSONMember(
                        "function",
                        .object([
                            JSONMember("name", api["api_name"] ?? ""),
                            JSONMember("description", api["api_description"] ?? ""),
                            JSONMember("parameters", .object(schema)),
                        ])),
                ])
            }
            let toolSet = DialectDetector.toolSet(from: .array(tools), uri: "seal:\(id)")
            items.append(EvaluationItem(id: id, prompt: prompt, toolSet: toolSet, gold: gold))
        }
        return items
    }

    /// The tool each item's model output called: `"[name(args)]"` strings or
    /// `[{name: "args"}]` lists. Items without a call map to `nil`.
    public static func modelPicks(_ results: [JSONValue]) -> [String: String?] {
        var picks: [String: String?] = [:]
        for line in results {
            guard let id = line["id"]?.stringValue else { continue }
            var pick: String?
            switch line["result"] {
            case .string(let text)?:
                var s = Substring(text)
                while let c = s.first, c == "[" || c.isWhitespace { s.removeFirst() }
                if let paren = s.firstIndex(of: "(") {
                    let name = s[..<paren].trimmingCharacters(in: .whitespaces)
                    if !name.isEmpty { pick = name }
                }
            case .array(let calls)?:
                pick = calls.first?.objectMembers?.first?.key
            default:
                break
            }
            picks[id] = pick
        }
        return picks
    }

    /// Reads a JSON Lines file (BFCL ships them under `.json` names).
    public static func readJSONLines(path: String) throws -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvaluationDataError(description: "cannot read \(path)")
        }
        var values: [JSONValue] = []
        for line in data.split(separator: 0x0A) where line.contains(where: { $0 > 0x20 }) {
            values.append(try Jansson.decode(Array(line)))
        }
        return values
    }

    public static func readJSON(path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvaluationDataError(description: "cannot read \(path)")
        }
        return try Jansson.decode(Array(data))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
                return i + needle.count
            }
            i += 1
        }
        return nil
    }

    /// Start of the last occurrence.
    private static func findLast(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        var i = haystack.count - needle.count
        while i >= 0 {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }
}
