import JSON
import Tokenizer
import ToolModel

/// Per-tool fingerprints for rug-pull detection: SHA-256 over the canonical JSON (sorted keys,
/// compact) of a tool's name, title, description, schemas and annotations.
public enum DefinitionLock {
    /// The lock format version written into lock files.
    public static let version = 1

    /// The fields a fingerprint covers, as one object (kept in the lock so that a later check
    /// can say what changed).
    public static func definition(_ tool: ToolDefinition) -> JSONValue {
        var members: [JSONMember] = []
        if let name = tool.name { members.append(JSONMember("name", .string(name.value))) }
        if let title = tool.title { members.append(JSONMember("title", .string(title.value))) }
        if let description = tool.description { members.append(JSONMember("description", .string(description.value))) }
        if let schema = tool.inputSchema { members.append(JSONMember("inputSchema", schema.value)) }
        if let schema = tool.outputSchema { members.append(JSONMember("outputSchema", schema.value)) }
        if let annotations = tool.annotations { members.append(JSONMember("annotations", annotations.value)) }
        return .object(members)
    }

    /// The canonical JSON a tool's fingerprint is computed from.
    public static func canonical(_ tool: ToolDefinition) -> String {
        definition(tool).serialized(.init(indent: 0, sortKeys: true))
    }

    public static func fingerprint(_ tool: ToolDefinition) -> String {
        sha256(canonical(tool))
    }

    /// Lower-case hex SHA-256 of the UTF-8 text.
    public static func sha256(_ text: String) -> String { SHA256.hex(Array(text.utf8)) }

    /// Lock entries for a tool set: `{ "<tool name>": { "sha256": …, "description": … } }`.
    /// The description is kept so that a later check can show what text was added.
    public static func entries(for set: ToolSet) -> JSONValue {
        .object(
            set.tools.compactMap { tool in
                guard let name = tool.name?.value else { return nil }
                return JSONMember(
                    name,
                    [
                        "sha256": .string(fingerprint(tool)),
                        "description": .string(tool.description?.value ?? ""),
                        "definition": definition(tool),
                    ])
            })
    }

    /// What differs between a locked definition and the current one, as JSON Pointers into the
    /// definition with `added`, `removed` or `changed` (`/inputSchema/properties/cc added`).
    /// Object members are matched by key; arrays and scalars are compared whole. At most
    /// `limit` entries, then `…`.
    public static func changes(from before: JSONValue, to after: JSONValue, limit: Int = 8) -> [String] {
        var out: [String] = []
        var stack: [(JSONValue, JSONValue, JSONPointer)] = [(before, after, .root)]
        // Iterative: schemas can be nested deeper than recursion allows.
        while let (a, b, at) = stack.popLast() {
            if out.count > limit { break }
            guard let x = a.objectMembers, let y = b.objectMembers else {
                if a != b { out.append("\(at) changed") }
                continue
            }
            var pending: [(JSONValue, JSONValue, JSONPointer)] = []
            for member in x {
                if let other = y.last(where: { $0.key == member.key }) {
                    if member.value != other.value { pending.append((member.value, other.value, at / member.key)) }
                } else {
                    out.append("\(at / member.key) removed")
                }
            }
            for member in y where !x.contains(where: { $0.key == member.key }) {
                out.append("\(at / member.key) added")
            }
            stack += pending.reversed()
        }
        if out.count > limit { out = Array(out.prefix(limit)) + ["…"] }
        return out
    }
}

