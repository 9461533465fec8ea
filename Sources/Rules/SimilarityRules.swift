import JSON
import ToolModel

/// `set-near-duplicate`: two tools the model cannot tell apart.
public struct SetNearDuplicateRule: SetRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "set-near-duplicate", category: .set, defaultSeverity: .warning,
        summary: "Tools of a workspace are distinguishable by name and description.",
        explanation: """
            "Bloated tool sets… ambiguous decision points" (Anthropic, context engineering): tools \
            whose TF-IDF vectors over name tokens and description words have a cosine of 0.80 or more \
            (option threshold), or whose names share ≥60% of their tokens with the same verb and \
            overlapping required parameters, are near-duplicates. Both tools are reported, each \
            pointing at the other. Compared within one tool list and across the workspace's documents.
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        let threshold = context.doubleOption("threshold", default: NearDuplicates.defaultThreshold)
        return NearDuplicates.matches(set, workspace, threshold: threshold).map { match in
            let percent = Int((match.cosine * 100).rounded())
            let place = match.other.isLocal ? "" : " in \(match.other.uri.fileName)"
            let how =
                match.byName
                ? "shares its verb, most name words and required parameters with" : "is \(percent)% similar to"
            let measure = match.byName ? "text \(percent)% similar" : "TF-IDF cosine of name and description"
            return finding(
                "`\(match.local.tool.displayName)` \(how) `\(match.other.tool.displayName)`\(place) (\(measure)); "
                    + "make their names and descriptions say when to use which, or merge them.",
                at: match.local.tool.anchorPointer,
                related: [match.other.related("`\(match.other.tool.displayName)`")])
        }
    }
}

extension String {
    /// The last path component of a URI, for messages.
    var fileName: String { split(separator: "/").last.map(String.init) ?? self }
}

/// `desc-missing-disambiguation`: a near-duplicate's description does not say when to prefer it.
public struct DescMissingDisambiguationRule: SetRule {
    public init() {}

    static let cues = WordPatternList([
        "do|does not use|call", "don't use|call", "not for", "instead", "rather than", "prefer*", "unlike",
        "as opposed to", "only when|if|for", "use ~3 for|when ~12 use|call", "differs|different from",
    ])

    public let metadata = RuleMetadata(
        id: "desc-missing-disambiguation", category: .description, defaultSeverity: .warning,
        summary: "A tool with a near-duplicate says when to use it rather than the other.",
        explanation: """
            "If a human engineer can't definitively say which tool should be used… an AI agent can't \
            be expected to do better" (Anthropic). For each set-near-duplicate pair, the description \
            must name the sibling or contain an exclusion cue (do not use, not for, instead, rather \
            than, unlike, only when). Naming the alternative is the top anchor of TDQS Usage Guidelines.
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        let threshold = context.doubleOption("threshold", default: NearDuplicates.defaultThreshold)
        var reported = Set<JSONPointer>()
        var findings: [Finding] = []
        for match in NearDuplicates.matches(set, workspace, threshold: threshold) {
            let tool = match.local.tool
            guard !reported.contains(tool.pointer) else { continue }
            let text = tool.description?.value ?? ""
            if let other = match.other.tool.name?.value, text.contains(other) { continue }
            if Self.cues.matches(tool.descriptionWords) { continue }
            reported.insert(tool.pointer)
            findings.append(
                finding(
                    "`\(tool.displayName)` is easily confused with `\(match.other.tool.displayName)`, and its description "
                        + "does not say when to use which; name the other tool or add \"not for …\".",
                    at: tool.description?.pointer ?? tool.anchorPointer,
                    related: [match.other.related("`\(match.other.tool.displayName)`")]))
        }
        return findings
    }
}

/// `set-shadowing-cost`: of two near-duplicates, the much cheaper one tends to win.
public struct SetShadowingCostRule: SetRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "set-shadowing-cost", category: .set, defaultSeverity: .info,
        summary: "Near-duplicate tools are not much cheaper to call than each other.",
        explanation: """
            TDQS's invocationCost = required fields + 2·max(0, depth − 1) + 2·union choices over the \
            required subtree. Agents lean toward the cheaper of two similar tools, which can bypass \
            the authoritative one. Reported on the dearer tool of a set-near-duplicate pair when it \
            costs at least twice as much and at least 4 more. TDQS calls this an unmeasured hypothesis.
            """)

    public func check(_ set: ToolSet, workspace: [ToolSet], context: RuleContext) -> [Finding] {
        let threshold = context.doubleOption("threshold", default: NearDuplicates.defaultThreshold)
        return NearDuplicates.matches(set, workspace, threshold: threshold).compactMap { match in
            let dear = Self.cost(match.local.tool)
            let cheap = Self.cost(match.other.tool)
            guard dear >= 2 * cheap, dear - cheap >= 4 else { return nil }
            return finding(
                "`\(match.local.tool.displayName)` costs \(dear) to call and its look-alike "
                    + "`\(match.other.tool.displayName)` only \(cheap); the model may take the cheaper one instead.",
                at: match.local.tool.anchorPointer,
                related: [match.other.related("cheaper look-alike (cost \(cheap))")])
        }
    }

    /// TDQS invocationCost over the required subtree.
    static func cost(_ tool: ToolDefinition) -> Int {
        guard let schema = tool.inputSchema?.value else { return 0 }
        var total = 0
        var stack: [(JSONValue, Int)] = [(schema, 1)]
        while let (node, depth) = stack.popLast() {
            guard depth < 32 else { continue }
            let required = node["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            for name in required {
                guard let property = node["properties"]?[name] else { continue }
                total += 1 + 2 * max(0, depth - 1)
                for keyword in ["anyOf", "oneOf"] {
                    if let branches = property[keyword]?.arrayValue { total += 2 * branches.count }
                }
                if case .object = property { stack.append((property, depth + 1)) }
                if let items = property["items"], case .object = items { stack.append((items, depth + 1)) }
            }
        }
        return total
    }
}
