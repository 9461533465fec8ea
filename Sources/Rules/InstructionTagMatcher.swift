/// Hand-written matchers for the catalogue's hidden-instruction patterns (case-insensitive):
///
///     <\s*/?\s*(important|system|instructions?|critical|urgent|secret|hidden)\b[^>]*>
///     <!--[\s\S]*?-->
///     \[(important|system)\s*[:\]]
///
/// Hand-written because they run over every string of every tool, and a scan for `<` and `[`
/// rejects nearly all text at once.
enum InstructionTagMatcher {
    struct Match: Equatable {
        /// Scalar offsets of the match in the text.
        var range: Range<Int>
        var text: String
    }

    static let tagWords = [
        "instructions", "instruction", "important", "critical", "urgent", "secret", "hidden", "system",
    ]
    static let bracketWords = ["important", "system"]

    static func matches(in text: String) -> [Match] {
        var bytes = text
        let candidate = bytes.withUTF8 { $0.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "[") } }
        guard candidate else { return [] }
        let scalars = Array(text.unicodeScalars)
        var found: [Match] = []
        var index = 0
        while index < scalars.count {
            let end: Int?
            switch scalars[index] {
            case "<": end = comment(scalars, at: index) ?? tag(scalars, at: index)
            case "[": end = bracket(scalars, at: index)
            default: end = nil
            }
            if let end {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[index..<end])
                found.append(Match(range: index..<end, text: String(view)))
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    /// `<!--[\s\S]*?-->`; returns the end offset.
    private static func comment(_ s: [Unicode.Scalar], at start: Int) -> Int? {
        guard hasPrefix(s, at: start, "<!--") else { return nil }
        var index = start + 4
        while index + 2 < s.count {
            if s[index] == "-", s[index + 1] == "-", s[index + 2] == ">" { return index + 3 }
            index += 1
        }
        return nil
    }

    /// `<\s*/?\s*(words)\b[^>]*>`.
    private static func tag(_ s: [Unicode.Scalar], at start: Int) -> Int? {
        var index = skipSpace(s, from: start + 1)
        if index < s.count, s[index] == "/" { index = skipSpace(s, from: index + 1) }
        guard let afterWord = word(s, at: index, from: tagWords) else { return nil }
        var close = afterWord
        while close < s.count, s[close] != ">" { close += 1 }
        return close < s.count ? close + 1 : nil
    }

    /// `\[(important|system)\s*[:\]]`.
    private static func bracket(_ s: [Unicode.Scalar], at start: Int) -> Int? {
        guard let afterWord = word(s, at: start + 1, from: bracketWords, needsBoundary: false) else { return nil }
        let index = skipSpace(s, from: afterWord)
        guard index < s.count, s[index] == ":" || s[index] == "]" else { return nil }
        return index + 1
    }

    /// One of `words` at `index` (ASCII case-insensitive), followed by a word boundary if asked;
    /// returns the offset after it. `words` lists longer alternatives first, like the regex
    /// engine's backtracking would find them.
    private static func word(_ s: [Unicode.Scalar], at index: Int, from words: [String], needsBoundary: Bool = true)
        -> Int?
    {
        for word in words where hasPrefix(s, at: index, word, caseInsensitive: true) {
            let end = index + word.unicodeScalars.count
            if !needsBoundary || end == s.count || !isWordScalar(s[end]) { return end }
        }
        return nil
    }

    private static func hasPrefix(_ s: [Unicode.Scalar], at index: Int, _ prefix: String, caseInsensitive: Bool = false)
        -> Bool
    {
        var position = index
        for expected in prefix.unicodeScalars {
            guard position < s.count else { return false }
            let actual = s[position]
            guard caseInsensitive ? lower(actual) == lower(expected) : actual == expected else { return false }
            position += 1
        }
        return true
    }

    private static func lower(_ scalar: Unicode.Scalar) -> UInt32 {
        (0x41...0x5A).contains(scalar.value) ? scalar.value + 0x20 : scalar.value
    }

    private static func skipSpace(_ s: [Unicode.Scalar], from index: Int) -> Int {
        var index = index
        while index < s.count, s[index].properties.isWhitespace { index += 1 }
        return index
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
