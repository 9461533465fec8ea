import JSON
import ToolModel

/// `output-schema-missing`: an MCP tool without `outputSchema`.
public struct OutputSchemaMissingRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "output-schema-missing", category: .output, defaultSeverity: .info,
        summary: "MCP tools declare an `outputSchema`.",
        explanation: """
            An output schema lets clients validate structured results, lets the model parse them, and \
            lets code mode generate typed return values ("The real fix is for server authors to \
            provide outputSchema", MCP client best practices). Option codeMode (false): warn instead \
            of info.
            """,
        targets: [.mcp, .claudeCode])

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard tool.dialect == .mcp, tool.outputSchema == nil else { return [] }
        let severity: Severity = context.option("codeMode")?.boolValue == true ? .warning : .info
        return [
            finding(
                "`\(tool.displayName)` has no outputSchema; describe its structured result so clients and the "
                    + "model can rely on it.", at: tool.anchorPointer, severity: severity)
        ]
    }
}

/// `output-schema-invalid`: the output schema is not an object schema, or not valid JSON Schema.
public struct OutputSchemaInvalidRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "output-schema-invalid", category: .output, defaultSeverity: .error,
        summary: "`outputSchema` is a valid JSON Schema with `type: \"object\"` at the root.",
        explanation: """
            MCP restricts outputSchema to "type: object at the root level", and clients reject \
            invalid schemas: Claude Code rejected an outputSchema with a `true` subschema \
            (inspector#1005). The same structural checks as schema-invalid apply.
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let output = tool.outputSchema else { return [] }
        guard case .object = output.value else {
            return [
                finding(
                    "`\(output.pointer.lastToken ?? "outputSchema")` is \(SchemaRootNotObjectRule.article(output.value)); "
                        + "it must be a JSON Schema object.", at: output.pointer)
            ]
        }
        var findings: [Finding] = []
        switch output.value["type"] {
        case .string(let type) where type == "object" || (tool.dialect == .gemini && type.lowercased() == "object"):
            break
        case .none:
            findings.append(
                finding(
                    "The outputSchema of `\(tool.displayName)` has no \"type\"; MCP requires \"type\": \"object\" "
                        + "at the root.", at: output.pointer,
                    fixes: [
                        Fix(
                            title: "Add \"type\": \"object\"",
                            operations: [.addMember(object: output.pointer, key: "type", value: "object")],
                            isPreferred: output.value["properties"] != nil)
                    ]))
        case .some(let other):
            findings.append(
                finding(
                    "The outputSchema root type is \(other.serialized().quotedExcerpt(30)); MCP allows only \"object\" "
                        + "(wrap the value in a property).", at: output.pointer / "type"))
        }
        var asInput = tool
        asInput.inputSchema = output
        findings += SchemaInvalidRule().check(asInput, in: set, context: context).map { inner in
            var finding = inner
            finding.ruleId = metadata.id
            return finding
        }
        return findings
    }
}

/// `output-unbounded`: a collection read with no way to bound its result.
public struct OutputUnboundedRule: ToolRule {
    public init() {}

    static let collectionVerbs: Set<String> = ["list", "search", "find", "query", "dump", "export", "fetch", "read"]
    static let bounding: Set<String> = [
        "limit", "max", "page", "cursor", "offset", "top", "count", "filter", "query", "since", "until", "range",
        "size", "per", "head", "tail", "first", "last", "start", "end", "after", "before", "from", "to", "n",
        "length", "lines", "where", "pattern", "q", "term", "keyword", "keywords", "prefix", "glob", "search",
    ]
    static let collectionCue = WordPattern("return* all|every|a list")
    static let pluralCue = WordPattern("all|every|list|entries")
    static let truncationCues = WordPatternList([
        "truncat*", "paginat*", "at most", "up to", "maximum|max", "first ~1 results|entries|items|lines",
        "limited to", "capped",
    ])

    public let metadata = RuleMetadata(
        id: "output-unbounded", category: .output, defaultSeverity: .warning,
        summary: "Collection reads take a limit, page, cursor or filter.",
        explanation: """
            A list_*, search_*, dump or export tool with no limit, page, cursor, offset, filter, query \
            or range parameter can return more than the context holds; Claude Code caps tool output at \
            25,000 tokens. Anthropic: "Implement… pagination, range selection, filtering, and/or \
            truncation with sensible default parameter values". A description that says it truncates \
            or paginates counts as bounded.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let name = tool.name else { return [] }
        let tokens = tool.nameTokens
        let words = tool.descriptionWords
        let byName =
            tokens.first.map(Self.collectionVerbs.contains) == true
            || (tokens.first == "get" && tokens.dropFirst().first == "all")
        let byDescription = Self.collectionCue.matches(words)
        guard byName || byDescription else { return [] }
        // Reading or finding one named thing (read_file, fetch a URL, find_card_in_deck) is a
        // single item; only a plural resource or a collection cue makes it a collection read.
        if let verb = tokens.first, ["read", "fetch", "find"].contains(verb), byName,
            !tokens.dropFirst().contains(where: { Words.singular($0) != $0 }),
            !Self.pluralCue.matches(words)
        {
            return []
        }
        let parameters = tool.topLevelProperties.flatMap { Words.identifierTokens($0.key) }
        if parameters.contains(where: Self.bounding.contains) { return [] }
        if Self.truncationCues.matches(words) { return [] }
        return [
            finding(
                "`\(name.value.quotedExcerpt())` returns a collection but takes no limit, page, cursor or filter; "
                    + "add one with a sensible default.", at: name.pointer)
        ]
    }
}

