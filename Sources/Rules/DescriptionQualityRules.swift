import JSON
import ToolModel

/// `desc-tautological`: the description only repeats the name or title.
public struct DescTautologicalRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "desc-tautological", category: .description, defaultSeverity: .warning,
        summary: "The description must add information beyond the tool's name.",
        explanation: """
            A description whose words (lower-cased, camel and snake case split, stopwords dropped) are \
            all in the name or title adds nothing: `get_user` described as "Get user." TDQS caps \
            Purpose Clarity at 2 for this.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let description = tool.description, tool.name != nil else { return [] }
        let content = Set(Words.of(description.value).filter { !Words.stopwords.contains($0) }.map(Words.singular))
        guard !content.isEmpty else { return [] }
        var known = Set(tool.nameTokens.map(Words.singular))
        if let title = tool.title?.value { known.formUnion(Words.of(title).map(Words.singular)) }
        guard content.isSubset(of: known) else { return [] }
        return [
            finding(
                "The description of `\(tool.displayName)` only repeats its name; say what it does, when to use it "
                    + "and what it returns.", at: description.pointer)
        ]
    }
}

/// `desc-length-limit`: OpenAI rejects descriptions over 1,024 characters; Claude Code cuts
/// MCP descriptions at 2,048.
public struct DescLengthLimitRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "desc-length-limit", category: .description, defaultSeverity: .error,
        summary: "Description fits the target's hard length limit.",
        explanation: """
            OpenAI returns 400 string_above_max_length for a function description over 1,024 \
            characters (observed: getsentry/sentry-mcp#106, OpenHands#4838, goose#739). Claude Code \
            silently truncates MCP tool descriptions at 2,048 characters \
            (CLAUDE_CODE_MAX_MCP_DESCRIPTION_LENGTH). Options: openaiMax (1024), claudeCodeMax (2048).
            """,
        targets: [.openai, .openaiStrict, .claudeCode])

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let description = tool.description else { return [] }
        let length = description.value.unicodeScalars.count
        var findings: [Finding] = []
        let openAIMax = context.intOption("openaiMax", default: 1024)
        if context.targets.contains(.openai) || context.targets.contains(.openaiStrict), length > openAIMax {
            findings.append(
                finding(
                    "Description is \(length) characters; OpenAI rejects function descriptions over \(openAIMax) "
                        + "(400 string_above_max_length).", at: description.pointer))
        }
        let claudeMax = context.intOption("claudeCodeMax", default: 2048)
        if context.targets.contains(.claudeCode), length > claudeMax {
            findings.append(
                finding(
                    "Description is \(length) characters; Claude Code truncates MCP tool descriptions at "
                        + "\(claudeMax), so the last \(length - claudeMax) are never seen.", at: description.pointer,
                    severity: .warning))
        }
        return findings
    }
}

/// `desc-missing-guidance`: no when-to-use cue, no word on what it returns, no limitations for
/// a tool with effects.
public struct DescMissingGuidanceRule: ToolRule {
    public init() {}

    static let whenPatterns = WordPatternList([
        "use|call this|it|when|for|to|if|after|before|only", "useful for|when", "should be used", "in order to",
        "when|if|whenever the? user|you|caller", "helpful for|when", "good for", "designed for|to",
    ])
    static let returnPatterns = WordPatternList([
        "return*", "respond* with", "output*", "result*", "yield*", "produc*", "gives|provides", "retriev*",
        "lists|list|shows|show|get|gets|fetch|fetches|read|reads",
    ])
    static let limitPatterns = WordPatternList([
        "only", "cannot|can't", "does|do|will not|n't", "doesn't|don't|won't", "must", "requir*", "limit*",
        "max*", "at most", "rate", "never", "irreversibl*", "permanent*", "caution", "warning", "note",
        "fail*|error*", "overwrit*",
    ])

    public let metadata = RuleMetadata(
        id: "desc-missing-guidance", category: .description, defaultSeverity: .info,
        summary: "Description says when to use the tool, what it returns and, for tools with effects, its limits.",
        explanation: """
            Anthropic asks descriptions for what the tool does, when (and when not) to use it and its \
            caveats; OpenAI for "what the output represents". The Smells paper found 89% of tools \
            never say when to use them. Three keyword checks: a when-to-use cue; a return cue (only \
            without outputSchema); a limitation cue (only for tools with effects).
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let description = tool.description, !description.value.isBlank else { return [] }
        let words = tool.descriptionWords
        var missing: [String] = []
        if !Self.whenPatterns.matches(words) { missing.append("when to use it") }
        if tool.outputSchema == nil, !Self.returnPatterns.matches(words) {
            missing.append("what it returns")
        }
        let hasEffects =
            tool.annotation("readOnlyHint") != true
            && (tool.annotation("readOnlyHint") == false
                || tool.mentions(verbs: Verbs.mutating, inDescription: false) != nil)
        if hasEffects, !Self.limitPatterns.matches(words) {
            missing.append("its limits or preconditions")
        }
        guard !missing.isEmpty else { return [] }
        return [
            finding(
                "The description of `\(tool.displayName)` does not say \(Self.list(missing)).", at: description.pointer)
        ]
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
        }
    }
}