/// `sec-definition-drift`: a tool changed since it was locked (rug pull).
public struct SecDefinitionDriftRule: SetRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "sec-definition-drift", category: .security, defaultSeverity: .warning,
        summary: "Tool definitions match the lockfile they were approved with.",
        explanation: """
            Rug pull: a server turns malicious after its tools were approved (Invariant Labs; mcp-scan \
            W003 "Entity has changed" by hashing; Trail of Bits mcp-context-protector pins on first \
            use). With a lock (option `lock`: tool name → { sha256, description }, written by \
            `toolwright lock`), a tool whose SHA-256 over canonical JSON changed is reported with the \
            text added to its description; added text that the security rules flag makes it an \
            error. Tools not in the lock are info. Without a lock the rule is silent.
            """)

    static let securityRules: [any ToolRule] = [
        SecHiddenInstructionTagRule(), SecCoerciveDirectiveRule(), SecSensitiveResourceReferenceRule(),
        SecExfiltrationTargetRule(), SecHiddenTextRule(), SecSecretLiteralRule(),
    ]

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        guard let lock = context.option("lock"), lock.objectMembers != nil else { return [] }
        var findings: [Finding] = []
        for tool in set.tools {
            guard let name = tool.name else { continue }
            guard let entry = lock[name.value] else {
                findings.append(
                    finding(
                        "`\(name.value.quotedExcerpt())` is not in the lockfile; review it and re-run `toolwright lock`.",
                        at: name.pointer, severity: .info))
                continue
            }
            let locked = entry["sha256"]?.stringValue ?? ""
            guard locked != DefinitionLock.fingerprint(tool) else { continue }
            let before = entry["description"]?.stringValue ?? ""
            let after = tool.description?.value ?? ""
            let added = Self.addedText(from: before, to: after)
            var message = "`\(name.value.quotedExcerpt())` changed since it was locked"
            if let locked = entry["definition"] {
                let changes = DefinitionLock.changes(from: locked, to: DefinitionLock.definition(tool))
                if !changes.isEmpty { message += " (" + changes.joined(separator: ", ") + ")" }
            } else if added.isEmpty {
                message += " (schema or annotations)"
            }
            message += added.isEmpty ? "." : "; added text: \"\(added.quotedExcerpt(120))\"."
            var severity = Severity.warning
            if !added.isEmpty {
                var probe = tool
                probe.raw = ["description": .string(added)]
                probe.definitionPointer = tool.description?.pointer.parent ?? tool.definitionPointer
                let flagged = Self.securityRules.flatMap { $0.check(probe, in: set, context: context) }.map(\.ruleId)
                if !flagged.isEmpty {
                    severity = .error
                    message += " The added text is flagged by " + Set(flagged).sorted().joined(separator: ", ") + "."
                }
            }
            findings.append(
                finding(message, at: tool.description?.pointer ?? name.pointer, severity: severity))
        }
        findings += removed(from: lock, set: set, workspace: workspace)
        return findings
    }

    /// Locked tools that no document of the workspace defines any more, reported once, on the
    /// first document of the workspace that has tools (the lock does not say which file held them).
    func removed(from lock: JSONValue, set: ToolSet, workspace: [ToolSet]) -> [Finding] {
        let sets = workspace.contains(where: { $0.uri == set.uri }) ? workspace : [set] + workspace
        guard let first = sets.first(where: { !$0.tools.isEmpty }), first.uri == set.uri else { return [] }
        let names = Set(sets.flatMap { $0.tools.compactMap(\.name?.value) })
        let gone = (lock.objectMembers ?? []).map(\.key).filter { !names.contains($0) }
        guard !gone.isEmpty else { return [] }
        let list = gone.map { "`\($0.quotedExcerpt())`" }.joined(separator: ", ")
        let noun = gone.count == 1 ? "tool" : "tools"
        return [
            finding(
                "Locked \(noun) \(list) no longer defined; re-run `toolwright lock` if the removal is intended.",
                at: set.tools.first?.pointer.parent ?? .root, severity: .info)
        ]
    }

    /// The part of `after` not in `before`: what lies between their common prefix and suffix.
    static func addedText(from before: String, to after: String) -> String {
        let a = Array(before)
        let b = Array(after)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        return String(b[prefix..<(b.count - suffix)]).trimmedWhitespace
    }
}
