import Analysis
import JSON
import Rules
import ToolModel

/// User settings, from `initializationOptions`, `workspace/didChangeConfiguration`,
/// `workspace/configuration` (section `toolwright`) and `.toolwright.yaml`. Unknown keys are
/// ignored so newer clients can talk to older servers.
public struct ServerSettings: Sendable, Equatable {
    /// Delay between the last edit and analysis.
    public var debounceMs: Int = 150
    /// `nil`: each document's dialect decides.
    public var targets: Set<Target>?
    public var rules: [String: RuleChoice] = [:]
    /// Lowest message type forwarded to `window/logMessage` (1 error … 4 log).
    public var logLevel: Int = Int(LSPConstant.messageInfo)
    /// `push` (default): diagnostics are always pushed, and pulls are answered too when the
    /// client offers them. `pull`: a client that offers pull diagnostics is served by pull only
    /// (for clients that would otherwise show both, e.g. the VS Code extension).
    public var diagnosticMode: DiagnosticMode = .push
    /// Rule-pack files (absolute, or relative to the first workspace folder).
    public var rulePacks: [String] = []
    /// Run the workspace's out-of-process plugins (only in a trusted workspace).
    public var plugins = false
    /// Workspace roots the user trusts for this session (besides the trust store).
    public var trustedWorkspaces: [String] = []
    /// Settings per plugin id; an entry replaces that plugin's `pluginSettings` in `.toolwright.yaml`.
    public var pluginSettings: [String: JSONValue] = [:]
    /// Start the servers of open MCP config files (only in a trusted workspace).
    public var liveMCP = true
    /// Per MCP server: start-up plus `initialize`, and each later request.
    public var mcpTimeoutSeconds: Double = 60

    public enum DiagnosticMode: String, Sendable, Equatable {
        case push
        case pull
    }

    /// One rule's configuration, as a config file spells it.
    public struct RuleChoice: Sendable, Equatable {
        public var enabled = true
        public var severity: Severity?
        public var options: JSONValue = .object([])
    }

    public init() {}

    /// Applies the keys present in `value` on top of these settings.
    public mutating func merge(_ value: JSONValue?) {
        guard let value, case .object = value else { return }
        if let ms = value["debounceMs"]?.intValue { debounceMs = min(max(ms, 0), 10_000) }
        if let list = value["targets"]?.arrayValue {
            let parsed = Set(list.compactMap { $0.stringValue.flatMap(Target.init(rawValue:)) })
            targets = parsed.isEmpty ? nil : parsed
        } else if let single = value["targets"]?.stringValue, let target = Target(rawValue: single) {
            targets = [target]
        }
        if let members = value["rules"]?.objectMembers {
            for member in members {
                rules[member.key] = Self.ruleChoice(member.value, base: rules[member.key] ?? RuleChoice())
            }
        }
        if let level = value["logLevel"]?.stringValue {
            switch level {
            case "error": logLevel = Int(LSPConstant.messageError)
            case "warning": logLevel = Int(LSPConstant.messageWarning)
            case "info": logLevel = Int(LSPConstant.messageInfo)
            case "debug", "log": logLevel = Int(LSPConstant.messageLog)
            default: break
            }
        }
        if let mode = value["diagnosticMode"]?.stringValue.flatMap(DiagnosticMode.init(rawValue:)) {
            diagnosticMode = mode
        }
        if let packs = value["rulePacks"]?.arrayValue { rulePacks = packs.compactMap(\.stringValue) }
        if let enabled = value["plugins"]?.boolValue { plugins = enabled }
        if let roots = value["trustedWorkspaces"]?.arrayValue { trustedWorkspaces = roots.compactMap(\.stringValue) }
        if let entries = Self.pluginSettings(value["pluginSettings"]) { pluginSettings = entries }
        if let enabled = value["liveMCP"]?.boolValue { liveMCP = enabled }
        if let seconds = value["mcpTimeoutSeconds"]?.numberValue {
            mcpTimeoutSeconds = min(max(seconds, 1), 600)
        }
    }

    /// A `pluginSettings` mapping (editor settings or `.toolwright.yaml`): the entries whose
    /// value is an object; nil when `value` is not a mapping.
    static func pluginSettings(_ value: JSONValue?) -> [String: JSONValue]? {
        guard let members = value?.objectMembers else { return nil }
        var entries: [String: JSONValue] = [:]
        for member in members where member.value.objectMembers != nil { entries[member.key] = member.value }
        return entries
    }

    private static func ruleChoice(_ value: JSONValue, base: RuleChoice) -> RuleChoice {
        var choice = base
        switch value {
        case .string(let s):
            if s == "off" {
                choice.enabled = false
            } else if let severity = Severity(loose: s) {
                choice.enabled = true
                choice.severity = severity
            }
        case .bool(let b):
            choice.enabled = b
        case .object:
            if let s = value["severity"]?.stringValue {
                if s == "off" { choice.enabled = false } else { choice.severity = Severity(loose: s) }
            }
            if let enabled = value["enabled"]?.boolValue { choice.enabled = enabled }
            if let options = value["options"] { choice.options = options }
        default:
            break
        }
        return choice
    }

    public var analysisSettings: AnalysisSettings {
        AnalysisSettings(
            targets: targets,
            rules: rules.mapValues { RuleSetting(severity: $0.severity, enabled: $0.enabled, options: $0.options) })
    }
}
