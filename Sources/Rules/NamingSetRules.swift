import JSON
import ToolModel

/// `name-prefixed-length`: a name that is valid on the server can exceed 64 characters once a
/// client prefixes it (`mcp__<server>__<tool>` in Claude Code).
public struct NamePrefixedLengthRule: ToolRule {
    public init() {}

    public static let defaultServerName = "server"

    public let metadata = RuleMetadata(
        id: "name-prefixed-length", category: .naming, defaultSeverity: .warning,
        summary: "Tool name stays within 64 characters after the client's server prefix.",
        explanation: """
            Claude Code exposes MCP tools as mcp__<server>__<tool>; other clients use <server>_<tool>. \
            When the result goes on to an OpenAI or Gemini model, 64 characters is the ceiling. \
            Options: serverName (the key the server is registered under, default "server"), \
            prefix (an explicit prefix, overriding the Claude Code form), maxLength (64).
            """,
        targets: [.claudeCode, .portable])

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let name = tool.name else { return [] }
        let server = context.stringOption("serverName") ?? Self.defaultServerName
        let prefix = context.stringOption("prefix") ?? "mcp__\(server)__"
        let limit = context.intOption("maxLength", default: 64)
        let length = prefix.unicodeScalars.count + name.value.unicodeScalars.count
        guard length > limit else { return [] }
        return [
            finding(
                "`\(prefix)\(name.value.quotedExcerpt(40))` is \(length) characters once prefixed; OpenAI and Gemini "
                    + "accept at most \(limit). Shorten the name by \(length - limit) or register the server "
                    + "under a shorter key (option serverName).", at: name.pointer)
        ]
    }
}

/// `name-generic`: the name is only a generic word (`search`, `get_data`, `run`).
public struct NameGenericRule: ToolRule {
    public init() {}

    static let generic: Set<String> = [
        "search", "get", "list", "run", "execute", "query", "fetch", "call", "process", "handle", "do", "tool",
        "helper", "action", "request", "data", "info", "find", "read", "write", "update", "create", "delete",
        "exec", "invoke", "main", "default", "test", "util", "utils", "function", "func", "api", "item", "items",
        "object", "thing", "stuff", "result", "results", "input", "output", "task", "command", "cmd", "op",
        "operation", "method", "service", "handler", "send", "set", "all", "new", "v1", "v2",
    ]

    public let metadata = RuleMetadata(
        id: "name-generic", category: .naming, defaultSeverity: .warning,
        summary: "Tool name must say which resource it acts on, not only a generic verb.",
        explanation: """
            A name made only of generic words (search, get, run, data, info…) tells the model nothing \
            about the tool and collides with other servers' tools: "two servers each exposing a \
            `search` tool" (MCP spec). Anthropic's example: asana_search and jira_search, not search; \
            a service prefix therefore counts as specific.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let name = tool.name else { return [] }
        // The catalogue strips a namespace prefix first, but that would flag `asana_search`,
        // Anthropic's own recommended form: a service prefix is exactly what makes it specific.
        let tokens = tool.nameTokens
        guard !tokens.isEmpty, tokens.allSatisfy(Self.generic.contains) else { return [] }
        return [
            finding(
                "Tool name `\(name.value.quotedExcerpt())` is only generic words; name the resource it acts on "
                    + "(e.g. `\(tokens.first ?? "search")_<resource>` or `<service>_\(tokens.joined(separator: "_"))`).",
                at: name.pointer)
        ]
    }
}

/// Namespace statistics over a document's tool names.
enum NamespaceStats {
    /// The share of names whose most common first (or last) token they carry.
    static func share(_ tokens: [[String]], position: (([String]) -> String?)) -> (token: String, share: Double)? {
        var counts: [String: Int] = [:]
        for list in tokens { if let token = position(list) { counts[token, default: 0] += 1 } }
        guard let best = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), !tokens.isEmpty else {
            return nil
        }
        return (best.key, Double(best.value) / Double(tokens.count))
    }
}

/// `name-style-inconsistent`: the tool list mixes snake_case, camelCase, kebab-case… names.
public struct NameStyleInconsistentRule: SetRule {
    public init() {}

    enum Style: String, CaseIterable {
        case snake = "snake_case"
        case camel = "camelCase"
        case pascal = "PascalCase"
        case kebab = "kebab-case"
        case mixed = "mixed separators"

        static func of(_ fullName: String) -> Style? {
            fullName.utf8.allSatisfy({ $0 < 0x80 }) ? ofASCII(Array(fullName.utf8)) : ofCharacters(fullName)
        }

        static func ofCharacters(_ fullName: String) -> Style? {
            // `module.function` names (BFCL's `triangle_properties.get`): the dots are a namespace,
            // and the style is that of the last segment.
            var name = Substring(fullName)
            if let dot = fullName.lastIndex(of: "."), fullName.index(after: dot) < fullName.endIndex {
                name = fullName[fullName.index(after: dot)...]
            }
            let separators = Set(name.filter { $0 == "_" || $0 == "-" || $0 == "." })
            let hasInnerUpper = name.dropFirst().contains(where: \.isUppercase)
            let startsUpper = name.first?.isUppercase == true
            if separators.count > 1 { return .mixed }
            if let separator = separators.first {
                // `get_userId` mixes two conventions; a separator with upper-case initials
                // (`Get_User`) is still that separator's style.
                if hasInnerUpper && name.contains(where: \.isLowercase)
                    && Words.identifierTokens(String(name)).count
                        > name.split(whereSeparator: { $0 == separator }).count
                {
                    return .mixed
                }
                return separator == "_" ? .snake : .kebab
            }
            if hasInnerUpper { return startsUpper ? .pascal : .camel }
            return nil  // one token: fits every style
        }

        /// The same decisions on ASCII bytes (where a character is a byte, apart from CR LF,
        /// which is neither a letter nor a separator), without `Character` properties.
        static func ofASCII(_ fullName: [UInt8]) -> Style? {
            var name = fullName[...]
            if let dot = fullName.lastIndex(of: UInt8(ascii: ".")), dot + 1 < fullName.count {
                name = fullName[(dot + 1)...]
            }
            func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
            func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
            var separators: [UInt8] = []
            for byte in name where byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") {
                if !separators.contains(byte) { separators.append(byte) }
            }
            let hasInnerUpper = name.dropFirst().contains(where: isUpper)
            let startsUpper = name.first.map(isUpper) == true
            if separators.count > 1 { return .mixed }
            if let separator = separators.first {
                if hasInnerUpper && name.contains(where: isLower)
                    && Words.identifierTokens(String(decoding: name, as: UTF8.self)).count
                        > name.split(separator: separator).count
                {
                    return .mixed
                }
                return separator == UInt8(ascii: "_") ? .snake : .kebab
            }
            if hasInnerUpper { return startsUpper ? .pascal : .camel }
            return nil
        }
    }

    public let metadata = RuleMetadata(
        id: "name-style-inconsistent", category: .naming, defaultSeverity: .warning,
        summary: "Tool names in one list use one naming style.",
        explanation: """
            "The convention itself matters less than consistency" (TDQS naming anchor): a list that \
            mixes snake_case, camelCase, kebab-case or dotted names makes names harder to predict. \
            The names in the minority style are reported, pointing at one name in the majority style.
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        set.toolLists.flatMap(check)
    }