/// `output-low-signal-fields`: results dominated by technical identifiers.
public struct OutputLowSignalFieldsRule: ToolRule {
    public init() {}

    static let readable: Set<String> = ["name", "title", "label", "summary", "description", "display", "text"]

    public let metadata = RuleMetadata(
        id: "output-low-signal-fields", category: .output, defaultSeverity: .info,
        summary: "Results carry human-readable fields, not only technical identifiers.",
        explanation: """
            "Eschew low-level technical identifiers (uuid, 256px_image_url, mime_type)" (Anthropic, \
            Writing tools for agents): an outputSchema whose fields are mostly uuids, hashes, mime \
            types and timestamps, with no name, title, label or summary, costs tokens and tells the \
            model little. Above 15 leaf fields (option maxFields), a response_format parameter \
            (concise/detailed) is suggested; Anthropic's concise response used 72 tokens, the detailed 206.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let output = tool.outputSchema else { return [] }
        var leaves: [String] = []
        SchemaWalker.walk(output.value, at: output.pointer) { node in
            guard let name = node.propertyName, !node.isObjectSchema, node.value["items"] == nil else { return }
            leaves.append(name)
        }
        guard !leaves.isEmpty else { return [] }
        var findings: [Finding] = []
        let technical = leaves.filter(Self.isTechnical)
        let hasReadable = leaves.contains { Words.identifierTokens($0).contains(where: Self.readable.contains) }
        if !hasReadable, technical.count * 2 > leaves.count {
            findings.append(
                finding(
                    "\(technical.count) of \(leaves.count) result fields of `\(tool.displayName)` are technical "
                        + "identifiers (\(technical.prefix(3).joined(separator: ", "))) with no name, title or "
                        + "label; return what the model can reason about.", at: output.pointer))
        }
        let maxFields = context.intOption("maxFields", default: 15)
        if leaves.count > maxFields,
            !tool.topLevelProperties.contains(where: {
                $0.key.lowercased().contains("format") || $0.key.contains("verbos")
            })
        {
            findings.append(
                finding(
                    "`\(tool.displayName)` returns \(leaves.count) fields; offer a response_format parameter "
                        + "(\"concise\" / \"detailed\") so the model can ask for less.", at: output.pointer))
        }
        return findings
    }

    static func isTechnical(_ name: String) -> Bool {
        let lower = name.lowercased()
        let tokens = Words.identifierTokens(name)
        if ["uuid", "guid", "etag", "hash", "sha", "checksum", "mime", "mimetype"].contains(where: tokens.contains) {
            return true
        }
        if lower.hasSuffix("_ts") || lower.hasSuffix("uuid") || lower.contains("mime_type") { return true }
        if let first = tokens.first, first.hasSuffix("px"), first.dropLast(2).allSatisfy(\.isNumber) { return true }
        return tokens.last == "id" || tokens.last == "ids"
    }
}

/// `output-error-guidance-missing`: a tool that can fail says nothing about failure.
public struct OutputErrorGuidanceMissingRule: ToolRule {
    public init() {}

    static let cues = WordPatternList([
        "error*", "fail*", "not found", "invalid", "if|when ~6 missing|absent|exist|exists|unavailable|empty",
        "return* ~2 empty|null|nothing|none", "exception*", "raise*", "throw*", "unless", "otherwise",
    ])

    public let metadata = RuleMetadata(
        id: "output-error-guidance-missing", category: .output, defaultSeverity: .info,
        summary: "Tools that take identifiers or change state say what happens when they fail.",
        explanation: """
            Tool errors should give "actionable feedback" the model can correct itself from (MCP \
            spec, Error Handling; Anthropic; Gemini: "Return informative error messages"). A tool that \
            takes an id or path, or mutates, and whose description never mentions errors, failure, \
            "not found", "invalid" or an empty result leaves the model guessing on failure.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let description = tool.description, !description.value.isBlank else { return [] }
        let takesIdentifier = tool.topLevelProperties.contains { member in
            let tokens = Words.identifierTokens(member.key)
            return tokens.last == "id" || tokens.last == "ids" || tokens.last == "path" || tokens.last == "key"
        }
        let mutates =
            tool.annotation("readOnlyHint") != true && tool.mentions(verbs: Verbs.mutating, inDescription: false) != nil
        guard takesIdentifier || mutates else { return [] }
        let words = tool.descriptionWords
        guard !Self.cues.matches(words) else { return [] }
        return [
            finding(
                "The description of `\(tool.displayName)` does not say what happens on failure (unknown id, "
                    + "invalid input); tell the model what error to expect and how to recover.",
                at: description.pointer)
        ]
    }
}
