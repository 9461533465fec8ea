import JSON
import ToolModel

/// Identifier-shaped words in prose: snake_case, kebab-less camelCase, with where they are.
enum IdentifierScanner {
    /// Runs of `[A-Za-z0-9_]` that contain `_` (all lower case), or are camelCase with at least
    /// two lower-case letters before the first capital; not parts of paths, URLs or addresses.
    static func identifiers(in text: String) -> [(text: String, offset: Int)] {
        let scalars = Array(text.unicodeScalars)
        var result: [(String, Int)] = []
        var index = 0
        func isWord(_ s: Unicode.Scalar) -> Bool { NamePattern.isAlnum(s) || s == "_" }
        while index < scalars.count {
            guard isWord(scalars[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < scalars.count, isWord(scalars[index]) { index += 1 }
            let before = start > 0 ? scalars[start - 1] : " "
            let after = index < scalars.count ? scalars[index] : " "
            let embedded =
                "/.@:\\=-".unicodeScalars.contains(before) || "/@\\=-".unicodeScalars.contains(after)
                || (after == "." && index + 1 < scalars.count && isWord(scalars[index + 1]))
            guard !embedded else { continue }
            // Both shapes need a `_` or a capital: most words are dropped before becoming strings.
            guard scalars[start..<index].contains(where: { $0 == "_" || ($0 >= "A" && $0 <= "Z") }) else { continue }
            let word = String(String.UnicodeScalarView(scalars[start..<index]))
            if isSnake(word) || isCamel(word) { result.append((word, start)) }
        }
        return result
    }

    static func isSnake(_ word: String) -> Bool {
        guard word.contains("_"), let first = word.unicodeScalars.first, first >= "a", first <= "z" else {
            return false
        }
        let parts = word.split(separator: "_", omittingEmptySubsequences: false)
        return parts.count > 1 && parts.allSatisfy { !$0.isEmpty }
            && word.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
    }

    static func isCamel(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard let firstUpper = scalars.firstIndex(where: { $0 >= "A" && $0 <= "Z" }), firstUpper >= 2,
            scalars[..<firstUpper].allSatisfy({ $0 >= "a" && $0 <= "z" }),
            scalars.allSatisfy(NamePattern.isAlnum),
            firstUpper + 1 < scalars.count, scalars[firstUpper + 1] >= "a", scalars[firstUpper + 1] <= "z"
        else { return false }
        return true
    }
}

/// `desc-unknown-reference`: the description names a tool or parameter that does not exist.
public struct DescUnknownReferenceRule: SetRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "desc-unknown-reference", category: .description, defaultSeverity: .warning,
        summary: "Identifiers named in a description exist as tools or parameters.",
        explanation: """
            Descriptions should "remain self-consistent" with the implementation (Anthropic): a \
            snake_case or camelCase identifier in a description that is neither a tool of the \
            workspace nor a parameter, enum value or output field of this tool is usually a stale \
            cross-reference after a rename. Identifiers inside paths, URLs and addresses are skipped.
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        var known = Set<String>()
        func add(_ tool: ToolDefinition) {
            if let name = tool.name?.value {
                known.insert(name.lowercased())
                // `mcp__server__tool` and `server_tool` forms of the same tool.
                if let last = name.split(separator: "__").last { known.insert(last.lowercased()) }
            }
        }
        for tool in set.tools { add(tool) }
        for other in workspace { for tool in other.tools { add(tool) } }
        let summaries = SetRuleSummaries.bound(to: set)
        var findings: [Finding] = []
        for index in set.tools.indices {
            guard let description = set.tools[index].description else { continue }
            // The tool's own names are left out already (they depend on the tool alone).
            guard
                let unknown = summaries.foreignIdentifiers(at: index, of: set).first(where: {
                    !known.contains($0.lower)
                })
            else { continue }
            findings.append(
                finding(
                    "The description of `\(set.tools[index].displayName)` mentions `\(unknown.word)` (character "
                        + "\(unknown.offset)), which is not a tool of the workspace nor a parameter of this tool; is it "
                        + "a stale reference?", at: description.pointer))
        }
        return findings
    }

    /// An identifier in a description, with its offset in scalars.
    struct Identifier: Sendable {
        var word: String
        var offset: Int
        var lower: String
    }

    /// The identifiers of the tool's description that are not its own parameter, definition,
    /// enum or output names, in order.
    static func foreignIdentifiers(of tool: ToolDefinition) -> [Identifier] {
        guard let description = tool.description else { return [] }
        let found = IdentifierScanner.identifiers(in: description.value)
        guard !found.isEmpty else { return [] }
        let local = localNames(tool)
        return found.compactMap { word, offset in
            let lower = word.lowercased()
            return local.contains(lower) ? nil : Identifier(word: word, offset: offset, lower: lower)
        }
    }

    /// Parameter names, definition names, enum values and output fields of one tool, lower-cased.
    static func localNames(_ tool: ToolDefinition) -> Set<String> {
        var names = Set<String>()
        for schema in [tool.inputSchema, tool.outputSchema].compactMap({ $0 }) {
            SchemaWalker.walk(schema.value, at: schema.pointer) { node in
                switch node.role {
                case .property(let name), .definition(let name): names.insert(name.lowercased())
                default: break
                }
                for option in node.value["enum"]?.arrayValue ?? [] {
                    if let text = option.stringValue { names.insert(text.lowercased()) }
                }
                if let text = node.value["const"]?.stringValue { names.insert(text.lowercased()) }
                if let text = node.value["default"]?.stringValue { names.insert(text.lowercased()) }
            }
        }
        return names
    }
}

/// `sec-cross-tool-shadowing`: a description that changes how another server's tool behaves.
public struct SecCrossToolShadowingRule: SetRule {
    public init() {}

    static let builtins = [
        "send_email", "bash", "read_file", "write_file", "run_terminal_cmd", "execute_command", "edit_file",
        "run_command", "shell", "send_message", "http_request", "web_fetch",
    ]
    static let triggers = [
        "when", "whenever", "must", "instead", "redirect", "change", "always", "also", "side effect", "before",
        "after", "never", "bcc", "cc", "forward", "replace",
    ]

    public let metadata = RuleMetadata(
        id: "sec-cross-tool-shadowing", category: .security, defaultSeverity: .error,
        summary: "A tool's description must not change how other servers' tools behave.",
        explanation: """
            The shadowing attack (Invariant Labs): an `add` tool whose description tells the model \
            that, whenever it uses another server's send_email, it must also send to the attacker. \
            Reported when a description names a tool of another document of the workspace, or a \
            common built-in (send_email, bash, read_file, write_file, run_terminal_cmd…) that this \
            list does not define, within 80 characters of when, whenever, must, instead, redirect, \
            change, always, also, before, after, never. A list's references to its own tools are \
            ordinary cross-references (see desc-missing-disambiguation).
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        let own = Set(set.tools.compactMap { $0.name?.value })
        var foreign: [String: WorkspaceTool?] = [:]
        for name in Self.builtins where !own.contains(name) { foreign[name] = .some(nil) }
        for entry in WorkspaceTool.all(ToolSet(uri: set.uri, dialect: nil, tools: []), workspace) {
            // Names that are ordinary words ("add", "search") match too much prose.
            guard let name = entry.tool.name?.value, !own.contains(name),
                IdentifierScanner.isSnake(name) || IdentifierScanner.isCamel(name) || name.contains("-")
            else { continue }
            foreign[name] = entry
        }
        guard !foreign.isEmpty else { return [] }
        // A name is found only as a substring of the text (names that can match are ASCII; see
        // `Bytes.mayFoldToASCII`): one byte search for all the names rules most texts out.
        let needles = foreign.count <= 64 ? ByteNeedles(foreign.keys.sorted().map { Array($0.utf8) }) : nil
        let names = foreign.keys.sorted()
        let summaries = SetRuleSummaries.bound(to: set)
        var findings: [Finding] = []
        for index in set.tools.indices {
            let tool = set.tools[index]
            let hit: Summary.Hit?
            if let known = summaries.summaries[index].shadowing, known.names == names {
                hit = known.hit
            } else {
                hit = ToolText.scan(tool) { (text: String) -> (String, String)? in
                    guard text.utf8.count > 12 else { return nil }
                    if let needles, !needles.occur(in: text), !Bytes.mayFoldToASCII(text.utf8) { return nil }
                    return Self.shadowing(in: text, names: foreign)
                }.first.map { Summary.Hit(pointer: $0.0.pointer, name: $0.1.0, trigger: $0.1.1) }
                summaries.summaries[index].shadowing = Summary(names: names, hit: hit)
            }
            if let hit {
                let related = foreign[hit.name].flatMap { $0 }.map { [$0.related("`\(hit.name)`")] } ?? []
                findings.append(
                    finding(
                        "`\(FieldLabel.relative(hit.pointer, to: tool.definitionPointer))` of `\(tool.displayName)` "
                            + "tells the model how to use `\(hit.name)`, a tool it does not own (\"\(hit.trigger)\"); this "
                            + "is how cross-server shadowing attacks work.", at: hit.pointer, related: related))
            }
        }
        return findings
    }

