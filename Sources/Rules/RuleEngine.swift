import JSON
import ToolModel

/// How the user configured one rule.
public struct RuleSetting: Sendable {
    /// `nil` keeps the rule's default severity.
    public var severity: Severity?
    public var enabled: Bool
    public var options: JSONValue

    public init(severity: Severity? = nil, enabled: Bool = true, options: JSONValue = .object([])) {
        self.severity = severity
        self.enabled = enabled
        self.options = options
    }
}

/// Runs the rule catalogue over tool sets. Adding a rule means adding it to a catalogue
/// list; the engine never changes.
public struct RuleEngine: Sendable {
    public var toolRules: [any ToolRule]
    public var setRules: [any SetRule]

    public init(toolRules: [any ToolRule] = BuiltinRules.toolRules, setRules: [any SetRule] = BuiltinRules.setRules) {
        self.toolRules = toolRules
        self.setRules = setRules
    }

    public var allMetadata: [RuleMetadata] {
        (toolRules.map(\.metadata) + setRules.map(\.metadata)).sorted { $0.id < $1.id }
    }

    public func metadata(for id: String) -> RuleMetadata? {
        allMetadata.first { $0.id == id }
    }

    /// Findings for one document's tools. `workspace` holds the other documents' tool sets,
    /// for set-level rules; only findings located in `set` are returned.
    public func run(
        on set: ToolSet, workspace: [ToolSet] = [], targets: Set<Target>, settings: [String: RuleSetting] = [:]
    ) -> [Finding] {
        var findings: [Finding] = []
        SchemaWalker.$sharedWalks.withValue(SharedSchemaWalks()) {
            runToolRules(on: set, targets: targets, settings: settings, into: &findings)
        }
        let others = workspace.filter { $0.uri != set.uri }
        for rule in setRules {
            let meta = rule.metadata
            let setting = settings[meta.id] ?? RuleSetting()
            guard setting.enabled, meta.applies(to: targets) else { continue }
            let context = RuleContext(targets: targets, options: setting.options)
            append(rule.check(set, workspace: others, context: context), with: setting, to: &findings)
        }
        return findings
    }

    private func runToolRules(
        on set: ToolSet, targets: Set<Target>, settings: [String: RuleSetting], into findings: inout [Finding]
    ) {
        for rule in toolRules {
            let meta = rule.metadata
            let setting = settings[meta.id] ?? RuleSetting()
            guard setting.enabled, meta.applies(to: targets) else { continue }
            let context = RuleContext(targets: targets, options: setting.options)
            // By index: `for tool in set.tools` copies every ToolDefinition (dozens of
            // references) once per rule.
            for index in set.tools.indices {
                append(rule.check(set.tools[index], in: set, context: context), with: setting, to: &findings)
            }
        }
    }

    private func append(_ found: [Finding], with setting: RuleSetting, to findings: inout [Finding]) {
        guard !found.isEmpty else { return }
        if setting.severity == nil {
            findings += found
        } else {
            findings += found.map { apply(setting, to: $0) }
        }
    }

    private func apply(_ setting: RuleSetting, to finding: Finding) -> Finding {
        var finding = finding
        if let severity = setting.severity { finding.severity = severity }
        return finding
    }
}
