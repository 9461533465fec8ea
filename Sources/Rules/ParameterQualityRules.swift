import JSON
import ToolModel

/// Every property schema of a tool's input schema, at any depth.
struct PropertyVisit {
    var name: String
    var schema: JSONValue
    var pointer: JSONPointer
    var parent: JSONValue?
    var parentPointer: JSONPointer?
    var depth: Int

    /// The declared type names (a string or an array of them).
    var types: [String] {
        switch schema["type"] {
        case .string(let name): [name.lowercased()]
        case .array(let names): names.compactMap { $0.stringValue?.lowercased() }
        default: []
        }
    }

    var isRequired: Bool {
        parent?["required"]?.arrayValue?.contains(.string(name)) == true
    }

    var description: String { schema["description"]?.stringValue ?? "" }

    static func all(in tool: ToolDefinition) -> [PropertyVisit] {
        guard let schema = tool.inputSchema else { return [] }
        var visits: [PropertyVisit] = []
        SchemaWalker.walk(schema.value, at: schema.pointer) { node in
            guard let name = node.propertyName, case .object = node.value else { return }
            visits.append(
                PropertyVisit(
                    name: name, schema: node.value, pointer: node.pointer, parent: node.parent,
                    parentPointer: node.parentPointer, depth: node.depth))
        }
        return visits
    }
}

/// `param-ambiguous-name`: `id`, `data`, `user`… say nothing about what is expected.
public struct ParamAmbiguousNameRule: ToolRule {
    public init() {}

    static let ambiguous: Set<String> = [
        "user", "id", "data", "value", "input", "obj", "item", "params", "args", "payload", "info", "target",
        "type", "val", "arg", "param", "thing", "object", "content", "body", "x", "q",
    ]

    public let metadata = RuleMetadata(
        id: "param-ambiguous-name", category: .parameters, defaultSeverity: .info,
        summary: "Parameter names say what they hold (`user_id`, not `user`).",
        explanation: """
            "Instead of a parameter named `user`, try a parameter named `user_id`" (Anthropic, Writing \
            tools for agents). Whole names such as id, data, value, input, payload, type or a single \
            letter leave the model to guess the expected value.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        PropertyVisit.all(in: tool).compactMap { property in
            let lower = property.name.lowercased()
            guard Self.ambiguous.contains(lower) || (property.name.count == 1 && property.name != "q") else {
                return nil
            }
            return finding(
                "Parameter `\(property.name)` of `\(tool.displayName)` is ambiguous; qualify it "
                    + "(e.g. `\(Self.suggestion(for: lower, tool: tool))`).", at: property.pointer, preferKey: true)
        }
    }

    static func suggestion(for name: String, tool: ToolDefinition) -> String {
        let noun = tool.nameTokens.last { !Verbs.opening.contains($0) && !NameGenericRule.generic.contains($0) }
        switch name {
        case "user": return "user_id"
        case "id": return (noun.map { Words.singular($0) } ?? "record") + "_id"
        case "type": return (noun.map { Words.singular($0) } ?? "record") + "_type"
        default: return (noun.map { Words.singular($0) + "_" } ?? "") + name
        }
    }
}

/// `param-no-type`: a property schema with no type at all.
public struct ParamNoTypeRule: ToolRule {
    public init() {}

    static let typing: Set<String> = ["type", "enum", "const", "$ref", "anyOf", "oneOf", "allOf", "not"]

    public let metadata = RuleMetadata(
        id: "param-no-type", category: .parameters, defaultSeverity: .warning,
        summary: "Every parameter declares a type.",
        explanation: """
            A property with none of type, enum, const, $ref, anyOf, oneOf or allOf accepts anything, \
            so the model guesses the shape; strict modes refuse untyped properties. Gemini: "Strong \
            Typing" reduces argument errors.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        PropertyVisit.all(in: tool).compactMap { property in
            guard !(property.schema.objectMembers ?? []).contains(where: { Self.typing.contains($0.key) }) else {
                return nil
            }
            return finding(
                "Parameter `\(property.name)` of `\(tool.displayName)` has no type; add \"type\" (or an enum).",
                at: property.pointer, preferKey: true)
        }
    }
}