    /// What the rule found in one tool, for the foreign names it looked for (the tool's own
    /// text decides the rest).
    struct Summary: Sendable {
        struct Hit: Sendable {
            var pointer: JSONPointer
            var name: String
            var trigger: String
        }

        var names: [String]
        var hit: Hit?
    }

    static func shadowing(in text: String, names: [String: WorkspaceTool?]) -> (String, String)? {
        // Every foreign name is snake_case, camelCase, kebab-case or a plain built-in word; text
        // without `_`, `-` or capitals mid-word, and without those words, cannot name one.
        let bytes = Array(text.utf8)
        let hasSeparator = bytes.contains(0x5F) || bytes.contains(0x2D)
        let hasInnerCapital = zip(bytes, bytes.dropFirst()).contains {
            ($0 >= 0x61 && $0 <= 0x7A) && ($1 >= 0x41 && $1 <= 0x5A)
        }
        if !hasSeparator, !hasInnerCapital {
            let lower = Bytes.asciiLowercased(text)
            let plain = names.keys.filter { !$0.contains("_") && !$0.contains("-") }
            guard plain.contains(where: { !Bytes.occurrences(of: Array($0.utf8), in: lower).isEmpty }) else {
                return nil
            }
        }
        let characters = Array(text)
        let lower = Array(text.lowercased())
        guard characters.count == lower.count else { return nil }
        for (word, offset) in IdentifierScanner.identifiers(in: text) + plainNames(text, names) {
            guard names.keys.contains(word) else { continue }
            let start = max(0, offset - 80)
            let end = min(lower.count, offset + word.count + 80)
            let window = String(lower[start..<end])
            let words = Words.of(window)
            if let trigger = triggers.first(where: { trigger in
                trigger.contains(" ") ? Self.contains(window, trigger) : words.contains(trigger)
            }) {
                return (word, trigger)
            }
        }
        return nil
    }