/// `desc-weak-opening`: the first sentence does not lead with what the tool does.
public struct DescWeakOpeningRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "desc-weak-opening", category: .description, defaultSeverity: .info,
        summary: "The first sentence starts with a specific verb and stays under 40 words.",
        explanation: """
            Clients truncate descriptions (mcp-scan shows 200 characters; Claude Code advises "put the \
            key words first"), so the first sentence should say what the tool does: start with a \
            specific verb (get, list, create…), not a vague one (handles, manages, processes…), and \
            stay under 40 words (option maxWords).
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let description = tool.description else { return [] }
        let sentence = Self.firstSentence(description.value)
        var words = Words.of(sentence)
        // "This tool gets…", "Tool to get…": the verb comes right after the filler.
        if words.count > 2, ["this", "the", "a"].contains(words[0]), ["tool", "function"].contains(words[1]),
            Verbs.opening.contains(Verbs.base(words[2]))
        {
            words.removeFirst(2)
        }
        guard let first = words.first else { return [] }
        let maxWords = context.intOption("maxWords", default: 40)
        let verb = Verbs.base(first)
        let problem: String
        if Verbs.vague.contains(first) || (first == "deals" && words.dropFirst().first == "with") {
            problem = "starts with the vague verb \"\(first)\"; say exactly what the tool does"
        } else if Self.nonVerbOpeners.contains(first) && !Verbs.opening.contains(verb) {
            problem = "does not start with a verb (\"\(first)…\"); lead with the action, e.g. \"Lists…\""
        } else if Words.of(sentence).count > maxWords {
            problem = "is \(Words.of(sentence).count) words long; keep the first sentence under \(maxWords) words"
        } else {
            return []
        }
        return [
            finding("The first sentence of `\(tool.displayName)`'s description \(problem).", at: description.pointer)
        ]
    }

    /// Words that cannot open an imperative or third-person verb phrase. The catalogue asks
    /// for a verb from a lexicon, but no lexicon is complete ("Assesses…", "Initiates…" were
    /// reported on real sets), so the check names what is certainly not a verb instead.
    static let nonVerbOpeners: Set<String> = [
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "is", "are", "was", "were", "used", "for",
        "in", "on", "with", "when", "if", "tool", "function", "api", "method", "endpoint", "helper", "utility",
        "our", "my", "your", "we", "i", "here", "there", "what", "which", "who", "whether", "simple", "basic",
        "general", "generic", "wrapper", "interface", "service", "module", "gateway",
    ]

    static func firstSentence(_ text: String) -> String {
        let scalars = Array(TextBudget.prefix(text).trimmedWhitespace.unicodeScalars)
        var end = scalars.count
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\n"
                || ((scalar == "." || scalar == "!" || scalar == "?")
                    && (index + 1 == scalars.count || scalars[index + 1] == " " || scalars[index + 1] == "\n"))
            {
                end = index
                break
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[..<end])
        return String(view)
    }
}

/// `desc-promotional-cues`: self-promotion and ordering claims that bias tool selection.
public struct DescPromotionalCuesRule: ToolRule {
    public init() {}

    static let patterns = WordPatternList([
        // "always use this tool" is sec-coercive-directive's (an error there, not a second finding).
        "best|preferred|recommended|official tool|choice|option",
        "most reliable|accurate|effective|powerful|advanced|trusted tool|way|choice|option", "trusted by",
        "used by ~2 millions|thousands|companies|developers|teams|enterprises|fortune|professionals",
        "better than any|all other|others", "prefer this tool|function|one",
    ])

    public let metadata = RuleMetadata(
        id: "desc-promotional-cues", category: .description, defaultSeverity: .warning,
        summary: "Descriptions state what a tool does, not that it is the best one.",
        explanation: """
            Assertive and self-promoting cues ("always use this tool", "the most reliable tool", \
            "10x faster", "trusted by…") made edited descriptions win over 10× the usage against \
            equivalent tools (Faghih et al., arXiv 2505.18135); the same cues appear in attack \
            payloads (Cisco coercive_injection.yara). TDQS: "a boundary is describable; a priority is not."
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let description = tool.description else { return [] }
        let cue = Self.patterns.firstMatch(in: tool.descriptionWords)?.text ?? Self.numericClaim(description.value)
        guard let cue else { return [] }
        return [
            finding(
                "The description of `\(tool.displayName)` promotes itself (\"\(cue.quotedExcerpt(50))\"); "
                    + "describe what it does and when to use it instead.", at: description.pointer)
        ]
    }

    /// `\d+(%|x) (faster|better|more)`.
    static func numericClaim(_ text: String) -> String? {
        // A claim needs a digit directly before `x`, `×` or `%`.
        let bytes = Array(TextBudget.prefix(text).utf8)
        let digitThenMark = zip(bytes, bytes.dropFirst()).contains { pair in
            pair.0 >= 0x30 && pair.0 <= 0x39 && (pair.1 == 0x78 || pair.1 == 0x25 || pair.1 == 0xC3)
        }
        guard digitThenMark else { return nil }
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" })
        for (index, word) in words.enumerated() where index + 1 < words.count {
            let next = words[index + 1].filter(\.isLetter)
            guard ["faster", "better", "more", "cheaper", "accurate"].contains(next) else { continue }
            let number = word.dropLast()
            if word.hasSuffix("%") || word.hasSuffix("x") || word.hasSuffix("×"), !number.isEmpty,
                number.allSatisfy({ $0.isNumber || $0 == "." })
            {
                return "\(word) \(next)"
            }
        }
        return nil
    }
}