/// `param-enum-in-prose`: allowed values listed in the description instead of an `enum`.
public struct ParamEnumInProseRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "param-enum-in-prose", category: .parameters, defaultSeverity: .warning,
        summary: "Allowed values belong in `enum`, not in the description.",
        explanation: """
            "Use enums… to make invalid states unrepresentable" (OpenAI); Gemini gives the same advice. \
            A string parameter without enum whose description lists quoted values (`'l', 'w' or 'c'`), \
            says "one of a, b, c" or has BFCL's [Enum]: [...] gets a quick fix that builds the enum. \
            Quoted values after "e.g.", "for example" or "such as" are examples, not a closed list.
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        PropertyVisit.all(in: tool).compactMap { property in
            guard property.schema["enum"] == nil, property.schema["const"] == nil,
                property.types.isEmpty || property.types.contains("string"),
                let values = ProseEnum.values(in: property.description), values.count >= 2
            else { return nil }
            let listed = values.map { "\"\($0)\"" }.joined(separator: ", ")
            let enumValue = JSONValue.array(values.map { .string($0) })
            return finding(
                "Parameter `\(property.name)` lists its values in prose (\(listed.quotedExcerpt(80))); "
                    + "declare them as an enum.", at: property.pointer / "description",
                fixes: [
                    Fix(
                        title: "Add \"enum\": \(enumValue.serialized().quotedExcerpt(60))",
                        operations: [.addMember(object: property.pointer, key: "enum", value: enumValue)],
                        isPreferred: false)
                ])
        }
    }
}

/// Reads a closed list of values out of a parameter description.
enum ProseEnum {
    static func values(in text: String) -> [String]? {
        guard !text.isEmpty else { return nil }
        if let values = bracketed(text), values.count >= 2 { return values }
        if let values = quotedList(text), values.count >= 2 { return values }
        if let values = oneOfList(text), values.count >= 2 { return values }
        return nil
    }

    /// BFCL's `[Enum]: ["a", "b"]`.
    private static func bracketed(_ text: String) -> [String]? {
        guard let marker = text.firstRange(of: "[Enum]") ?? text.firstRange(of: "Enum:") else { return nil }
        let rest = text[marker.upperBound...]
        guard let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") else { return nil }
        let values = quoted(String(rest[rest.index(after: open)..<close])).map(\.text)
        return values.isEmpty ? nil : values
    }

    /// Two or more quoted tokens joined only by `,` `/` `|` `or` `and`, not introduced as examples.
    private static func quotedList(_ text: String) -> [String]? {
        let tokens = quoted(text)
        guard tokens.count >= 2 else { return nil }
        var best: [String] = []
        var run: [(text: String, range: Range<String.Index>)] = []
        func close() {
            if run.count > best.count, !introducedAsExample(text, before: run[0].range.lowerBound) {
                best = run.map(\.text)
            }
            run = []
        }
        for token in tokens {
            if let last = run.last {
                let between = text[last.range.upperBound..<token.range.lowerBound].lowercased()
                let glue = between.filter { !" ,/|".contains($0) }
                if glue.isEmpty || glue == "or" || glue == "and" {
                    run.append(token)
                    continue
                }
                close()
            }
            run.append(token)
        }
        close()
        return best.count >= 2 ? best : nil
    }

    /// `one of a, b, c` / `one of: a | b` with bare words.
    private static func oneOfList(_ text: String) -> [String]? {
        let lower = text.lowercased()
        // Lower-casing ASCII keeps offsets; descriptions with other scripts are skipped.
        guard text.utf8.allSatisfy({ $0 < 0x80 }), let marker = lower.firstRange(of: "one of") else { return nil }
        let offset = lower.distance(from: lower.startIndex, to: marker.upperBound)
        var rest = text[text.index(text.startIndex, offsetBy: offset)...].drop { $0 == ":" || $0 == " " }
        if let stop = rest.firstIndex(where: { $0 == "." || $0 == "\n" || $0 == ";" || $0 == ")" }) {
            rest = rest[..<stop]
        }
        let parts = String(rest).replacing(" or ", with: ",").replacing(" and ", with: ",")
            .split(whereSeparator: { $0 == "," || $0 == "|" || $0 == "/" })
            .map { $0.trimming(" '\"`") }
        guard parts.count >= 2,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 30 && !$0.contains(" ") })
        else { return nil }
        return parts
    }

    /// Whether the text just before a character offset introduces an example ("e.g.", "such as").
    static func introducedAsExample(_ text: String, beforeOffset offset: Int) -> Bool {
        introducedAsExample(text, before: text.index(text.startIndex, offsetBy: offset))
    }

    private static func introducedAsExample(_ text: String, before index: String.Index) -> Bool {
        let head = text[..<index].suffix(24).lowercased()
        return ["e.g", "eg.", "example", "such as", "like", "i.e", "instance", "format"].contains { head.contains($0) }
    }

    /// Tokens in '…', "…" or `…` of at most 40 characters.
    static func quoted(_ text: String) -> [(text: String, range: Range<String.Index>)] {
        var result: [(String, Range<String.Index>)] = []
        var index = text.startIndex
        while index < text.endIndex {
            let quote = text[index]
            guard quote == "'" || quote == "\"" || quote == "`" else {
                index = text.index(after: index)
                continue
            }
            // An apostrophe inside a word (`don't`) does not open a quote.
            if quote == "'", index > text.startIndex, text[text.index(before: index)].isLetter {
                index = text.index(after: index)
                continue
            }
            let start = text.index(after: index)
            guard let end = text[start...].firstIndex(of: quote) else { break }
            let content = String(text[start..<end])
            if !content.isEmpty, content.count <= 40, !content.contains("\n") {
                result.append((content, index..<text.index(after: end)))
                index = text.index(after: end)
            } else {
                index = start
            }
        }
        return result
    }
}

extension StringProtocol {
    fileprivate func trimming(_ characters: String) -> String {
        let trimmed = drop { characters.contains($0) }
        var end = trimmed.endIndex
        while end > trimmed.startIndex, characters.contains(trimmed[trimmed.index(before: end)]) {
            end = trimmed.index(before: end)
        }
        return String(trimmed[trimmed.startIndex..<end])
    }
}

/// `param-exclusive-booleans`: `on`/`off`, `include_x`/`exclude_x`… booleans that should be one enum.
public struct ParamExclusiveBooleansRule: ToolRule {
    public init() {}

    static let antonyms: [(String, String)] = [
        ("on", "off"), ("enable", "disable"), ("enabled", "disabled"), ("show", "hide"), ("include", "exclude"),
        ("asc", "desc"), ("ascending", "descending"), ("open", "close"), ("start", "stop"), ("allow", "deny"),
        ("yes", "no"), ("visible", "hidden"), ("public", "private"), ("lock", "unlock"), ("add", "remove"),
        ("before", "after"), ("min", "max"), ("up", "down"), ("in", "out"), ("first", "last"),
    ]
    static let negations: Set<String> = ["no", "not", "non", "dont", "skip", "without", "disable"]

    public let metadata = RuleMetadata(
        id: "param-exclusive-booleans", category: .parameters, defaultSeverity: .warning,
        summary: "Mutually exclusive booleans should be one enum.",
        explanation: """
            OpenAI's example: toggle_light(on: bool, off: bool) "allows for invalid calls". Boolean \
            siblings that are antonyms (on/off, show/hide, include_x/exclude_x, asc/desc) or the same \
            stem negated (x/no_x) let the model send both; one enum parameter cannot contradict itself.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        var byParent: [JSONPointer: [PropertyVisit]] = [:]
        for property in PropertyVisit.all(in: tool) where property.types == ["boolean"] {
            byParent[property.parentPointer ?? .root, default: []].append(property)
        }
        var findings: [Finding] = []
        for siblings in byParent.values.sorted(by: { $0[0].pointer < $1[0].pointer }) where siblings.count > 1 {
            for (i, a) in siblings.enumerated() {
                for b in siblings[(i + 1)...] where Self.opposed(a.name, b.name) {
                    findings.append(
                        finding(
                            "Booleans `\(a.name)` and `\(b.name)` of `\(tool.displayName)` exclude each other; "
                                + "replace them with one enum parameter.", at: b.pointer, preferKey: true,
                            related: [RelatedLocation(pointer: a.pointer, message: "`\(a.name)`")]))
                }
            }
        }
        return findings
    }

    static func opposed(_ a: String, _ b: String) -> Bool {
        let x = Words.identifierTokens(a)
        let y = Words.identifierTokens(b)
        if x.count == y.count {
            let differing = zip(x, y).filter { $0 != $1 }
            if differing.count == 1, let (p, q) = differing.first {
                if antonyms.contains(where: { ($0 == p && $1 == q) || ($0 == q && $1 == p) }) { return true }
                if q == "un" + p || p == "un" + q || q == "dis" + p || p == "dis" + q { return true }
            }
        }
        if y.count == x.count + 1, let first = y.first, negations.contains(first), Array(y.dropFirst()) == x {
            return true
        }
        if x.count == y.count + 1, let first = x.first, negations.contains(first), Array(x.dropFirst()) == y {
            return true
        }
        return false
    }
}

