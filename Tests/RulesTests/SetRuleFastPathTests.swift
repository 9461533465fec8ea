import Testing

@testable import Rules

/// Set rules run over every tool on every edit, so their per-tool steps have fast paths; each
/// must decide exactly as the general code it skips.
@Suite struct SetRuleFastPathTests {
    /// `name-style-inconsistent` reads ASCII names as bytes; the `Character` path stays for
    /// the rest. Both must give the same style for every ASCII name.
    @Test func asciiNameStylesMatchTheCharacterPath() {
        let pieces = [
            "get", "Get", "GET", "user", "User", "ID", "id", "_", "-", ".", "__", "x", "X", "2", "v2", "\r\n", "\r",
            "\n",
            " ", "a.b", "URL", "Id", "",
        ]
        var state: UInt64 = 12_345
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var styles = Set<String>()
        for _ in 0..<20_000 {
            let name = (0..<(1 + next(5))).map { _ in pieces[next(pieces.count)] }.joined()
            let fast = NameStyleInconsistentRule.Style.ofASCII(Array(name.utf8))
            #expect(fast == NameStyleInconsistentRule.Style.ofCharacters(name), "\(name.debugDescription)")
            styles.insert(fast?.rawValue ?? "none")
        }
        // Every outcome was reached, so the comparison covered every branch.
        #expect(styles.count == NameStyleInconsistentRule.Style.allCases.count + 1)
    }

    /// `desc-unknown-reference` skips words without `_` or a capital before making strings of
    /// them; the identifiers found must be those of the scan that made a string of every word.
    @Test func identifierScanMatchesTheScanOfEveryWord() {
        let pieces = [
            "get_user", "getUser", "GetUser", "user", "URL", "a_b", "_x", "x_", "see", " ", ".", "/", "@", "=", "-",
            "\\", "é", "fooBar2", "ab", "aB", "abC", "abCd", "42", "snake_case_name", "path/to_file", "x.y",
        ]
        var state: UInt64 = 77
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var found = 0
        for _ in 0..<5_000 {
            let text = (0..<next(10)).map { _ in pieces[next(pieces.count)] }.joined(separator: next(3) == 0 ? "" : " ")
            let fast = IdentifierScanner.identifiers(in: text)
            let plain = Self.identifiers(in: text)
            #expect(fast.map(\.text) == plain.map(\.text) && fast.map(\.offset) == plain.map(\.offset))
            found += fast.count
        }
        #expect(found > 1_000)
    }

    /// The scan as it was: every word made a string, then tested.
    static func identifiers(in text: String) -> [(text: String, offset: Int)] {
        let scalars = Array(text.unicodeScalars)
        var result: [(String, Int)] = []
        var index = 0
        func isWord(_ s: Unicode.Scalar) -> Bool { NamePattern.isAlnum(s) || s == "_" }
        while index < scalars.count {
            guard isWord(scalars[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < scalars.count, isWord(scalars[index]) { index += 1 }
            let before = start > 0 ? scalars[start - 1] : " "
            let after = index < scalars.count ? scalars[index] : " "
            let embedded =
                "/.@:\\=-".unicodeScalars.contains(before) || "/@\\=-".unicodeScalars.contains(after)
                || (after == "." && index + 1 < scalars.count && isWord(scalars[index + 1]))
            guard !embedded else { continue }
            let word = String(String.UnicodeScalarView(scalars[start..<index]))
            if IdentifierScanner.isSnake(word) || IdentifierScanner.isCamel(word) { result.append((word, start)) }
        }
        return result
    }
}
