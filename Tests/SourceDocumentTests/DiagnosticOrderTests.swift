import Testing

@testable import SourceDocument

/// Diagnostics come out in text order with ties in report order; the parser's fast paths
/// (already sorted; packed-integer sort) must agree with a plain stable sort.
@Suite struct DiagnosticOrderTests {
    private func reference(_ diagnostics: [SyntaxDiagnostic]) -> [SyntaxDiagnostic] {
        diagnostics.enumerated().sorted {
            ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset)
        }.map(\.element)
    }

    @Test(arguments: [0, 1, 2, 5, 40, 1_001, 5_000])
    func matchesAStableSort(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count) &+ 17)
        for round in 0..<20 {
            // Few distinct offsets, so ties are common; some rounds already sorted.
            var diagnostics = (0..<count).map { i in
                let start = Int.random(in: 0..<max(1, count / 3 + 1), using: &generator) * 7
                return SyntaxDiagnostic(.syntax, "d\(i)", range: start..<(start + 1))
            }
            if round % 4 == 0 { diagnostics = reference(diagnostics) }
            let sorted = JSONSyntaxParser.sortedByPosition(diagnostics)
            let expected = reference(diagnostics).map { $0.message }
            #expect(sorted.map { $0.message } == expected)
        }
    }

    @Test func unclosedBracketsAreReportedInTextOrder() {
        let tree = SyntaxTree.parse(Array(#"{"a": [1, {"b": "x"#.utf8), format: .json)
        let starts = tree.diagnostics.map(\.range.lowerBound)
        #expect(tree.diagnostics.count >= 2)
        #expect(starts == starts.sorted())
    }
}