    /// Substring test; ASCII text (nearly all of it) is searched byte by byte instead of through
    /// Foundation's Unicode-aware search, which gives the same answer there.
    private static func contains(_ text: String, _ phrase: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 < 0x80 }), phrase.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.contains(phrase)
        }
        return !Bytes.occurrences(of: Array(phrase.utf8), in: Array(text.utf8)).isEmpty
    }

    /// Built-in names that are single words (`bash`, `shell`), found as whole words.
    private static func plainNames(_ text: String, _ names: [String: WorkspaceTool?]) -> [(text: String, offset: Int)] {
        var result: [(String, Int)] = []
        var offset = 0
        var current = ""
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "_" {
                current.append(character)
            } else {
                if !current.isEmpty, !current.contains("_"), names.keys.contains(current) {
                    result.append((current, offset - current.count))
                }
                current = ""
            }
            offset += 1
        }
        return result
    }
}

/// `sec-lethal-trifecta`: private data, untrusted content and a way out in one workspace.
public struct SecLethalTrifectaRule: SetRule {
    public init() {}

    enum Role: String, CaseIterable {
        case reader = "reads private data"
        case ingester = "ingests untrusted content"
        case communicator = "communicates externally"
    }

    static let privateNouns: Set<String> = [
        "email", "mail", "inbox", "file", "files", "database", "db", "repo", "repository", "document", "drive",
        "calendar", "contact", "contacts", "message", "messages", "secret", "credential", "note", "notes",
        "record", "records", "customer", "account", "sql", "table", "memory", "entity", "entities", "commit", "log",
    ]
    static let untrustedNouns: Set<String> = [
        "web", "url", "http", "https", "browse", "browser", "page", "fetch", "internet", "website", "html",
        "inbox", "issue", "issues", "comment", "comments", "rss", "feed", "scrape", "crawl", "navigate",
    ]
    static let outboundVerbs: Set<String> = [
        "send", "post", "upload", "publish", "comment", "email", "tweet", "share", "push", "webhook", "notify",
        "reply", "forward", "submit", "message",
    ]

