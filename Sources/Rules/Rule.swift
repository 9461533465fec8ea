import JSON
import ToolModel

/// Provider profiles a tool set can be judged against. Providers contradict each other
/// (OpenAI strict requires `additionalProperties:false`, Gemini `parameters` rejects it), so a
/// rule's severity and thresholds depend on the targets in force.
public enum Target: String, Sendable, Hashable, CaseIterable, Codable {
    case openai
    case openaiStrict = "openai-strict"
    case anthropic
    case gemini
    case mcp
    case claudeCode = "claude-code"
    case portable

    /// Sensible targets when the user names none: the dialect's own provider.
    public static func defaults(for dialect: Dialect?) -> Set<Target> {
        switch dialect {
        case .mcp: [.mcp]
        case .openaiChat, .openaiResponses: [.openai]
        case .anthropic: [.anthropic]
        case .gemini: [.gemini]
        case .bfcl: [.openai]
        case nil: [.portable]
        }
    }
}

public enum RuleCategory: String, Sendable, Codable, CaseIterable {
    case naming, description, parameters, schema, output, security, set
}

/// ESLint-style rule metadata: what a rule is, where its docs live, whether it can fix.
public struct RuleMetadata: Sendable {
    public var id: String
    public var category: RuleCategory
    public var defaultSeverity: Severity
    /// One line for `toolwright rules` and hovers.
    public var summary: String
    /// Longer explanation for hovers on a diagnostic.
    public var explanation: String
    /// Targets the rule applies to; empty means every target.
    public var targets: Set<Target>
    public var fixable: Bool

    public init(
        id: String, category: RuleCategory, defaultSeverity: Severity, summary: String, explanation: String,
        targets: Set<Target> = [], fixable: Bool = false
    ) {
        self.id = id
        self.category = category
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.explanation = explanation
        self.targets = targets
        self.fixable = fixable
    }

    public static let docsBase = "https://github.com/toolwright/toolwright/blob/main/docs/rules/"

    /// The rule's doc page (`docs/rules/<id>.md` in the repository).
    public var docsURL: String { RuleMetadata.docsBase + id + ".md" }

    public func applies(to targets: Set<Target>) -> Bool {
        self.targets.isEmpty || !self.targets.isDisjoint(with: targets)
    }
}

/// What a rule sees: the tools, the targets, and its options. Never text positions.
public struct RuleContext: Sendable {
    public var targets: Set<Target>
    /// Per-rule options from config (thresholds); rules fall back to their defaults.
    public var options: JSONValue

    public init(targets: Set<Target>, options: JSONValue = .object([])) {
        self.targets = targets
        self.options = options
    }

    public func option(_ key: String) -> JSONValue? { options[key] }

    public func intOption(_ key: String, default value: Int) -> Int {
        options[key]?.numberValue.map { Int($0) } ?? value
    }
}

/// What tool rules and set rules have in common: their metadata, from which both build findings.
public protocol RuleDescribed: Sendable {
    var metadata: RuleMetadata { get }
}

/// A rule that judges one tool at a time. Its findings must depend only on `tool`, the set's
/// `uri` and `dialect`, and `context` (not on the set's other tools): the language server keeps
/// them for tools that did not change between edits. Rules that compare tools are `SetRule`s.
public protocol ToolRule: RuleDescribed {
    func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding]
}

/// A rule that judges tools together: those of `set` against each other and against the
/// other documents of the workspace. It returns only findings located in `set`; the other side
/// of a pair goes in `related` (with its URI when it is in another document).
public protocol SetRule: RuleDescribed {
    func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding]
}

extension RuleDescribed {
    /// A finding for this rule at its default severity; the engine applies config overrides.
    public func finding(
        _ message: String, at pointer: JSONPointer, preferKey: Bool = false, related: [RelatedLocation] = [],
        fixes: [Fix] = []
    ) -> Finding {
        Finding(
            ruleId: metadata.id, severity: metadata.defaultSeverity, message: message, pointer: pointer,
            preferKey: preferKey, related: related, fixes: fixes)
    }
}
