import JSON
import Rules
import SourceDocument
import ToolModel

/// A `.toolwright.yaml` (or the same settings sent by an editor), read and checked.
///
///     targets: [openai, anthropic]
///     rules:
///       desc-too-short: off
///       param-count-high: warn
///       set-token-budget: { severity: info, options: { maxTokens: 20000 } }
///     ignore:
///       paths: ["fixtures/**"]
///       tools: ["legacy_*"]
///     plugins: []
///     pluginSettings:
///       swift-example: { maxNameLength: 48 }
public struct Configuration: Sendable {
    /// Where the settings came from (the config file's URI, or a label for editor settings).
    public var uri: String
    /// `nil`: each document's dialect decides.
    public var targets: Set<Target>?
    public var rules: [String: RuleSetting]
    /// Globs of document paths, relative to the config file's directory, not to analyse.
    public var ignoredPaths: [String]
    /// Globs of tool names whose findings are dropped.
    public var ignoredTools: [String]
    /// Plugin folders or manifests to load (see `ExtensionInventory`).
    public var plugins: [String]
    /// Settings per plugin id, sent to that plugin in `initialize`, each request and
    /// `workspace/didChangeConfiguration` (its manifest's `settingsSchema` says what it takes).
    public var pluginSettings: [String: JSONValue] = [:]
    /// Problems in the configuration itself, located in it by JSON Pointer.
    public var findings: [Finding]

    public init(
        uri: String, targets: Set<Target>? = nil, rules: [String: RuleSetting] = [:], ignoredPaths: [String] = [],
        ignoredTools: [String] = [], plugins: [String] = [], findings: [Finding] = []
    ) {
        self.uri = uri
        self.targets = targets
        self.rules = rules
        self.ignoredPaths = ignoredPaths
        self.ignoredTools = ignoredTools
        self.plugins = plugins
        self.findings = findings
    }

    /// The analyzer's view of the configuration.
    public var settings: AnalysisSettings { AnalysisSettings(targets: targets, rules: rules) }

    /// Finding id for problems in the configuration file.
    public static let findingId = "config-invalid"
    public static let fileNames = [".toolwright.yaml", ".toolwright.yml"]
}

extension Configuration {
    /// Reads a parsed configuration document. Syntax errors, unknown keys and bad values become
    /// `config-invalid` findings located in the document; what can be read is still used.
    public static func read(_ document: SourceDocument, knownRules: Set<String>) -> Configuration {
        var findings = document.tree.diagnostics.map { diagnostic in
            Finding(
                ruleId: findingId, severity: .error, message: diagnostic.message,
                pointer: document.tree.pointer(at: diagnostic.range.lowerBound), byteRange: diagnostic.range)
        }
        var configuration = read(document.tree.jsonValue() ?? .object([]), uri: document.uri, knownRules: knownRules)
        findings += configuration.findings
        configuration.findings = findings
        return configuration
    }

    /// Reads settings given as a JSON value (the file's content, or editor settings).
    public static func read(_ value: JSONValue, uri: String, knownRules: Set<String>) -> Configuration {
        var reader = ConfigurationReader(knownRules: knownRules)
        var configuration = Configuration(uri: uri)
        reader.read(value, into: &configuration)
        configuration.findings = reader.findings
        return configuration
    }

    /// The config findings with their places in the config document.
    public func resolvedFindings(in document: SourceDocument) -> [ResolvedFinding] {
        findings.map { finding in
            if let range = finding.byteRange { return ResolvedFinding(finding: finding, range: range, exact: true) }
            if let location = document.tree.location(of: finding.pointer, preferKey: finding.preferKey) {
                return ResolvedFinding(finding: finding, range: location.range, exact: location.exact)
            }
            return ResolvedFinding(finding: finding, range: 0..<0, exact: false)
        }
    }

    /// Hands a lockfile's `tools` to `sec-definition-drift` as its `lock` option.
    public mutating func useLock(_ lockFile: JSONValue) {
        guard let tools = lockFile["tools"], tools.objectMembers != nil else { return }
        var setting = rules["sec-definition-drift"] ?? RuleSetting()
        var options = setting.options.objectMembers ?? []
        options.removeAll { $0.key == "lock" }
        options.append(JSONMember("lock", tools))
        setting.options = .object(options)
        rules["sec-definition-drift"] = setting
    }