    public let metadata = RuleMetadata(
        id: "sec-lethal-trifecta", category: .security, defaultSeverity: .warning,
        summary: "A workspace does not combine private-data readers, untrusted-content ingesters and outbound tools.",
        explanation: """
            Private data, untrusted content and a way to communicate out are together the precondition \
            for exfiltration by prompt injection (Willison's "lethal trifecta", cited by the MCP blog \
            2026-03-16; mcp-scan toxic flows TF001/TF002). Each tool is classified from its name, \
            description and openWorldHint; when the workspace has all three roles, one warning is \
            placed on this document's first tool that takes part, pointing at one tool of each role.
            """)

    static func roles(of tool: ToolDefinition) -> Set<Role> {
        var roles = Set<Role>()
        let name = Set(tool.nameTokens)
        let words = Set(tool.descriptionWords.prefix(40))
        let openWorld = tool.annotation("openWorldHint")
        let readsName = name.contains(where: { Verbs.readOnly.contains($0) })
        if openWorld != true, readsName, !name.isDisjoint(with: privateNouns) { roles.insert(.reader) }
        if openWorld == true || !name.isDisjoint(with: untrustedNouns)
            || (readsName && (words.contains("url") || words.contains("web") || words.contains("internet")))
        {
            roles.insert(.ingester)
        }
        if let first = tool.nameTokens.first, outboundVerbs.contains(first) { roles.insert(.communicator) }
        if name.contains("webhook") || (name.contains("create") && (name.contains("issue") || name.contains("comment")))
        {
            roles.insert(.communicator)
        }
        return roles
    }

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        // Lists as `toolLists` groups them, by index, so each local tool's roles come from its
        // summary (they depend on the tool alone).
        var order: [JSONPointer] = []
        var lists: [JSONPointer: [Int]] = [:]
        for index in set.tools.indices {
            let group = set.tools[index].group
            if lists[group] == nil { order.append(group) }
            lists[group, default: []].append(index)
        }
        let summaries = SetRuleSummaries.bound(to: set)
        var others: [(tool: ToolDefinition, uri: String, roles: Set<Role>)] = []
        for other in workspace {
            let kept = WorkspaceSummaries.shared.summaries(of: other)
            for (index, tool) in other.tools.enumerated() {
                others.append((tool, other.uri, kept[index].roles ?? Self.roles(of: tool)))
            }
        }
        return order.compactMap { group in
            check(set, list: lists[group]!, roles: { summaries.roles(at: $0, of: set) }, others: others)
        }
    }

    private func check(
        _ set: ToolSet, list: [Int], roles: (Int) -> Set<Role>,
        others: [(tool: ToolDefinition, uri: String, roles: Set<Role>)]
    ) -> Finding? {
        // The first tool with each role, this list's before the workspace's.
        var example: [Role: (tool: ToolDefinition, uri: String?)] = [:]
        var localFirst: (ToolDefinition, Set<Role>)?
        for index in list {
            let found = roles(index)
            for role in found where example[role] == nil { example[role] = (set.tools[index], nil) }
            if !found.isEmpty, localFirst == nil { localFirst = (set.tools[index], found) }
        }
        for other in others {
            for role in other.roles where example[role] == nil { example[role] = (other.tool, other.uri) }
        }
        guard example.count == Role.allCases.count, let (anchor, roles) = localFirst else { return nil }
        let related = Role.allCases.compactMap { role in
            example[role].map {
                RelatedLocation(
                    uri: $0.uri, pointer: $0.tool.anchorPointer, message: "`\($0.tool.displayName)` \(role.rawValue)")
            }
        }
        let triple = Role.allCases.compactMap { example[$0]?.tool.displayName }.map { "`\($0)`" }
        return finding(
            "This workspace combines tools that read private data, ingest untrusted content and communicate "
                + "externally (\(triple.joined(separator: ", "))); an injected instruction can chain them to "
                + "exfiltrate data. `\(anchor.displayName)` \(roles.map(\.rawValue).sorted().joined(separator: " and ")).",
            at: anchor.anchorPointer, related: related)
    }
}

