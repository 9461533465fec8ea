import JSON
import Testing

/// Inputs found by the libFuzzer targets in Fuzz/ (see docs/RELIABILITY.md).
struct FuzzRegressionTests {
    /// fuzz-pointer: a token starting with a combining mark (U+034B) fused with the preceding
    /// `/` into one Character, so parsing dropped the mark and printing did not escape a `/`
    /// or `~` that had a mark after it.
    @Test(arguments: [
        ["\u{034B}\u{FFFD}0l/n/same"],
        ["a/\u{0301}b"],
        ["~\u{0301}", "\u{0301}"],
        ["x", "\u{0301}", ""],
    ])
    func tokensWithCombiningMarksRoundTrip(_ tokens: [String]) throws {
        let pointer = JSONPointer(tokens: tokens)
        let parsed = try #require(JSONPointer(pointer.description))
        #expect(parsed.tokens.map { Array($0.unicodeScalars) } == tokens.map { Array($0.unicodeScalars) })
    }

    @Test func combiningMarkAfterSlashStartsAToken() throws {
        let parsed = try #require(JSONPointer("/\u{0301}/a"))
        #expect(parsed.tokens.map { Array($0.unicodeScalars) } == [["\u{0301}"], ["a"]])
    }

    @Test func escapedSlashFollowedByCombiningMarkIsUnescaped() throws {
        let parsed = try #require(JSONPointer("/a~1\u{0301}"))
        #expect(Array(parsed.tokens[0].unicodeScalars) == ["a", "/", "\u{0301}"])
        #expect(JSONPointer("/~\u{0301}") == nil)
    }
}
