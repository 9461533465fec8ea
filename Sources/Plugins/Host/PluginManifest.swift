import Foundation
import JSON
import Rules
import ToolModel

/// A plugin's `plugin.json`: what to run, when, and what it provides. See
/// `protocol/plugin-manifest.schema.json`.
public struct PluginManifest: Sendable {
    public static let protocolVersion = "toolwright-plugin/1"
    public static let invalidRuleId = "plugin-manifest-invalid"

    public struct Rule: Sendable {
        public var id: String
        public var defaultSeverity: Severity
        public var description: String
        public var fixable: Bool
    }

    public var id: String
    public var name: String
    public var version: String
    public var protocolVersion: String
    /// The command as written; `./x` paths are relative to `directory`.
    public var command: [String]
    public var directory: String
    public var environment: [String: String]
    /// Glob patterns over document paths (`**/*.tools.json`); empty = every document.
    public var documentPatterns: [String]
    public var kinds: Set<String>
    public var rules: [Rule]
    public var settingsSchema: JSONValue?
    public var initializeTimeoutMs: Int
    public var requestTimeoutMs: Int
    public var shutdownTimeoutMs: Int
    public var maxMessageBytes: Int
    public var restartBackoffMs: [Int]

    /// Reads a manifest; problems are findings located in the manifest itself.
    public static func parse(_ value: JSONValue, directory: String) -> (PluginManifest?, [Finding]) {
        var findings: [Finding] = []
        func problem(_ message: String, _ pointer: JSONPointer) {
            findings.append(
                Finding(ruleId: invalidRuleId, severity: .error, message: message, pointer: pointer))
        }
        func string(_ key: String) -> String? {
            guard let v = value[key] else { return nil }
            guard let s = v.stringValue, !s.isEmpty else {
                problem("\"\(key)\" must be a non-empty string", .root / key)
                return nil
            }
            return s
        }
        guard value.objectMembers != nil else {
            problem("A plugin manifest is a JSON object", .root)
            return (nil, findings)
        }
        let id = string("id")
        if id == nil && value["id"] == nil { problem("Missing required property \"id\"", .root) }
        let protocolVersion = string("protocol") ?? protocolVersion
        if protocolVersion != Self.protocolVersion {
            problem(
                "Unsupported protocol \"\(protocolVersion)\"; this host speaks \(Self.protocolVersion)",
                .root / "protocol")
        }
        let command = value["command"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if command.isEmpty || command.count != value["command"]?.arrayValue?.count {
            problem(
                "\"command\" must be a non-empty array of strings", value["command"] == nil ? .root : .root / "command")
        }
        var rules: [Rule] = []
        for (index, rule) in (value["rules"]?.arrayValue ?? []).enumerated() {
            guard let ruleId = rule["id"]?.stringValue else {
                problem("A rule needs an \"id\"", .root / "rules" / index)
                continue
            }
            let severity = rule["defaultSeverity"]?.stringValue.flatMap(Severity.init(loose:)) ?? .warning
            rules.append(
                Rule(
                    id: ruleId, defaultSeverity: severity, description: rule["description"]?.stringValue ?? ruleId,
                    fixable: rule["fixable"]?.boolValue ?? false))
        }
        func int(_ object: String, _ key: String, _ fallback: Int) -> Int {
            guard let v = value[object]?[key] else { return fallback }
            guard let n = v.numberValue, n >= 0 else {
                problem("\"\(key)\" must be a non-negative number", .root / object / key)
                return fallback
            }
            return Int(n)
        }
        let manifest = PluginManifest(
            id: id ?? "", name: value["name"]?.stringValue ?? id ?? "", version: value["version"]?.stringValue ?? "0",
            protocolVersion: protocolVersion, command: command, directory: directory,
            environment: Dictionary(
                (value["env"]?.objectMembers ?? []).compactMap { m in m.value.stringValue.map { (m.key, $0) } },
                uniquingKeysWith: { $1 }),
            documentPatterns: value["activation"]?["documentPatterns"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            kinds: Set(value["kinds"]?.arrayValue?.compactMap(\.stringValue) ?? ["analyzer"]),
            rules: rules, settingsSchema: value["settingsSchema"],
            initializeTimeoutMs: int("timeouts", "initializeMs", 5000),
            requestTimeoutMs: int("timeouts", "requestMs", 2000),
            shutdownTimeoutMs: int("timeouts", "shutdownMs", 1000),
            maxMessageBytes: int("limits", "maxMessageBytes", 16 << 20),
            restartBackoffMs: value["limits"]?["restartBackoffMs"]?.arrayValue?.compactMap {
                $0.numberValue.map { Int($0) }
            }
                ?? [1000, 5000, 30000])
        let fatal = findings.contains {
            $0.pointer == .root || $0.pointer == .root / "command" || $0.pointer == .root / "id"
        }
        return (fatal ? nil : manifest, findings)
    }

    /// Reads `plugin.json` from disk.
    public static func load(path: String) -> (PluginManifest?, [Finding]) {
        let directory = (path as NSString).deletingLastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            return (
                nil,
                [Finding(ruleId: invalidRuleId, severity: .error, message: "Cannot read \(path)", pointer: .root)]
            )
        }
        do {
            return parse(try Jansson.decode(Array(data)), directory: directory)
        } catch {
            return (
                nil,
                [Finding(ruleId: invalidRuleId, severity: .error, message: "\(path): \(error)", pointer: .root)]
            )
        }
    }

    /// The argv to exec: relative paths resolved against the manifest directory.
    public var resolvedCommand: [String] {
        command.enumerated().map { index, part in
            let relative = part.hasPrefix("./") || part.hasPrefix("../")
            // Arguments that name files next to the manifest (`plugin.py`) are resolved too.
            let sibling =
                index > 0 && !part.hasPrefix("-") && !part.contains("/")
                && FileManager.default.fileExists(atPath: directory + "/" + part)
            return relative || sibling ? directory + "/" + part : part
        }
    }

    public func isActive(for uri: String) -> Bool {
        guard !documentPatterns.isEmpty else { return true }
        let path = uri.hasPrefix("file://") ? String(uri.dropFirst(7)) : uri
        return documentPatterns.contains { Glob.matches($0, path) }
    }

    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }
}

/// `**`, `*`, `?` globs over `/`-separated paths; a pattern without `/` matches the file name.
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let target = pattern.contains("/") ? path : String(path.split(separator: "/").last ?? "")
        return match(Array(pattern.unicodeScalars)[...], Array(target.unicodeScalars)[...])
    }

    private static func match(_ p: ArraySlice<Unicode.Scalar>, _ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == "*" {
            let doubled = p.dropFirst().first == "*"
            var rest = p.dropFirst(doubled ? 2 : 1)
            // `**/` also matches zero directories.
            if doubled && rest.first == "/" {
                if match(rest.dropFirst(), s) { return true }
                rest = p.dropFirst(2)
            }
            var i = s.startIndex
            while true {
                if match(rest, s[i...]) { return true }
                guard i < s.endIndex, doubled || s[i] != "/" else { return false }
                i += 1
            }
        }
        guard let c = s.first else { return false }
        if first == "?" ? c != "/" : first == c { return match(p.dropFirst(), s.dropFirst()) }
        return false
    }
}
