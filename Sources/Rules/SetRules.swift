import JSON
import Tokenizer
import ToolModel

extension ToolSet {
    /// Where findings about the whole list point: the array holding the first tool.
    var listPointer: JSONPointer? { tools.first?.group }

    /// The tools grouped by tool list (one API request each), in document order. A BFCL file
    /// holds one list per record; comparing tools across records would compare strangers.
    var toolLists: [[ToolDefinition]] {
        // One list is the usual case: no tool is copied into a new array.
        if let group = tools.first?.group, tools.allSatisfy({ $0.group == group }) { return [tools] }
        var order: [JSONPointer] = []
        var lists: [JSONPointer: [ToolDefinition]] = [:]
        for tool in tools {
            if lists[tool.group] == nil { order.append(tool.group) }
            lists[tool.group, default: []].append(tool)
        }
        return order.map { lists[$0]! }
    }
}

/// `set-tool-count`: more tools than selection handles well, or than an API accepts.
public struct SetToolCountRule: SetRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "set-tool-count", category: .set, defaultSeverity: .warning,
        summary: "Tool count stays within what each target selects well and accepts.",
        explanation: """
            Selection degrades as tool sets grow: OpenAI "Aim for fewer than 20 functions" (soft); \
            Gemini "a maximum of 10-20"; Anthropic selection "degrades once you exceed 30-50"; Cursor \
            sent only the first 40 tools (info); OpenAI and VS Code Copilot reject more than 128 \
            (error). Counted per tool list and across the workspace. Options: warnAt and errorAt \
            override the target thresholds.
            """)

    struct Threshold {
        var count: Int
        var severity: Severity
        var reason: String
    }

    static func thresholds(for targets: Set<Target>) -> [Threshold] {
        var result: [Threshold] = []
        if targets.contains(.openai) || targets.contains(.openaiStrict) || targets.contains(.portable) {
            result.append(Threshold(count: 20, severity: .warning, reason: "OpenAI advises fewer than 20 functions"))
            result.append(Threshold(count: 128, severity: .error, reason: "OpenAI accepts at most 128 tools"))
        }
        if targets.contains(.gemini) {
            result.append(Threshold(count: 20, severity: .warning, reason: "Gemini advises at most 10-20 functions"))
        }
        if targets.contains(.anthropic) || targets.contains(.claudeCode) {
            result.append(
                Threshold(count: 30, severity: .warning, reason: "Claude's selection degrades beyond 30-50 tools"))
        }
        if targets.contains(.mcp) || targets.contains(.claudeCode) {
            result.append(Threshold(count: 40, severity: .info, reason: "Cursor sent only the first 40 tools"))
            result.append(
                Threshold(count: 128, severity: .error, reason: "VS Code Copilot rejects more than 128 tools"))
        }
        return result
    }

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        var thresholds = Self.thresholds(for: context.targets)
        if let warn = context.option("warnAt")?.numberValue {
            thresholds.removeAll { $0.severity != .error }
            thresholds.append(Threshold(count: Int(warn), severity: .warning, reason: "the configured limit"))
        }
        if let error = context.option("errorAt")?.numberValue {
            thresholds.removeAll { $0.severity == .error }
            thresholds.append(Threshold(count: Int(error), severity: .error, reason: "the configured limit"))
        }
        guard let list = set.listPointer else { return [] }
        var groups: [JSONPointer: Int] = [:]
        for tool in set.tools { groups[tool.group, default: 0] += 1 }
        let local = groups.values.max() ?? 0
        let total = local + workspace.reduce(0) { $0 + $1.tools.count }
        let counted = max(local, total)
        let exceeded = thresholds.filter { counted > $0.count }
        guard let worst = exceeded.max(by: { ($0.severity, $0.count) < ($1.severity, $1.count) }) else { return [] }
        let scope = total > local ? "\(total) tools across the workspace (\(local) here)" : "\(local) tools"
        return [
            finding(
                "\(scope): more than \(worst.count), and \(worst.reason); defer or group tools (tool search, "
                    + "progressive discovery).", at: list, severity: worst.severity, preferKey: true)
        ]
    }
}