/// `param-default-issues`: a default that its own schema rejects; an optional parameter whose
/// default is unstated.
public struct ParamDefaultIssuesRule: ToolRule {
    public init() {}

    static let placeholders: Set<String> = ["none", "null", "nil", "undefined", "n/a"]

    public let metadata = RuleMetadata(
        id: "param-default-issues", category: .parameters, defaultSeverity: .warning,
        summary: "Defaults match their schema, and optional parameters state their default.",
        explanation: """
            A default must validate against its own schema: BFCL writes "default": "None" for "no \
            default", and a default outside the enum can never be sent back (warning). An optional \
            top-level parameter with neither `default` nor "defaults to…" in its description leaves \
            the model to guess what omitting it means (info; AWS Prescriptive Guidance: provide \
            defaults "so the LLM does not have to guess").
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        let openAPI = tool.usesOpenAPISchema
        for property in PropertyVisit.all(in: tool) {
            if let value = property.schema["default"] {
                if let problem = Self.problem(with: value, in: property, openAPI: openAPI) {
                    let at = property.pointer / "default"
                    var fixes = [Fix(title: "Remove the default", operations: [.remove(at)])]
                    // A default outside its enum may instead be a value the enum forgot.
                    if let options = property.schema["enum"]?.arrayValue, !options.contains(value), !value.isNull {
                        fixes.append(
                            Fix(
                                title: "Add \(value.serialized().quotedExcerpt(30)) to the enum",
                                operations: [.appendElement(array: property.pointer / "enum", value: value)]))
                    }
                    findings.append(finding("Default of `\(property.name)` \(problem).", at: at, fixes: fixes))
                }
                continue
            }
            guard property.depth == 1, !property.isRequired,
                !property.types.contains("object"), !property.types.contains("array")
            else { continue }
            let words = Words.of(property.description)
            if Self.defaultCues.matches(words) {
                continue
            }
            findings.append(
                finding(
                    "Optional parameter `\(property.name)` of `\(tool.displayName)` has no default; state what "
                        + "omitting it means (\"default\" or \"Defaults to …\").", at: property.pointer,
                    severity: .info, preferKey: true))
        }
        return findings
    }

    /// Parsed once: the rule runs for every optional parameter.
    static let defaultCues = WordPatternList([
        "default* to|is|value|of|when|if|none|false|true", "defaults|default|optional|omitted|omit*|unset|empty|by",
    ])

    static func problem(with value: JSONValue, in property: PropertyVisit, openAPI: Bool) -> String? {
        if let options = property.schema["enum"]?.arrayValue, !options.contains(value), !value.isNull {
            return "is \(value.serialized().quotedExcerpt(30)), which is not one of its enum values"
        }
        let types = property.types.filter { SchemaTypes.isValid($0, openAPI: true) }
        if case .string(let text) = value, placeholders.contains(text.lowercased()) {
            return "is the string \"\(text)\"; leave `default` out when there is none"
        }
        guard !types.isEmpty else { return nil }
        if value.isNull, property.schema["nullable"]?.boolValue == true { return nil }
        if !types.contains(where: { SchemaTypes.value(value, fits: $0) }) {
            return "is \(SchemaRootNotObjectRule.article(value)), but its type is "
                + types.map { "\"\($0)\"" }.joined(separator: " or ")
        }
        return nil
    }
}

/// `param-format-unspecified`: a date, URL, path or id string with no format and no hint.
public struct ParamFormatUnspecifiedRule: ToolRule {
    public init() {}

    static let formatTokens: Set<String> = [
        "date", "time", "timestamp", "datetime", "url", "uri", "email", "phone", "path", "file", "dir", "directory",
        "currency", "locale", "lang", "language", "filename", "filepath", "folder", "birthday", "dob",
    ]
    static let pathTokens: Set<String> = ["path", "file", "dir", "directory", "filepath", "filename", "folder"]
    static let cues = WordPatternList([
        "e g", "eg", "format*", "iso*", "yyyy*", "absolute", "relative", "example*", "like", "such as", "rfc*",
        "utc", "unix", "epoch", "http*", "mm", "dd", "hh", "e164", "bcp", "code*", "url", "uri",
    ])

    public let metadata = RuleMetadata(
        id: "param-format-unspecified", category: .parameters, defaultSeverity: .info,
        summary: "Dates, URLs, paths, ids and the like say their format.",
        explanation: """
            OpenAI: describe "each parameter (and its format)". A string parameter named like a date, \
            time, URL, email, phone, path, file, id, currency or locale with no format, pattern or enum \
            and no format cue in its description (e.g., format, ISO, YYYY, absolute, example) leaves \
            the format to chance. Anthropic's SWE-bench agent "changed the tool to always require \
            absolute filepaths" after relative-path mistakes.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        PropertyVisit.all(in: tool).compactMap { property in
            guard property.types.contains("string"), property.schema["format"] == nil,
                property.schema["pattern"] == nil, property.schema["enum"] == nil
            else { return nil }
            let tokens = Words.identifierTokens(property.name)
            let kind =
                tokens.first(where: Self.formatTokens.contains)
                ?? (tokens.last == "at" && tokens.count > 1 ? "timestamp" : nil)
                ?? (tokens.last == "id" || tokens.last == "ids" ? "id" : nil)
            guard let kind else { return nil }
            // No description at all is param-no-description's finding already.
            guard !property.description.isBlank else { return nil }
            let words = Words.of(property.description)
            if Self.cues.matches(words) { return nil }
            var advice = "say which format it takes (an example or `format`)"
            if Self.pathTokens.contains(kind) { advice = "say whether the path must be absolute, and give an example" }
            if kind == "id" { advice = "say where the id comes from or give an example" }
            return finding(
                "Parameter `\(property.name)` of `\(tool.displayName)` looks like a \(kind) but does not say its "
                    + "format; \(advice).", at: property.pointer, preferKey: true)
        }
    }
}