    private func check(_ tools: [ToolDefinition]) -> [Finding] {
        var byStyle: [Style: [Located<String>]] = [:]
        for tool in tools {
            guard let name = tool.name, let style = Style.of(name.value) else { continue }
            byStyle[style, default: []].append(name)
        }
        guard byStyle.count > 1 else { return [] }
        let ranked = Style.allCases.compactMap { style in byStyle[style].map { (style, $0) } }
            .sorted { $0.1.count > $1.1.count }
        guard let (major, majorNames) = ranked.first, let example = majorNames.first else { return [] }
        var findings: [Finding] = []
        for (style, names) in ranked.dropFirst() where style != major {
            for name in names {
                findings.append(
                    finding(
                        "`\(name.value.quotedExcerpt())` is \(style.rawValue), but \(majorNames.count) of this list's "
                            + "names are \(major.rawValue); use one style.", at: name.pointer,
                        related: [RelatedLocation(pointer: example.pointer, message: "\(major.rawValue) name")]))
            }
        }
        return findings
    }
}

/// `name-namespace-missing`: a large or multi-service tool set without a shared namespace.
public struct NameNamespaceMissingRule: SetRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "name-namespace-missing", category: .naming, defaultSeverity: .info,
        summary: "Large tool sets namespace their names by service or resource.",
        explanation: """
            With 10 or more tools (option minTools), names that share a service or resource token \
            (asana_projects_search) help the model pick the right tool; Anthropic found the choice of \
            prefix or suffix namespacing has "non-trivial effects". Reported once per list when fewer \
            than 60% (option minShare) of the names share a first or last token.
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        let minTools = context.intOption("minTools", default: 10)
        let minShare = context.doubleOption("minShare", default: 0.6)
        return set.toolLists.compactMap { check($0, minTools: minTools, minShare: minShare) }
    }

    private func check(_ tools: [ToolDefinition], minTools: Int, minShare: Double) -> Finding? {
        let named = tools.filter { $0.name != nil }
        guard named.count >= minTools, let first = named.first?.name else { return nil }
        let tokens = named.map(\.nameTokens)
        let prefix = NamespaceStats.share(tokens, position: { $0.count > 1 ? $0.first : nil })
        let suffix = NamespaceStats.share(tokens, position: { $0.count > 1 ? $0.last : nil })
        let best = max(prefix?.share ?? 0, suffix?.share ?? 0)
        guard best < minShare else { return nil }
        let percent = Int((best * 100).rounded())
        return finding(
            "\(named.count) tools, and at most \(percent)% of their names share a first or last token; "
                + "namespace them as <service>_<resource>_<verb> so the model can tell services apart.",
            at: first.pointer)
    }
}