/// `set-token-budget`: definitions cost tokens on every request.
public struct SetTokenBudgetRule: SetRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "set-token-budget", category: .set, defaultSeverity: .warning,
        summary: "Tool definitions stay under 10,000 tokens or 5% of the context window.",
        explanation: """
            Definitions are billed on every request. Anthropic recommends tool search at "10 or more \
            tools, or more than 10k tokens"; the MCP client guide suggests progressive discovery at \
            1–5% of the context window. Tokens are counted with the exact o200k_base tokenizer on \
            each tool's compact JSON (characters ÷ 4 only when the vocabulary cannot be loaded, or \
            for a definition over 4 MB), plus Claude's 346-token tool-use system prompt under the \
            anthropic target. Options: maxTokens (10000), contextWindow (200000), maxShare (0.05).
            """)

    /// o200k_base tokens of the tool's compact JSON; characters ÷ 4 when the vocabulary is not
    /// available or the definition is huge (it is over any budget either way).
    static func estimate(_ tool: ToolDefinition) -> Int {
        let length = compactLength(tool.raw)
        // Serialising recurses once per level: a hostile, deeply nested schema (built in memory,
        // past the parsers' 512-level cap) is estimated instead.
        guard length <= 4 << 20, depth(tool.raw) <= 256, let encoding = try? Encoding.named(.o200kBase) else {
            return (length + 3) / 4
        }
        return encoding.count(tool.raw.serialized())
    }

    /// Nesting depth, counted iteratively.
    static func depth(_ value: JSONValue) -> Int {
        var deepest = 0
        var stack = [(value, 1)]
        while let (next, level) = stack.popLast() {
            deepest = max(deepest, level)
            switch next {
            case .array(let items): stack += items.map { ($0, level + 1) }
            case .object(let members): stack += members.map { ($0.value, level + 1) }
            default: break
            }
        }
        return deepest
    }

    /// The length of the value's compact JSON, counted iteratively (serialising a hostile,
    /// deeply nested schema would recurse past the stack). Escapes are not counted: it feeds an
    /// estimate.
    static func compactLength(_ value: JSONValue) -> Int {
        var length = 0
        var stack = [value]
        while let next = stack.popLast() {
            switch next {
            case .null: length += 4
            case .bool(let flag): length += flag ? 4 : 5
            case .integer(let number): length += String(number).utf8.count
            case .double(let number): length += JSONValue.format(number).utf8.count
            case .string(let text): length += text.utf8.count + 2
            case .array(let items):
                length += 2 + max(0, items.count - 1)
                stack += items
            case .object(let members):
                length += 2 + max(0, members.count - 1)
                for member in members {
                    length += member.key.utf8.count + 3
                    stack.append(member.value)
                }
            }
        }
        return length
    }

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        guard let list = set.listPointer else { return [] }
        let overhead = context.targets.contains(.anthropic) ? 346 : 0
        // Each tool is estimated once (tokenizing is the expensive part), or not at all when
        // the caller kept its estimate from an earlier analysis.
        let summaries = SetRuleSummaries.bound(to: set)
        let estimates = set.tools.indices.map { summaries.tokens(at: $0, of: set) }
        var perList: [JSONPointer: Int] = [:]
        for index in set.tools.indices { perList[set.tools[index].group, default: 0] += estimates[index] }
        let local = (perList.values.max() ?? 0) + overhead
        let total =
            local
            + workspace.reduce(0) { sum, other in
                sum + WorkspaceSummaries.shared.summaries(of: other).reduce(0) { $0 + ($1.tokens ?? 0) }
            }
        let maxTokens = context.intOption("maxTokens", default: 10_000)
        let window = context.doubleOption("contextWindow", default: 200_000)
        let share = context.doubleOption("maxShare", default: 0.05)
        let limit = min(maxTokens, Int(window * share))
        guard total > limit else { return [] }
        // The first of the largest, as `max(by:)` picks.
        var heaviest: Int?
        for index in estimates.indices where heaviest.map({ estimates[$0] < estimates[index] }) ?? true {
            heaviest = index
        }
        let unit = (try? Encoding.named(.o200kBase)) == nil ? "characters ÷ 4" : "o200k_base"
        let scope = total > local ? "\(total) across the workspace, \(local) here" : "\(local)"
        var message =
            "Tool definitions take about \(scope) tokens (\(unit)), over the \(limit)-token budget; "
            + "defer rarely used tools or shorten descriptions."
        if let heaviest {
            message += " Largest: `\(set.tools[heaviest].displayName)` (≈\(estimates[heaviest]))."
        }
        return [finding(message, at: list, preferKey: true)]
    }
}

