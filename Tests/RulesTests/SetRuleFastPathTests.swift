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
}
