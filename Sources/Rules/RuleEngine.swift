import JSON
import ToolModel

/// How the user configured one rule.
public struct RuleSetting: Sendable, Equatable {
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

    /// When bound, told each rule's id (or a phase's name in brackets) and the time one run
    /// of it took: `toolwright check --timing` adds them up per rule.
    @TaskLocal public static var timing: RuleTimingObserver?

    /// Runs `body`, reporting its time under `name` when `timing` is bound.
    @inline(__always)
    public static func timed<T>(_ name: @autoclosure () -> String, _ timing: RuleTimingObserver?, _ body: () -> T) -> T
    {
        guard let timing else { return body() }
        let clock = ContinuousClock()
        let start = clock.now
        let result = body()
        timing.record(name(), clock.now - start)
        return result
    }

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
        let active = activeToolRules(targets: targets, settings: settings)
        let perTool = set.tools.indices.map { toolRuleFindings(for: $0, in: set, rules: active) }
        return merge(perTool) + setRuleFindings(on: set, workspace: workspace, targets: targets, settings: settings)
    }

    /// The tool rules that run under these targets and settings, with their contexts: worked
    /// out once per analysis rather than once per tool.
    public func activeToolRules(targets: Set<Target>, settings: [String: RuleSetting]) -> ActiveToolRules {
        var rules: [ActiveToolRules.Entry] = []
        for (position, rule) in toolRules.enumerated() {
            let meta = rule.metadata
            let setting = settings[meta.id] ?? RuleSetting()
            guard setting.enabled, meta.applies(to: targets) else { continue }
            rules.append(
                ActiveToolRules.Entry(
                    position: position, rule: rule, severity: setting.severity,
                    context: RuleContext(targets: targets, options: setting.options)))
        }
        return ActiveToolRules(entries: rules, count: toolRules.count)
    }

    /// Every active tool rule on one tool, with the configured severities applied. A tool
    /// rule's findings depend only on its tool, the set's URI and dialect, and the context
    /// (see `ToolRule`), which is what lets a caller keep them for a tool that did not change.
    public func toolRuleFindings(for index: Int, in set: ToolSet, rules: ActiveToolRules) -> ToolRuleFindings {
        var groups: [ToolRuleFindings.Group] = []
        let timing = Self.timing
        // One tool's schemas are walked by several rules; the walks after the first reuse it.
        SchemaWalker.$sharedWalks.withValue(SharedSchemaWalks()) {
            for entry in rules.entries {
                // By index: `for tool in set.tools` would copy the ToolDefinition (dozens of
                // references) once per rule.
                var found = Self.timed(entry.rule.metadata.id, timing) {
                    entry.rule.check(set.tools[index], in: set, context: entry.context)
                }
                guard !found.isEmpty else { continue }
                if let severity = entry.severity {
                    for position in found.indices { found[position].severity = severity }
                }
                groups.append(ToolRuleFindings.Group(rule: entry.position, findings: found))
            }
        }
        return ToolRuleFindings(groups: groups)
    }

    /// Per-tool results (in tool order) back in the order `run` reports them: rule by rule,
    /// and within a rule tool by tool.
    public func merge(_ perTool: [ToolRuleFindings]) -> [Finding] {
        var byRule = [[Finding]](repeating: [], count: toolRules.count)
        for result in perTool {
            for group in result.groups { byRule[group.rule] += group.findings }
        }
        return Array(byRule.joined())
    }

    /// The set-level rules over `set` and the other documents' tools. The three near-duplicate
    /// rules share one similarity index.
    public func setRuleFindings(
        on set: ToolSet, workspace: [ToolSet], targets: Set<Target>, settings: [String: RuleSetting]
    ) -> [Finding] {
        var summaries: [ToolSummary] = []
        var state = SetRuleState()
        return setRuleFindings(
            on: set, workspace: workspace, targets: targets, settings: settings, summaries: &summaries, state: &state)
    }

    /// The same, with per-tool values (one `ToolSummary` per tool of `set`, in order) that
    /// the rules use instead of deriving them again; on return they hold every value derived.
    /// The caller must pass a tool's summary only if the tool is unchanged since it was made.
    /// `state` is what the previous run over the document left (any state gives the same
    /// findings); on return it is this run's.
    public func setRuleFindings(
        on set: ToolSet, workspace: [ToolSet], targets: Set<Target>, settings: [String: RuleSetting],
        summaries: inout [ToolSummary], state: inout SetRuleState
    ) -> [Finding] {
        var findings: [Finding] = []
        let others = workspace.filter { $0.uri != set.uri }
        let bound = SetRuleSummaries(set, summaries: summaries)
        let timing = Self.timing
        func active(_ id: String) -> Bool {
            guard let rule = setRules.first(where: { $0.metadata.id == id }) else { return false }
            return (settings[id] ?? RuleSetting()).enabled && rule.metadata.applies(to: targets)
        }
        Self.timed("(set rule summaries)", timing) {
            bound.prepare(
                set, tokens: active("set-token-budget"),
                terms: ["set-near-duplicate", "desc-missing-disambiguation", "set-shadowing-cost"].contains(
                    where: active),
                identifiers: active("desc-unknown-reference"))
        }
        let shared = SharedNearDuplicates(set, others, previous: state.similarity)
        NearDuplicates.$shared.withValue(shared) {
            SetRuleSummaries.$current.withValue(bound) {
                for rule in setRules {
                    let meta = rule.metadata
                    let setting = settings[meta.id] ?? RuleSetting()
                    guard setting.enabled, meta.applies(to: targets) else { continue }
                    let context = RuleContext(targets: targets, options: setting.options)
                    let found = Self.timed(meta.id, timing) { rule.check(set, workspace: others, context: context) }
                    append(found, with: setting, to: &findings)
                }
            }
        }
        summaries = bound.summaries
        if let index = shared.index { state.similarity = index.vectors }
        return findings
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

/// The tool rules in force for one analysis (see `RuleEngine.activeToolRules`).
public struct ActiveToolRules: Sendable {
    struct Entry: Sendable {
        /// Position in the engine's `toolRules`.
        var position: Int
        var rule: any ToolRule
        var severity: Severity?
        var context: RuleContext
    }

    var entries: [Entry]
    /// How many tool rules the engine has (active or not).
    var count: Int
}

/// The tool rules' findings for one tool, grouped by rule.
public struct ToolRuleFindings: Sendable {
    struct Group: Sendable {
        var rule: Int
        var findings: [Finding]
    }

    var groups: [Group]

    /// All of them, in rule order.
    public var findings: [Finding] { groups.flatMap(\.findings) }
}

/// Receives rule run times (see `RuleEngine.timing`). A class: a task-local of closure type
/// crashes the runtime when bound outside a task.
public final class RuleTimingObserver: Sendable {
    public let record: @Sendable (String, Duration) -> Void

    public init(_ record: @escaping @Sendable (String, Duration) -> Void) { self.record = record }
}