/// `set-name-collision`: the same tool name in two documents (servers) of the workspace.
public struct SetNameCollisionRule: SetRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "set-name-collision", category: .set, defaultSeverity: .warning,
        summary: "Tool names are unique across the servers of a workspace.",
        explanation: """
            "Clients… MAY encounter naming collisions… SHOULD implement a disambiguation strategy" \
            (MCP spec, 2026-07-28), and serverInfo.name is not guaranteed unique: two servers each \
            exposing `search` leave the client and the model guessing. Prefix the names with the \
            service. Duplicates within one list are name-duplicate's.
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        var elsewhere: [String: (ToolDefinition, String)] = [:]
        for other in workspace {
            for tool in other.tools {
                if let name = tool.name?.value, elsewhere[name] == nil { elsewhere[name] = (tool, other.uri) }
            }
        }
        return set.tools.compactMap { tool in
            guard let name = tool.name, let (twin, uri) = elsewhere[name.value] else { return nil }
            return finding(
                "`\(name.value.quotedExcerpt())` is also defined in \(uri.fileName); prefix the names with their "
                    + "service so clients and the model can tell them apart.", at: name.pointer,
                related: [RelatedLocation(uri: uri, pointer: twin.anchorPointer, message: "same name")])
        }
    }
}

/// `set-param-name-drift`: one concept spelled several ways across tools.
public struct SetParamNameDriftRule: SetRule {
    public init() {}

    static let synonyms: [[String]] = [
        ["repo", "repository"], ["userid", "uid"], ["limit", "maxresult", "perpage", "pagesize", "maxresults"],
        ["dir", "directory", "folder"], ["filepath", "path", "filename"], ["q", "query", "searchquery", "searchterm"],
        ["msg", "message"], ["desc", "description"], ["num", "number", "count"],
    ]

    public let metadata = RuleMetadata(
        id: "set-param-name-drift", category: .set, defaultSeverity: .info,
        summary: "One concept has one parameter name across tools.",
        explanation: """
            Tools that call the same thing `repo_path`, `repoPath` and `repository` invite argument \
            mistakes (TDQS naming consistency; chief-builder NAM-006). Top-level parameter names are \
            normalised (lower case, no _ or -, singular) and grouped with a small synonym table \
            (repo/repository, limit/max_results/per_page/page_size, dir/directory/folder…); names in \
            the minority spelling are reported, pointing at the majority spelling.
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        var canonical: [String: String] = [:]
        for group in Self.synonyms { for name in group { canonical[name] = group[0] } }
        func key(_ name: String) -> String {
            let normal = Words.singular(name.lowercased().filter { $0 != "_" && $0 != "-" })
            return canonical[normal] ?? normal
        }
        // Spellings per concept, counted over the workspace, with one place each is used.
        var findings: [Finding] = []
        for list in set.toolLists {
            findings += check(list, set: set, workspace: workspace, key: key)
        }
        return findings
    }

    private func check(
        _ list: [ToolDefinition], set: ToolSet, workspace: [ToolSet], key: (String) -> String
    ) -> [Finding] {
        // Each spelling's count and first place; the place's location is only built for the
        // majority spellings that end up in a finding. A place is a position (`source` -1 for
        // `list`, else the workspace document), so counting copies no tool.
        struct Spelling {
            var count: Int
            var source: Int
            var tool: Int
        }
        var spellings: [String: [String: Spelling]] = [:]
        // Parameter names repeat across tools; each is normalised once.
        var keys: [String: String] = [:]
        func cachedKey(_ name: String) -> String {
            if let known = keys[name] { return known }
            let normal = key(name)
            keys[name] = normal
            return normal
        }
        func count(_ tool: ToolDefinition, source: Int, position: Int) {
            guard tool.inputSchema != nil else { return }
            for member in tool.topLevelProperties {
                let concept = cachedKey(member.key)
                if spellings[concept]?[member.key] != nil {
                    spellings[concept]![member.key]!.count += 1
                } else {
                    spellings[concept, default: [:]][member.key] = Spelling(count: 1, source: source, tool: position)
                }
            }
        }
        for (position, tool) in list.enumerated() { count(tool, source: -1, position: position) }
        for (source, other) in workspace.enumerated() {
            for (position, tool) in other.tools.enumerated() { count(tool, source: source, position: position) }
        }
        var findings: [Finding] = []
        for tool in list {
            guard let schema = tool.inputSchema else { continue }
            for member in tool.topLevelProperties {
                guard let variants = spellings[cachedKey(member.key)], variants.count > 1 else { continue }
                let majority = variants.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }!
                guard majority.key != member.key else { continue }
                let others = variants.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
                findings.append(
                    finding(
                        "Parameter `\(member.key)` of `\(tool.displayName)` names a concept other tools call "
                            + "`\(majority.key)` (spellings: \(others)); use one name.",
                        at: schema.pointer / "properties" / member.key, preferKey: true,
                        related: [
                            majority.value.source < 0
                                ? Self.place(of: majority.key, in: list[majority.value.tool], uri: nil)
                                : Self.place(
                                    of: majority.key, in: workspace[majority.value.source].tools[majority.value.tool],
                                    uri: workspace[majority.value.source].uri)
                        ]))
            }
        }
        return findings
    }
}

