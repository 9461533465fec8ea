import JSON
import ToolModel

/// A provider's tool-name grammar (aci-rules.md, Table B1), matched by hand: every grammar is a
/// first-character class, a character class and a length range.
struct NamePattern: Sendable {
    var targetName: String
    /// The grammar as the provider documents it, quoted in messages.
    var regex: String
    var severity: Severity
    var maxLength: Int
    var allowed: @Sendable (Unicode.Scalar) -> Bool
    var allowedFirst: @Sendable (Unicode.Scalar) -> Bool

    func matches(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard let first = scalars.first, scalars.count <= maxLength, allowedFirst(first) else { return false }
        return scalars.allSatisfy(allowed)
    }

    /// The nearest name the grammar accepts: bad characters become `_`, then the length is cut.
    func sanitized(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars { scalars.append(allowed(scalar) ? scalar : "_") }
        var result = String(scalars)
        if result.isEmpty { result = "tool" }
        if let first = result.unicodeScalars.first, !allowedFirst(first) { result = "_" + result }
        return String(String.UnicodeScalarView(result.unicodeScalars.prefix(maxLength)))
    }

    static func isAlnum(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
    }

    static let openAI = NamePattern(
        targetName: "OpenAI", regex: "^[a-zA-Z0-9_-]{1,64}$", severity: .error, maxLength: 64,
        allowed: { isAlnum($0) || $0 == "_" || $0 == "-" }, allowedFirst: { isAlnum($0) || $0 == "_" || $0 == "-" })
    static let anthropic = NamePattern(
        targetName: "Anthropic", regex: "^[a-zA-Z0-9_-]{1,128}$", severity: .error, maxLength: 128,
        allowed: { isAlnum($0) || $0 == "_" || $0 == "-" }, allowedFirst: { isAlnum($0) || $0 == "_" || $0 == "-" })
    static let gemini = NamePattern(
        targetName: "Gemini", regex: "^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$", severity: .error, maxLength: 64,
        allowed: { isAlnum($0) || "_.:-".unicodeScalars.contains($0) },
        allowedFirst: { ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || $0 == "_" })
    static let mcp = NamePattern(
        targetName: "MCP", regex: "^[A-Za-z0-9_.-]{1,128}$", severity: .warning, maxLength: 128,
        allowed: { isAlnum($0) || "_.-".unicodeScalars.contains($0) },
        allowedFirst: { isAlnum($0) || "_.-".unicodeScalars.contains($0) })
    /// What every provider accepts: OpenAI's characters and length, Gemini's first character.
    static let portable = NamePattern(
        targetName: "portable (all providers)", regex: "^[A-Za-z_][A-Za-z0-9_-]{0,63}$", severity: .warning,
        maxLength: 64, allowed: { isAlnum($0) || $0 == "_" || $0 == "-" },
        allowedFirst: { ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || $0 == "_" })

    /// The grammars in force for a set of targets, each once, in a stable order.
    static func patterns(for targets: Set<Target>) -> [NamePattern] {
        var result: [NamePattern] = []
        if targets.contains(.openai) || targets.contains(.openaiStrict) { result.append(.openAI) }
        if targets.contains(.anthropic) { result.append(.anthropic) }
        if targets.contains(.gemini) { result.append(.gemini) }
        if targets.contains(.mcp) { result.append(.mcp) }
        if targets.contains(.portable) { result.append(.portable) }
        return result
    }
}
