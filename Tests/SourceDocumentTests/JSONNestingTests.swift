import JSON
import SourceDocument
import Testing

@Suite struct JSONNestingTests {
    /// Depth of the tree, walked without recursion along the first child.
    func depthAlongFirstChild(_ tree: SyntaxTree) -> Int {
        var depth = 0
        var node = tree.root
        while let current = node {
            switch current.value {
            case .array(let items):
                depth += 1
                node = items.first
            case .object(let members):
                depth += 1
                node = members.first?.value
            default:
                node = nil
            }
        }
        return depth
    }

    @Test func deepArraysAreCutAtTheLimitWithOneDiagnostic() throws {
        let n = 100_000
        let text = String(repeating: "[", count: n) + String(repeating: "]", count: n)
        let tree = parse(text)
        let limit = SyntaxTree.maximumDepth
        #expect(tree.diagnostics.count == 1)
        let diagnostic = try #require(tree.diagnostics.first)
        #expect(diagnostic.code == .depthLimit)
        #expect(diagnostic.range == limit..<(limit + 1))
        #expect(depthAlongFirstChild(tree) == limit)
        #expect(tree.root?.range == 0..<(2 * n))
        // The innermost kept array holds one invalid node spanning the skipped brackets.
        let pointer = JSONPointer(tokens: Array(repeating: "0", count: limit))
        let skipped = try #require(tree.node(at: pointer))
        #expect(skipped.value.isInvalid)
        #expect(skipped.range == limit..<(2 * n - limit))
    }

    @Test func deepObjectsAreCutAtTheLimit() throws {
        let n = 100_000
        let text = String(repeating: #"{"a":"#, count: n) + "1" + String(repeating: "}", count: n)
        let tree = parse(text)
        let diagnostic = try #require(tree.diagnostics.first)
        #expect(tree.diagnostics.count == 1)
        #expect(diagnostic.code == .depthLimit)
        let offset = SyntaxTree.maximumDepth * 5
        #expect(diagnostic.range == offset..<(offset + 1))
        #expect(depthAlongFirstChild(tree) == SyntaxTree.maximumDepth)
    }

    @Test func unclosedDeepNestingEndsWithoutCrashing() {
        let tree = parse(String(repeating: "[", count: 100_000))
        #expect(tree.diagnostics.filter { $0.code == .depthLimit }.count == 1)
        let unclosed = tree.diagnostics.filter { $0.message.hasPrefix("unclosed '['") }
        #expect(unclosed.count == SyntaxTree.maximumDepth)
        #expect(depthAlongFirstChild(tree) == SyntaxTree.maximumDepth)
    }

    @Test func nestingAtTheLimitIsAccepted() {
        let limit = SyntaxTree.maximumDepth
        let tree = parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        #expect(tree.diagnostics.isEmpty)
        #expect(depthAlongFirstChild(tree) == limit)
    }

    @Test func skippingCountsBracketsOutsideStringsOnly() throws {
        let deep = 600
        // Brackets inside strings in the skipped part must not end the skip early.
        let inner = String(repeating: "[", count: deep) + #""]]]\"]]""# + String(repeating: "]", count: deep)
        let text = #"{"deep": "# + inner + #", "after": "still here"}"#
        let tree = parse(text)
        #expect(tree.diagnostics.map(\.code) == [.depthLimit])
        #expect(value(tree, "/after") == "still here")
    }
}