extension SetParamNameDriftRule {
    /// Where a tool spells a parameter `name`.
    static func place(of name: String, in tool: ToolDefinition, uri: String?) -> RelatedLocation {
        RelatedLocation(
            uri: uri, pointer: (tool.inputSchema?.pointer ?? tool.definitionPointer) / "properties" / name,
            message: "`\(name)` in `\(tool.displayName)`")
    }
}

/// `set-consolidation-candidate`: CRUD families and tools always called in sequence.
public struct SetConsolidationCandidateRule: SetRule {
    public init() {}

    static let crud: Set<String> = [
        "create", "get", "update", "delete", "list", "add", "remove", "edit", "read", "set", "fetch", "patch",
    ]

    public let metadata = RuleMetadata(
        id: "set-consolidation-candidate", category: .set, defaultSeverity: .info,
        summary: "CRUD families and tools always used in sequence could be one tool.",
        explanation: """
            Anthropic suggests grouping operations on one resource "into a single tool with an \
            `action` parameter", and OpenAI to "combine functions that are always called in \
            sequence". Reported: three or more tools of one list sharing a resource with CRUD verbs \
            (create_X, get_X, update_X, delete_X, list_X), and a description saying to call another \
            tool of the list first. Trade-off: separate tools allow per-tool permissions and honest \
            annotations, so this stays info.
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        // Families hold positions: sorting and moving them copies no tool.
        var families: [String: [Int]] = [:]
        for (position, tool) in set.tools.enumerated() {
            let tokens = tool.nameTokens
            guard tokens.count > 1, let verbIndex = tokens.firstIndex(where: Self.crud.contains) else { continue }
            var rest = tokens
            rest.remove(at: verbIndex)
            let resource = rest.map(Words.singular).joined(separator: "_")
            families["\(tool.group)|\(resource)", default: []].append(position)
        }
        var findings: [Finding] = []
        let minimum = context.intOption("minFamily", default: 3)
        // By the first tool's pointer, as `JSONPointer`'s `<` compares them (their text), each
        // text built once rather than per comparison.
        let ordered = families.map {
            (key: $0.key, positions: $0.value, order: set.tools[$0.value[0]].pointer.description)
        }
        .sorted { $0.order < $1.order }
        for (key, positions, _) in ordered where positions.count >= minimum {
            let tools = positions.map { set.tools[$0] }
            let resource = String(key.split(separator: "|").last ?? "")
            let first = tools[0]
            findings.append(
                finding(
                    "\(tools.count) tools act on `\(resource)` (\(tools.map { "`\($0.displayName)`" }.joined(separator: ", "))); "
                        + "consider one `\(resource)` tool with an `action` enum (at the cost of per-tool permissions).",
                    at: first.anchorPointer,
                    related: tools.dropFirst().map {
                        RelatedLocation(pointer: $0.anchorPointer, message: "`\($0.displayName)`")
                    }))
        }
        findings += sequenceFindings(set)
        return findings
    }

    private func sequenceFindings(_ set: ToolSet) -> [Finding] {
        var byName: [String: ToolDefinition] = [:]
        for tool in set.tools {
            if let name = tool.name?.value, name.contains("_") || name.count > 6 { byName[name.lowercased()] = tool }
        }
        var findings: [Finding] = []
        let summaries = SetRuleSummaries.bound(to: set)
        for (position, tool) in set.tools.enumerated() {
            guard let description = tool.description else { continue }
            for window in summaries.sequenceWindows(at: position, of: set) {
                guard
                    let (name, other) = byName.first(where: {
                        $0.value.pointer != tool.pointer && $0.value.group == tool.group && window.contains($0.key)
                    })
                else { continue }
                findings.append(
                    finding(
                        "`\(tool.displayName)` is meant to follow `\(name)`; if they are always called in sequence, "
                            + "combine them.", at: description.pointer,
                        related: [RelatedLocation(pointer: other.anchorPointer, message: "`\(name)`")]))
                break
            }
        }
        return findings
    }

    /// The words around each "after" and "first" of the tool's description, joined by `_`.
    static func sequenceWindows(of tool: ToolDefinition) -> [String] {
        guard let description = tool.description else { return [] }
        let words = Words.of(description.value)
        return words.indices.filter { words[$0] == "after" || words[$0] == "first" }.map { index in
            words[max(0, index - 6)..<min(words.count, index + 8)].joined(separator: "_")
        }
    }
}