/// `param-model-fills-known-context`: secrets and session context asked of the model.
public struct ParamModelFillsKnownContextRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "param-model-fills-known-context", category: .parameters, defaultSeverity: .warning,
        summary: "Do not make the model fill API keys, tokens, passwords or session context.",
        explanation: """
            "Don't make the model fill arguments you already know" (OpenAI). A secret in a parameter \
            flows through the model's context, where injected instructions can read or replace it; \
            session, tenant and account context belongs to the server. Pagination tokens \
            (page_token, next_token) and token counts (max_tokens) are not credentials.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        PropertyVisit.all(in: tool).compactMap { property in
            guard let kind = Self.kind(of: property.name) else { return nil }
            return finding(
                "Parameter `\(property.name)` of `\(tool.displayName)` asks the model for \(kind); take it from "
                    + "the server's configuration or session instead.", at: property.pointer, preferKey: true)
        }
    }

    private static let credentialWords = [
        "apikey", "apitoken", "accesskey", "secretkey", "privatekey", "clientsecret",
    ].map { Array($0.utf8) }

    static func kind(of name: String) -> String? {
        let tokens = Words.identifierTokens(name)
        let joined = Array(tokens.joined().utf8)
        if credentialWords.contains(where: { !Bytes.occurrences(of: $0, in: joined).isEmpty }) {
            return "a credential"
        }
        if tokens.contains(where: { ["password", "passwd", "secret", "credential", "credentials"].contains($0) }) {
            return "a credential"
        }
        if tokens.last == "token" {
            let before = tokens.dropLast().last ?? ""
            let pagination: Set<String> = ["page", "next", "continuation", "pagination", "cursor", "sync", "resume"]
            return pagination.contains(before) ? nil : "a token"
        }
        if tokens == ["auth"] || tokens == ["authorization"] || tokens.first == "auth" && tokens.count == 2 {
            return "authorization"
        }
        // `session_date` or `session_length` describe a session the user talks about.
        if tokens == ["session"]
            || (tokens.first == "session" && ["id", "key", "token", "cookie"].contains(tokens.last ?? ""))
            || tokens == ["tenant"] || tokens == ["tenant", "id"] || tokens == ["caller"]
        {
            return "session context"
        }
        if tokens == ["org", "id"] || tokens == ["organization", "id"] || tokens == ["account", "id"] {
            return "account context"
        }
        return nil
    }
}

/// `param-count-high`: too many parameters to fill reliably.
public struct ParamCountHighRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "param-count-high", category: .parameters, defaultSeverity: .warning,
        summary: "At most 10 top-level and 20 parameters in all.",
        explanation: """
            Wide schemas raise the cost of calling and the chance of a wrong argument; AgentDX and \
            chief-builder both warn above 10 parameters, and Anthropic's strict compiler caps optional \
            parameters at 24. Options: maxTopLevel (10), maxTotal (20).
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let schema = tool.inputSchema else { return [] }
        let top = tool.topLevelProperties.count
        let total = PropertyVisit.all(in: tool).count
        let maxTop = context.intOption("maxTopLevel", default: 10)
        let maxTotal = context.intOption("maxTotal", default: 20)
        let at = schema.value["properties"] != nil ? schema.pointer / "properties" : schema.pointer
        if top > maxTop {
            return [
                finding(
                    "`\(tool.displayName)` has \(top) top-level parameters (more than \(maxTop)); split the tool or "
                        + "group options into an object.", at: at, preferKey: true)
            ]
        }
        if total > maxTotal {
            return [
                finding(
                    "`\(tool.displayName)` has \(total) parameters in all (more than \(maxTotal)).", at: at,
                    preferKey: true)
            ]
        }
        return []
    }
}
