import JSON
import ToolModel

/// `name-target-pattern`: the name must match the grammar of every target in force.
public struct NameTargetPatternRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "name-target-pattern", category: .naming, defaultSeverity: .error,
        summary: "Tool name must match each target provider's name pattern.",
        explanation: """
            Every provider restricts tool names: OpenAI ^[a-zA-Z0-9_-]{1,64}$, Anthropic \
            ^[a-zA-Z0-9_-]{1,128}$, Gemini ^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$, MCP ^[A-Za-z0-9_.-]{1,128}$ \
            (a SHOULD, hence a warning). An API rejects the whole request when one name is invalid, so \
            every other tool in it is lost too.
            """,
        targets: [.openai, .openaiStrict, .anthropic, .gemini, .mcp, .portable], fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let name = tool.name else { return [] }
        var findings: [Finding] = []
        for pattern in NamePattern.patterns(for: context.targets) {
            if !pattern.matches(name.value) {
                findings.append(violation(of: pattern, name: name))
            } else if pattern.targetName == "Anthropic", name.value.unicodeScalars.count > 64 {
                findings.append(
                    Finding(
                        ruleId: metadata.id, severity: .warning,
                        message: "Tool name is \(name.value.unicodeScalars.count) characters long: Anthropic "
                            + "accepts up to 128, but older and third-party Claude platforms allow only 64 "
                            + "(^[a-zA-Z0-9_-]{1,64}$).",
                        pointer: name.pointer))
            } else if pattern.targetName == "Gemini", name.value.contains(where: { $0 == "." || $0 == "-" }) {
                findings.append(
                    Finding(
                        ruleId: metadata.id, severity: .info,
                        message: "Gemini accepts `.` and `-` in names but advises against them "
                            + "(\"without spaces, periods, or dashes\").",
                        pointer: name.pointer))
            }
        }
        return findings
    }

    private func violation(of pattern: NamePattern, name: Located<String>) -> Finding {
        let reason: String
        let length = name.value.unicodeScalars.count
        if name.value.isEmpty {
            reason = "is empty"
        } else if let bad = name.value.unicodeScalars.first(where: { !pattern.allowed($0) }) {
            reason = "contains \(Self.describe(bad))"
        } else if length > pattern.maxLength {
            reason = "is \(length) characters long (at most \(pattern.maxLength))"
        } else {
            reason = "starts with `\(name.value.unicodeScalars.first.map(String.init) ?? "")`"
        }
        let replacement = pattern.sanitized(name.value)
        return Finding(
            ruleId: metadata.id, severity: pattern.severity,
            message:
                "Tool name `\(name.value.quotedExcerpt())` \(reason): \(pattern.targetName) requires \(pattern.regex).",
            pointer: name.pointer,
            fixes: [
                Fix(title: "Rename to `\(replacement)`", operations: [.replace(name.pointer, .string(replacement))])
            ])
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + String(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4))
        switch scalar {
        case " ": return "a space"
        case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): return "a control character (\(code))"
        case _ where scalar.isASCII: return "`\(Character(scalar))`"
        default: return "`\(Character(scalar))` (\(code))"
        }
    }
}

/// `name-duplicate`: two tools of one list share a name (exactly, or up to case).
public struct NameDuplicateRule: SetRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "name-duplicate", category: .naming, defaultSeverity: .error,
        summary: "Tool names must be unique within a tool list.",
        explanation: """
            Two tools with the same name make dispatch ambiguous; providers reject the request or \
            call the wrong one. MCP tool names SHOULD be unique within a server and are \
            case-sensitive, so names that differ only in case are a warning.
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        var exact: [JSONPointer: [String: Located<String>]] = [:]
        var folded: [JSONPointer: [String: Located<String>]] = [:]
        var findings: [Finding] = []
        for tool in set.tools {
            guard let name = tool.name else { continue }
            let key = name.value.lowercased()
            if let first = exact[tool.group]?[name.value] {
                findings.append(
                    finding(
                        "Duplicate tool name `\(name.value.quotedExcerpt())`; it is already defined earlier in this list.",
                        at: name.pointer,
                        related: [RelatedLocation(pointer: first.pointer, message: "first definition")]))
            } else if let first = folded[tool.group]?[key] {
                findings.append(
                    Finding(
                        ruleId: metadata.id, severity: .warning,
                        message: "Tool name `\(name.value.quotedExcerpt())` differs only in case from "
                            + "`\(first.value.quotedExcerpt())`; clients that fold case will confuse them.",
                        pointer: name.pointer,
                        related: [RelatedLocation(pointer: first.pointer, message: "`\(first.value)` defined here")]))
            }
            if exact[tool.group]?[name.value] == nil { exact[tool.group, default: [:]][name.value] = name }
            if folded[tool.group]?[key] == nil { folded[tool.group, default: [:]][key] = name }
        }
        return findings
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