    /// Whether a document path (relative to the configuration's directory, `/`-separated) is
    /// ignored.
    public func ignores(path: String) -> Bool {
        ignoredPaths.contains { Glob.matches($0, path) }
    }

    /// Whether findings about a tool of this name are dropped.
    public func ignores(toolNamed name: String) -> Bool {
        ignoredTools.contains { Glob.matches($0, name) }
    }

    /// Drops the findings located inside ignored tools (the analyzer's hook for `ignore.tools`).
    public func filter(_ findings: [Finding], of set: ToolSet) -> [Finding] {
        guard !ignoredTools.isEmpty else { return findings }
        let ignored = set.tools.filter { $0.name.map { ignores(toolNamed: $0.value) } ?? false }.map(\.pointer)
        guard !ignored.isEmpty else { return findings }
        return findings.filter { finding in !ignored.contains { finding.pointer.hasPrefix($0) } }
    }
}

private struct ConfigurationReader {
    let knownRules: Set<String>
    var findings: [Finding] = []

    static let topLevelKeys = ["$schema", "targets", "rules", "ignore", "plugins", "pluginSettings"]

    mutating func read(_ value: JSONValue, into configuration: inout Configuration) {
        guard let members = value.objectMembers else {
            if !value.isNull { report("The configuration must be a mapping of settings.", at: .root) }
            return
        }
        for member in members {
            let at = JSONPointer.root / member.key
            switch member.key {
            case "$schema": break
            case "targets": configuration.targets = targets(member.value, at: at)
            case "rules": configuration.rules = rules(member.value, at: at)
            case "ignore": ignore(member.value, at: at, into: &configuration)
            case "plugins": configuration.plugins = strings(member.value, at: at, what: "plugin names") ?? []
            case "pluginSettings": configuration.pluginSettings = pluginSettings(member.value, at: at)
            default: unknownKey(member.key, at: at, expected: Self.topLevelKeys)
            }
        }
    }

    mutating func pluginSettings(_ value: JSONValue, at pointer: JSONPointer) -> [String: JSONValue] {
        guard let members = value.objectMembers else {
            report("`pluginSettings` must map plugin ids to their settings.", at: pointer)
            return [:]
        }
        var result: [String: JSONValue] = [:]
        for member in members {
            guard case .object = member.value else {
                report("The settings of plugin \"\(member.key)\" must be a mapping.", at: pointer / member.key)
                continue
            }
            result[member.key] = member.value
        }
        return result
    }

    mutating func targets(_ value: JSONValue, at pointer: JSONPointer) -> Set<Target>? {
        let list: [(JSONValue, JSONPointer)]
        switch value {
        case .string: list = [(value, pointer)]
        case .array(let items): list = items.enumerated().map { ($1, pointer / $0) }
        default:
            report("`targets` must be a list of target names.", at: pointer)
            return nil
        }
        var result = Set<Target>()
        let names = Target.allCases.map(\.rawValue)
        for (item, at) in list {
            guard let name = item.stringValue else {
                report("A target must be a name (\(names.joined(separator: ", "))).", at: at)
                continue
            }
            if let target = Target(rawValue: name) {
                result.insert(target)
            } else {
                report(
                    "Unknown target \"\(name)\"\(suggestion(name, names)); expected one of \(names.joined(separator: ", ")).",
                    at: at)
            }
        }
        return result.isEmpty ? nil : result
    }

    mutating func rules(_ value: JSONValue, at pointer: JSONPointer) -> [String: RuleSetting] {
        guard let members = value.objectMembers else {
            report("`rules` must map rule ids to a severity, `off`, or { severity, options }.", at: pointer)
            return [:]
        }
        var result: [String: RuleSetting] = [:]
        for member in members {
            let at = pointer / member.key
            if !knownRules.contains(member.key) {
                report(
                    "Unknown rule \"\(member.key)\"\(suggestion(member.key, Array(knownRules))).", at: at,
                    severity: .warning, preferKey: true)
                continue
            }
            if let setting = rule(member.value, at: at) { result[member.key] = setting }
        }
        return result
    }

