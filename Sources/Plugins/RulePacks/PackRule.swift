import JSON
import Rules
import ToolModel

/// One `then` clause: which field of the matched value, and which function judges it.
public struct PackCheck: Sendable {
    /// `nil`: the matched value itself; `@key`: its key; otherwise a dotted path below it.
    public var field: String?
    public var function: PackFunction
}

/// A rule read from a rule pack, runnable by `RuleEngine` like a built-in rule.
public struct PackRule: ToolRule {
    public let metadata: RuleMetadata
    public let given: [Selector]
    public let checks: [PackCheck]
    /// Message template: `{{error}}`, `{{value}}`, `{{property}}`, `{{path}}`, `{{tool}}`.
    public let message: String
    let tokenCounter: TokenCounter

    public init(
        metadata: RuleMetadata, given: [Selector], checks: [PackCheck], message: String?,
        tokenCounter: @escaping TokenCounter = PackFunction.estimateTokens
    ) {
        self.metadata = metadata
        self.given = given
        self.checks = checks
        self.message = message ?? "{{property}} {{error}}"
        self.tokenCounter = tokenCounter
    }

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        let model = NormalisedModel(tools: [tool])
        var findings: [Finding] = []
        for selector in given {
            for match in selector.select(in: model.value) {
                for check in checks {
                    findings += evaluate(check, on: match, model: model, tool: tool)
                }
            }
        }
        return findings
    }

    private func evaluate(_ check: PackCheck, on match: Selector.Match, model: NormalisedModel, tool: ToolDefinition)
        -> [Finding]
    {
        var path = match.path
        var value: JSONValue? = match.value
        var isKey = false
        if let field = check.field {
            if field == "@key" {
                isKey = true
                value = match.path.lastToken.map { .string($0) }
            } else {
                for part in field.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
                    path = path / part
                    value = value?[part]
                }
            }
        }
        let problems = check.function.evaluate(value, tokenCounter: tokenCounter)
        guard !problems.isEmpty else { return [] }
        let (pointer, exact) = model.documentPointer(for: path)
        // A missing field is reported at its owner, which does exist in the document.
        let located = exact && value != nil ? pointer : model.documentPointer(for: match.path).pointer
        return problems.map { problem in
            finding(
                render(problem: problem, value: value, path: path, tool: tool), at: located,
                preferKey: isKey)
        }
    }

    private func render(problem: String, value: JSONValue?, path: JSONPointer, tool: ToolDefinition) -> String {
        let property = path.tokens.last(where: { JSONPointer.arrayIndex($0) == nil }) ?? "value"
        let shown: String =
            switch value {
            case .string(let s)?: s.count > 60 ? String(s.prefix(60)) + "…" : s
            case let other?: other.serialized()
            case nil: "undefined"
            }
        return message.replacingAll("{{error}}", with: problem)
            .replacingAll("{{value}}", with: shown)
            .replacingAll("{{property}}", with: property)
            .replacingAll("{{path}}", with: path.description)
            .replacingAll("{{tool}}", with: tool.displayName)
    }
}

extension String {
    /// Foundation-free literal replacement (templates are short).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