/// `anthropic-strict-limits`: the compile limits of Anthropic strict tool schemas.
public struct AnthropicStrictLimitsRule: SetRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "anthropic-strict-limits", category: .schema, defaultSeverity: .error,
        summary: "Anthropic strict tools stay within the grammar compiler's limits.",
        explanation: """
            Across the strict: true tools of one request: at most 20 strict tools, 24 optional \
            parameters in all, and 16 parameters using anyOf or type arrays; beyond that the API \
            returns 400 "Schema is too complex for compilation" (Anthropic, Structured outputs, \
            "Schema complexity limits"). minimum, maximum, minLength, maxLength and recursive $refs in \
            a strict schema are not enforced by the grammar (the SDKs strip them and restate them in \
            the description): warning.
            """,
        targets: [.anthropic], fixable: true)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        let strict = set.tools.filter(\.declaresStrict)
        guard let first = strict.first else { return [] }
        var findings: [Finding] = []
        var optional = 0
        var unions = 0
        for tool in strict {
            for property in PropertyVisit.all(in: tool) {
                if !property.isRequired { optional += 1 }
                if property.schema["anyOf"] != nil || property.schema["type"]?.arrayValue != nil { unions += 1 }
                for key in ["minimum", "maximum", "minLength", "maxLength"] where property.schema[key] != nil {
                    findings.append(
                        finding(
                            "`\(key)` on `\(property.name)` is not enforced by Anthropic strict mode; the SDKs strip it "
                                + "and restate it in the description.", at: property.pointer / key, severity: .warning,
                            preferKey: true,
                            fixes: [Fix(title: "Remove `\(key)`", operations: [.remove(property.pointer / key)])]))
                }
                if let reference = property.schema["$ref"]?.stringValue, reference == "#" {
                    findings.append(
                        finding(
                            "Recursive `$ref` in a strict schema is not supported by Anthropic strict mode.",
                            at: property.pointer / "$ref", severity: .warning))
                }
            }
        }
        let anchor = set.listPointer ?? first.anchorPointer
        if strict.count > 20 {
            findings.append(
                finding(
                    "\(strict.count) strict tools in one request; Anthropic allows 20.", at: anchor, preferKey: true))
        }
        if optional > 24 {
            findings.append(
                finding(
                    "\(optional) optional parameters across strict tools; Anthropic allows 24.", at: anchor,
                    preferKey: true))
        }
        if unions > 16 {
            findings.append(
                finding(
                    "\(unions) parameters use anyOf or type arrays across strict tools; Anthropic allows 16.",
                    at: anchor,
                    preferKey: true))
        }
        return findings
    }
}
