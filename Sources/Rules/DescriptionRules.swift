import JSON
import ToolModel

/// `desc-missing`: the tool has no description, or only whitespace.
public struct DescMissingRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "desc-missing", category: .description, defaultSeverity: .error,
        summary: "Every tool needs a description.",
        explanation: """
            The description is "by far the most important factor in tool performance" (Anthropic); \
            without one the model can only guess from the name when to call the tool. VS Code warns \
            "Tools must be accurately described to be called".
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        if let description = tool.description {
            guard description.value.isBlank else { return [] }
            return [finding("Tool `\(tool.displayName)` has an empty description.", at: description.pointer)]
        }
        let key = tool.definitionPointer / "description"
        if tool.raw["description"]?.isNull == true {
            return [finding("Tool `\(tool.displayName)` has a null description.", at: key)]
        }
        if tool.raw["description"] != nil { return [] }  // wrong type: reported as tool-shape
        return [finding("Tool `\(tool.displayName)` has no description.", at: tool.anchorPointer)]
    }
}

/// `desc-too-short`: under 20 characters; under the Anthropic target also under 3 sentences.
public struct DescTooShortRule: ToolRule {
    public init() {}

    public static let defaultMinLength = 20
    public static let defaultMinSentences = 3

    public let metadata = RuleMetadata(
        id: "desc-too-short", category: .description, defaultSeverity: .warning,
        summary: "Tool description is too short to say what the tool does and when to use it.",
        explanation: """
            A description under 20 characters cannot state purpose, usage and caveats. Anthropic asks \
            for "at least 3-4 sentences per tool description"; under the anthropic target fewer than \
            three sentences is reported as info. Options: minLength (20), minSentences (3).
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard let description = tool.description else { return [] }
        let text = description.value.trimmedWhitespace
        guard !text.isEmpty else { return [] }  // desc-missing
        let minLength = context.intOption("minLength", default: Self.defaultMinLength)
        // `prefix` stops counting characters at the threshold; long texts are not walked twice.
        if text.prefix(minLength).count < minLength {
            return [
                finding(
                    "Description of `\(tool.displayName)` is \(text.count) characters long; "
                        + "say what the tool does, when to use it and what it returns (at least \(minLength)).",
                    at: description.pointer)
            ]
        }
        let minSentences = context.intOption("minSentences", default: Self.defaultMinSentences)
        guard context.targets.contains(.anthropic) else { return [] }
        let sentences = Self.sentenceCount(text)
        guard sentences < minSentences else { return [] }
        return [
            Finding(
                ruleId: metadata.id, severity: .info,
                message: "Description of `\(tool.displayName)` has \(sentences) sentence\(sentences == 1 ? "" : "s"); "
                    + "Anthropic advises at least \(minSentences)-4 sentences per tool description.",
                pointer: description.pointer)
        ]
    }

    /// Sentences as the catalogue splits them: on `[.!?](\s|$)` or a newline.
    static func sentenceCount(_ text: String) -> Int {
        var count = 0
        var hasContent = false
        let scalars = Array(text.unicodeScalars)
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII
                ? scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" : scalar.properties.isWhitespace
        }
        for (index, scalar) in scalars.enumerated() {
            let ends: Bool
            if scalar == "\n" {
                ends = true
            } else if scalar == "." || scalar == "!" || scalar == "?" {
                ends = index + 1 == scalars.count || isSpace(scalars[index + 1])
            } else {
                ends = false
                if !isSpace(scalar) { hasContent = true }
            }
            if ends {
                if hasContent { count += 1 }
                hasContent = false
            }
        }
        return hasContent ? count + 1 : count
    }
}
