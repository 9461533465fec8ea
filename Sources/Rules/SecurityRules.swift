import JSON
import ToolModel

/// `sec-hidden-text`: invisible characters, control characters, ANSI escapes and whitespace
/// padding in any text of the tool.
public struct SecHiddenTextRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "sec-hidden-text", category: .security, defaultSeverity: .error,
        summary: "Tool text must not contain invisible characters or padding that hides text.",
        explanation: """
            Humans reviewing a tool do not see zero-width characters (U+200B–U+200F, U+2060–U+2064, \
            U+FEFF), bidi controls (U+202A–U+202E, U+2066–U+2069), Unicode tag characters \
            (U+E0000–U+E007F), C0/C1 controls or ANSI escapes, but the model reads them. Long runs of \
            spaces or blank lines push a payload out of view (the WhatsApp proof of concept hid its \
            instructions "after many spaces"); padding is a warning.
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        JSONTraversal.forEachText(in: tool.raw, at: tool.definitionPointer, includeKeys: true) { text, isKey, pointer in
            let characters = HiddenTextScanner.hiddenCharacters(in: text)
            let padding = isKey ? nil : HiddenTextScanner.padding(in: text)
            guard characters != nil || padding != nil else { return }
            let field = TextField(text: text, pointer: pointer(), isKey: isKey)
            if let report = characters {
                findings.append(hiddenCharacters(report, field: field, place: Self.place(of: field, in: tool)))
            }
            if let padding {
                let after =
                    padding.trailing > 0
                    ? ", followed by \(padding.trailing) more characters of text" : " at the end of the text"
                findings.append(
                    Finding(
                        ruleId: metadata.id, severity: .warning,
                        message: "Whitespace padding (\(padding.description)) at character \(padding.offset) of "
                            + "\(Self.place(of: field, in: tool))\(after); padding pushes text out of a reviewer's view.",
                        pointer: field.pointer))
            }
        }
        return findings
    }

    private func hiddenCharacters(_ report: HiddenTextScanner.CharacterReport, field: TextField, place: String)
        -> Finding
    {
        let first = report.first
        var message =
            "Hidden character \(Self.codePoint(first.scalar)) \(first.name) at character \(first.offset) of \(place)"
        if report.count > 1 { message += " (\(report.count) hidden characters in all)" }
        if !report.tagText.isEmpty { message += "; the tag characters spell \"\(report.tagText.quotedExcerpt())\"" }
        message += "."
        let operation: FixOperation =
            field.isKey
            ? .renameKey(field.pointer, to: report.cleaned) : .replace(field.pointer, .string(report.cleaned))
        return Finding(
            ruleId: metadata.id, severity: .error, message: message, pointer: field.pointer, preferKey: field.isKey,
            fixes: [Fix(title: "Remove the hidden characters", operations: [operation])])
    }

    static func place(of field: TextField, in tool: ToolDefinition) -> String {
        let path = FieldLabel.relative(field.pointer, to: tool.definitionPointer)
        return field.isKey ? "the key `\(path)`" : "`\(path)`"
    }

    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
    }
}

/// `sec-hidden-instruction-tag`: `<IMPORTANT>`-style tags, HTML comments and `[SYSTEM:`
/// markers in tool text, the signature of tool-poisoning payloads.
public struct SecHiddenInstructionTagRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "sec-hidden-instruction-tag", category: .security, defaultSeverity: .error,
        summary: "Tool text must not contain hidden-instruction markup such as <IMPORTANT> or <!-- -->.",
        explanation: """
            Tool-poisoning payloads wrap instructions to the model in tags like <IMPORTANT>…</IMPORTANT> \
            (Invariant Labs' proof of concept), HTML comments or [SYSTEM: …] markers, which many \
            clients do not show to the user. Matched case-insensitively in every string of the tool: \
            <\\s*/?\\s*(important|system|instructions?|critical|urgent|secret|hidden)\\b[^>]*>, \
            <!--[\\s\\S]*?-->, \\[(important|system)\\s*[:\\]].
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        JSONTraversal.forEachText(in: tool.raw, at: tool.definitionPointer, includeKeys: false) { text, _, pointer in
            let matches = InstructionTagMatcher.matches(in: text)
            guard let first = matches.first else { return }
            let field = TextField(text: text, pointer: pointer(), isKey: false)
            var message =
                "Hidden-instruction markup `\(first.text.quotedExcerpt(50))` at character \(first.range.lowerBound) "
                + "of \(SecHiddenTextRule.place(of: field, in: tool))"
            if matches.count > 1 { message += " (\(matches.count) matches)" }
            findings.append(finding(message + ".", at: field.pointer))
        }
        return findings
    }
}