/// `annotation-contradiction`: the description and the MCP annotations disagree.
public struct AnnotationContradictionRule: ToolRule {
    public init() {}

    static let safetyClaims = WordPatternList([
        "read only", "does|do not modify|change|write|alter", "doesn't modify|change|write", "no side effects",
        "without side effects", "safe to call|use", "non destructive", "has no effect*",
    ])

    public let metadata = RuleMetadata(
        id: "annotation-contradiction", category: .description, defaultSeverity: .warning,
        summary: "The description and the MCP annotations agree about side effects.",
        explanation: """
            Clients auto-approve tools marked readOnlyHint: true, so a mutating tool marked read-only \
            skips confirmation; a description claiming "read-only" without the hint gets no such \
            treatment. TDQS scores a contradiction an automatic 1 (0.55% of tools). destructiveHint: true \
            beside readOnlyHint: true is info (the hint is "meaningful only when readOnlyHint == false").
            """,
        targets: [.mcp, .claudeCode, .portable], fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard tool.dialect == .mcp else { return [] }
        var findings: [Finding] = []
        let readOnly = tool.annotation("readOnlyHint")
        let words = tool.descriptionWords
        let claim = Self.safetyClaims.firstMatch(in: words)?.text
        // The name and the description's leading verb say what the tool does; a mutating verb
        // later in the text ("does not delete") is not a claim.
        let leadVerb = Words.of(DescWeakOpeningRule.firstSentence(tool.description?.value ?? "")).first.map(Verbs.base)
        let mutatingVerb =
            tool.nameTokens.first(where: Verbs.mutating.contains)
            ?? leadVerb.flatMap { Verbs.mutating.contains($0) ? $0 : nil }
        let destructiveVerb = tool.nameTokens.first(where: Verbs.destructive.contains)
        let anchor = tool.description?.pointer ?? tool.anchorPointer
        if let claim {
            if let destructiveVerb {
                findings.append(
                    finding(
                        "The description claims \"\(claim)\", but the name says `\(destructiveVerb)`.", at: anchor))
            } else if readOnly == false || tool.annotation("destructiveHint") == true {
                findings.append(
                    finding(
                        "The description claims \"\(claim)\", but the annotations say the tool is not read-only.",
                        at: tool.annotations?.pointer ?? anchor))
            } else if readOnly == nil {
                findings.append(
                    finding(
                        "The description claims \"\(claim)\", but `readOnlyHint` is not set, so clients treat the "
                            + "tool as mutating.", at: anchor, fixes: [ReadOnlyHintFix.fix(for: tool)]))
            }
        }
        if readOnly == true, let verb = mutatingVerb, let annotations = tool.annotations {
            findings.append(
                finding(
                    "`readOnlyHint: true`, but the tool `\(verb)`s; clients will run it without asking.",
                    at: annotations.pointer / "readOnlyHint"))
        }
        // Reference servers spell out every hint (readOnlyHint: true, destructiveHint: false,
        // idempotentHint: true); that is consistent. Only a destructive claim contradicts.
        if readOnly == true, let annotations = tool.annotations, tool.annotation("destructiveHint") == true {
            let key = annotations.pointer / "destructiveHint"
            findings.append(
                finding(
                    "`destructiveHint: true` contradicts `readOnlyHint: true`, and has no meaning when the tool is "
                        + "read-only.", at: key, severity: .info, preferKey: true,
                    fixes: [Fix(title: "Remove `destructiveHint`", operations: [.remove(key)])]))
        }
        return findings
    }
}

/// Adds `readOnlyHint: true`, creating `annotations` when needed.
enum ReadOnlyHintFix {
    static func fix(for tool: ToolDefinition, value: Bool = true) -> Fix {
        let operation: FixOperation
        if let annotations = tool.annotations, annotations.value.objectMembers != nil {
            operation =
                annotations.value["readOnlyHint"] != nil
                ? .replace(annotations.pointer / "readOnlyHint", .bool(value))
                : .addMember(object: annotations.pointer, key: "readOnlyHint", value: .bool(value))
        } else {
            operation = .addMember(
                object: tool.definitionPointer, key: "annotations", value: ["readOnlyHint": .bool(value)])
        }
        return Fix(title: "Set `readOnlyHint: \(value)`", operations: [operation])
    }
}