    mutating func rule(_ value: JSONValue, at pointer: JSONPointer) -> RuleSetting? {
        switch value {
        case .string(let text):
            return severity(text, at: pointer)
        case .bool(let enabled):
            return RuleSetting(enabled: enabled)
        case .object(let members):
            var setting = RuleSetting()
            for member in members {
                let at = pointer / member.key
                switch member.key {
                case "severity":
                    guard let text = member.value.stringValue, let parsed = severity(text, at: at) else {
                        if member.value.stringValue == nil { report("`severity` must be a severity name.", at: at) }
                        continue
                    }
                    setting.severity = parsed.severity
                    setting.enabled = parsed.enabled
                case "options":
                    if case .object = member.value {
                        setting.options = member.value
                    } else {
                        report("`options` must be a mapping of option names to values.", at: at)
                    }
                default:
                    unknownKey(member.key, at: at, expected: ["severity", "options"])
                }
            }
            return setting
        default:
            report(
                "A rule setting must be a severity (error, warn, info, hint), `off`, or { severity, options }.",
                at: pointer)
            return nil
        }
    }

    mutating func severity(_ text: String, at pointer: JSONPointer) -> RuleSetting? {
        if ["off", "none", "disable", "disabled"].contains(text.lowercased()) { return RuleSetting(enabled: false) }
        if let severity = Severity(loose: text) { return RuleSetting(severity: severity) }
        report("Unknown severity \"\(text)\"; use error, warn, info, hint or off.", at: pointer)
        return nil
    }

    mutating func ignore(_ value: JSONValue, at pointer: JSONPointer, into configuration: inout Configuration) {
        guard let members = value.objectMembers else {
            report("`ignore` must be a mapping with `paths` and/or `tools`.", at: pointer)
            return
        }
        for member in members {
            let at = pointer / member.key
            switch member.key {
            case "paths": configuration.ignoredPaths = strings(member.value, at: at, what: "path globs") ?? []
            case "tools": configuration.ignoredTools = strings(member.value, at: at, what: "tool-name globs") ?? []
            default: unknownKey(member.key, at: at, expected: ["paths", "tools"])
            }
        }
    }

    mutating func strings(_ value: JSONValue, at pointer: JSONPointer, what: String) -> [String]? {
        guard let items = value.arrayValue else {
            if let single = value.stringValue { return [single] }
            report("Expected a list of \(what).", at: pointer)
            return nil
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            if let text = item.stringValue {
                result.append(text)
            } else {
                report("Expected a string.", at: pointer / index)
            }
        }
        return result
    }

    mutating func unknownKey(_ key: String, at pointer: JSONPointer, expected: [String]) {
        report(
            "Unknown setting \"\(key)\"\(suggestion(key, expected)); expected \(expected.joined(separator: ", ")).",
            at: pointer, severity: .warning, preferKey: true)
    }

    func suggestion(_ text: String, _ candidates: [String]) -> String {
        let best = candidates.map { ($0, editDistance($0.lowercased(), text.lowercased())) }.min { $0.1 < $1.1 }
        guard let (name, distance) = best, distance <= max(2, text.count / 4) else { return "" }
        return " (did you mean \"\(name)\"?)"
    }

    mutating func report(
        _ message: String, at pointer: JSONPointer, severity: Severity = .error, preferKey: Bool = false
    ) {
        findings.append(
            Finding(
                ruleId: Configuration.findingId, severity: severity, message: message, pointer: pointer,
                preferKey: preferKey))
    }
}

private func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// Glob patterns: `*` (any run without `/`), `**` (any run, `/` included), `?` (one character).
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        match(Array(pattern)[...], Array(text)[...])
    }

    private static func match(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == "*" {
            let doubled = pattern.dropFirst().first == "*"
            var rest = pattern.dropFirst(doubled ? 2 : 1)
            // `**/` also matches no directory at all.
            if doubled, rest.first == "/" {
                if match(rest.dropFirst(), text) { return true }
                rest = pattern.dropFirst(2)
            }
            var index = text.startIndex
            while true {
                if match(rest, text[index...]) { return true }
                guard index < text.endIndex, doubled || text[index] != "/" else { return false }
                index += 1
            }
        }
        guard let character = text.first else { return false }
        if first == "?" ? character != "/" : first == character {
            return match(pattern.dropFirst(), text.dropFirst())
        }
        return false
    }
}
