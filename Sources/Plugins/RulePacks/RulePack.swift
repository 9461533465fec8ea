import Foundation
import JSON
import Rules
import SourceDocument
import ToolModel

/// A declarative rule pack (Spectral-like), loaded from YAML or JSON.
public struct RulePack: Sendable {
    public var id: String
    public var description: String?
    public var uri: String
    public var rules: [PackRule]

    /// Rule id of findings about the pack file itself.
    public static let invalidRuleId = "rule-pack-invalid"

    /// Reads and checks a pack. Findings are located in the pack file (JSON Pointers into it);
    /// a pack with errors still yields its valid rules, so one typo does not silence the rest.
    /// Returns `nil` only when nothing usable could be read.
    public static func load(
        _ document: SourceDocument, tokenCounter: @escaping TokenCounter = PackFunction.estimateTokens
    ) -> (RulePack?, [Finding]) {
        guard !document.tree.hasErrors, let value = document.tree.jsonValue() else {
            let message = document.tree.diagnostics.first?.message ?? "The rule pack is empty"
            return (nil, [problem("Rule pack could not be read: \(message)", at: .root)])
        }
        var findings = RulePackSchema.validator.validate(value).map { problem($0.message, at: $0.pointer) }
        guard let ruleMembers = value["rules"]?.objectMembers else { return (nil, findings) }
        let packId = value["id"]?.stringValue ?? Self.defaultId(for: document.uri)
        var rules: [PackRule] = []
        for member in ruleMembers {
            let base = JSONPointer.root / "rules" / member.key
            switch readRule(id: member.key, member.value, at: base, tokenCounter: tokenCounter) {
            case .success(let rule?):
                // A rule the schema rejected is not run half-understood.
                if !findings.contains(where: { $0.pointer.hasPrefix(base) }) { rules.append(rule) }
            case .success(nil): break
            case .failure(let problems):
                // Schema errors already cover shape problems; add only what the schema cannot see.
                for extra in problems.findings where !findings.contains(where: { $0.pointer == extra.pointer }) {
                    findings.append(extra)
                }
            }
        }
        let pack = RulePack(
            id: packId, description: value["description"]?.stringValue, uri: document.uri, rules: rules)
        return (pack, findings)
    }

    /// Reads a pack file from disk (YAML or JSON by extension and content).
    public static func load(
        path: String, tokenCounter: @escaping TokenCounter = PackFunction.estimateTokens
    ) -> (RulePack?, [Finding]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, [problem("Cannot read rule pack \(path)", at: .root)])
        }
        return load(SourceDocument(uri: "file://" + path, bytes: Array(data)), tokenCounter: tokenCounter)
    }

    /// The rule-pack JSON Schema (the same as `protocol/rule-pack.schema.json`).
    public static var schema: JSONValue { RulePackSchema.validator.schema }

    /// The pack's rules added to an engine (pack rules run after the built-in ones).
    public func install(into engine: inout RuleEngine) {
        engine.toolRules += rules.map { $0 as any ToolRule }
    }

    private static func defaultId(for uri: String) -> String {
        let file = uri.split(separator: "/").last.map(String.init) ?? uri
        return file.split(separator: ".").first.map(String.init) ?? file
    }

    struct Problems: Error { var findings: [Finding] }

    private static func readRule(
        id: String, _ value: JSONValue, at base: JSONPointer, tokenCounter: @escaping TokenCounter
    ) -> Result<PackRule?, Problems> {
        var problems: [Finding] = []
        let severityText = value["severity"]?.stringValue ?? "warning"
        if severityText == "off" { return .success(nil) }
        let severity = Severity(loose: severityText) ?? .warning
        var selectors: [Selector] = []
        let givenValues: [(JSONValue, JSONPointer)] =
            switch value["given"] {
            case .array(let items)?: items.enumerated().map { ($1, base / "given" / $0) }
            case let single?: [(single, base / "given")]
            case nil: []
            }
        for (given, pointer) in givenValues {
            guard let text = given.stringValue else { continue }
            do {
                selectors.append(try Selector(text))
            } catch {
                problems.append(problem("Invalid selector: \(error)", at: pointer))
            }
        }
        let thenValues: [(JSONValue, JSONPointer)] =
            switch value["then"] {
            case .array(let items)?: items.enumerated().map { ($1, base / "then" / $0) }
            case let single?: [(single, base / "then")]
            case nil: []
            }
        var checks: [PackCheck] = []
        for (then, pointer) in thenValues {
            guard let name = then["function"]?.stringValue else { continue }
            switch PackFunction.parse(name: name, options: then["functionOptions"]) {
            case .success(let function):
                checks.append(PackCheck(field: then["field"]?.stringValue, function: function))
            case .failure(let error):
                let at =
                    error.isFunctionName
                    ? pointer / "function"
                    : error.key.map { pointer / "functionOptions" / $0 } ?? pointer / "functionOptions"
                problems.append(problem("\(name): \(error.message)", at: at))
            }
        }
        guard problems.isEmpty else { return .failure(Problems(findings: problems)) }
        guard !selectors.isEmpty, !checks.isEmpty, selectors.count == givenValues.count,
            checks.count == thenValues.count
        else { return .success(nil) }
        let description = value["description"]?.stringValue ?? value["message"]?.stringValue ?? id
        let category =
            value["category"]?.stringValue.flatMap(RuleCategory.init(rawValue:))
            ?? inferCategory(selectors)
        let metadata = RuleMetadata(
            id: id, category: category, defaultSeverity: severity, summary: description,
            explanation: description)
        return .success(
            PackRule(
                metadata: metadata, given: selectors, checks: checks, message: value["message"]?.stringValue,
                tokenCounter: tokenCounter))
    }

    private static func inferCategory(_ selectors: [Selector]) -> RuleCategory {
        let text = selectors.map(\.description).joined()
        if text.contains("properties") { return .parameters }
        if text.contains("Schema") { return .schema }
        if text.contains("description") { return .description }
        if text.contains("name") { return .naming }
        return .schema
    }

    static func problem(_ message: String, at pointer: JSONPointer) -> Finding {
        Finding(ruleId: invalidRuleId, severity: .error, message: message, pointer: pointer)
    }
}
