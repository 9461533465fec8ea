import JSON
import SourceDocument
import Testing

/// Input no tools file would contain but an editor may still open: binary data, floods of
/// stray brackets. The parser must finish quickly, stay in bounds and keep its output small.
@Suite struct JSONHostileInputTests {
    @Test func randomBytesNeverBreakTheParser() {
        var rng = SeededGenerator(seed: 31_337)
        for n in 0..<300 {
            let count = Int.random(in: 0...2_000, using: &rng)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for format in [DocumentFormat.json, .jsonLines] {
                let tree = SyntaxTree.parse(bytes, format: format)
                for d in tree.diagnostics {
                    #expect(d.range.lowerBound >= 0 && d.range.upperBound <= count, "#\(n) \(format): \(d)")
                }
                if format == .json { #expect(tree.root != nil || tree.hasErrors, "#\(n)") }
            }
        }
    }

    @Test func diagnosticsAreCapped() {
        let text = String(repeating: "@ ", count: 50_000)
        let tree = parse("[" + text + "]")
        #expect(tree.diagnostics.count == 1_001)
        #expect(tree.diagnostics.last?.message == "too many problems; the rest are not reported")
    }

    @Test func strayClosersInsideDeepNesting() {
        let limit = SyntaxTree.maximumDepth
        // Every `}` is checked against the open arrays; that must not cost the depth each time.
        let text =
            String(repeating: "[", count: limit) + String(repeating: "}", count: 200_000)
            + String(repeating: "]", count: limit)
        let tree = parse(text)
        #expect(tree.diagnostics.count == 1_001)
        #expect(tree.root != nil)
    }
}
