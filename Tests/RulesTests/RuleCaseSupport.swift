import JSON
import Rules
import Testing
import ToolModel

/// One fixture for one rule: the document, the targets, and what must (or must not) be found.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var json: String
    var targets: Set<Target>? = nil
    var options: JSONValue = .object([])
    /// `nil`: the rule must find nothing.
    var severity: Severity?
    var pointer: String = ""
    var note: String = ""

    var testDescription: String { "\(rule) \(severity.map(\.rawValue) ?? "none") \(note)" }

    static func hit(
        _ rule: String, _ json: String, _ severity: Severity, at pointer: String, targets: Set<Target>? = nil,
        options: JSONValue = .object([]), _ note: String = ""
    ) -> RuleCase {
        RuleCase(
            rule: rule, json: json, targets: targets, options: options, severity: severity, pointer: pointer, note: note
        )
    }

    static func clean(
        _ rule: String, _ json: String, targets: Set<Target>? = nil, options: JSONValue = .object([]),
        _ note: String = ""
    ) -> RuleCase {
        RuleCase(rule: rule, json: json, targets: targets, options: options, severity: nil, note: note)
    }

    /// Checks the case: with a severity, exactly one finding of the rule, at the pointer.
    func verify() throws {
        let found = try findings(rule, in: json, targets: targets, options: options)
        guard let severity else {
            #expect(found.isEmpty, "\(rule) should find nothing (\(note)): \(found.map(\.message))")
            return
        }
        #expect(found.count == 1, "\(rule) (\(note)): \(found.map { "\($0.pointer) \($0.message)" })")
        let first = try #require(found.first)
        #expect(first.ruleId == rule)
        #expect(first.severity == severity, "\(rule) (\(note)): \(first.message)")
        #expect(first.pointer == JSONPointer(pointer)!, "\(rule) (\(note)): \(first.pointer)")
        #expect(!first.message.isEmpty)
    }
}

/// An MCP `tools/list` result with several tools (each a JSON object text).
func mcpTools(_ tools: String...) -> String { #"{"tools":["# + tools.joined(separator: ",") + "]}" }

/// An OpenAI Chat Completions tool list with one function.
func openAITool(_ function: String) -> String { #"[{"type":"function","function":"# + function + "}]" }

/// Applies a fix's operations to a JSON value, as a structural stand-in for the text edits the
/// syntax layer makes.
func applying(_ fix: Fix, to value: JSONValue) -> JSONValue {
    fix.operations.reduce(value) { applying($1, to: $0) }
}

func applying(_ operation: FixOperation, to value: JSONValue) -> JSONValue {
    switch operation {
    case .replace(let pointer, let new):
        return update(value, at: pointer.tokens[...]) { _ in new }
    case .addMember(let object, let key, let new):
        return update(value, at: object.tokens[...]) { target in
            guard case .object(var members) = target else { return target }
            members.append(JSONMember(key, new))
            return .object(members)
        }
    case .remove(let pointer):
        guard let last = pointer.tokens.last else { return value }
        return update(value, at: pointer.tokens.dropLast()[...]) { parent in
            switch parent {
            case .object(let members): return .object(members.filter { $0.key != last })
            case .array(var items):
                if let index = Int(last), items.indices.contains(index) { items.remove(at: index) }
                return .array(items)
            default: return parent
            }
        }
    case .renameKey(let pointer, let key):
        guard let last = pointer.tokens.last else { return value }
        return update(value, at: pointer.tokens.dropLast()[...]) { parent in
            guard case .object(let members) = parent else { return parent }
            return .object(members.map { $0.key == last ? JSONMember(key, $0.value) : $0 })
        }
    case .appendElement(let array, let new):
        return update(value, at: array.tokens[...]) { target in
            guard case .array(let items) = target else { return target }
            return .array(items + [new])
        }
    }
}

private func update(_ value: JSONValue, at tokens: ArraySlice<String>, _ change: (JSONValue) -> JSONValue) -> JSONValue
{
    guard let token = tokens.first else { return change(value) }
    switch value {
    case .object(let members):
        return .object(
            members.map { $0.key == token ? JSONMember($0.key, update($0.value, at: tokens.dropFirst(), change)) : $0 })
    case .array(var items):
        if let index = Int(token), items.indices.contains(index) {
            items[index] = update(items[index], at: tokens.dropFirst(), change)
        }
        return .array(items)
    default:
        return value
    }
}

/// Applies the first fix of the rule's first finding and runs the rule again: the finding at
/// that pointer must be gone, and the document must still read as the same tool list.
func expectFixRemovesFinding(
    _ rule: String, in json: String, targets: Set<Target>? = nil, fixIndex: Int = 0
) throws {
    let before = try findings(rule, in: json, targets: targets)
    let finding = try #require(before.first, "\(rule): nothing to fix")
    let fix = try #require(finding.fixes.dropFirst(fixIndex).first, "\(rule): no fix")
    let fixed = applying(fix, to: try Jansson.decode(json))
    let text = fixed.serialized()
    let reread = try toolSet(text)
    #expect(reread.tools.count == (try toolSet(json)).tools.count)
    #expect(reread.findings.isEmpty, "\(rule): the fixed file reads with \(reread.findings.map(\.message))")
    let after = try findings(rule, in: text, targets: targets)
    #expect(
        !after.contains { $0.pointer == finding.pointer && $0.message == finding.message },
        "\(rule): fix \"\(fix.title)\" left \(after.map(\.message))")
}
