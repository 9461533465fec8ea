import JSON
import SourceDocument
import Testing

/// Nesting beyond `SyntaxTree.maximumDepth`, and what cannot be read as text at all.
@Suite struct YAMLLimitsTests {
    private func depth(of tree: SyntaxTree) -> Int {
        guard let root = tree.root else { return 0 }
        var deepest = 0
        var work: [(SyntaxNode, Int)] = [(root, 0)]
        while let (node, level) = work.popLast() {
            switch node.value {
            case .array(let items):
                deepest = max(deepest, level + 1)
                work += items.map { ($0, level + 1) }
            case .object(let members):
                deepest = max(deepest, level + 1)
                work += members.map { ($0.value, level + 1) }
            default:
                break
            }
        }
        return deepest
    }

    @Test func hundredThousandOpenBrackets() {
        let tree = SyntaxTree.parse(Array(repeating: UInt8(ascii: "["), count: 100_000), format: .yaml)
        #expect(tree.diagnostics.contains { $0.code == .depthLimit })
        #expect(depth(of: tree) <= SyntaxTree.maximumDepth)
    }

    @Test func flowNestingJustPastTheLimit() throws {
        let levels = 600
        let text = String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels)
        let tree = SyntaxTree.parse(Array(text.utf8), format: .yaml)
        let limit = SyntaxTree.maximumDepth
        #expect(tree.diagnostics.map(\.code) == [.depthLimit])
        #expect(tree.diagnostics.first?.range == limit..<(limit + 1))
        #expect(depth(of: tree) == limit)
        // The innermost built array holds the skipped part as one invalid node.
        var node = try #require(tree.root)
        for _ in 0..<limit {
            guard case .array(let items) = node.value, let first = items.first else { break }
            node = first
        }
        guard case .invalid = node.value else {
            Issue.record("expected the skipped subtree, got \(node.value)")
            return
        }
        #expect(node.range == limit..<(2 * levels + 1 - limit))
    }

    @Test func hundredThousandBlockSequenceDashes() {
        let text = String(repeating: "- ", count: 100_000) + "x\n"
        let tree = SyntaxTree.parse(Array(text.utf8), format: .yaml)
        #expect(tree.diagnostics.contains { $0.code == .depthLimit })
        #expect(depth(of: tree) <= SyntaxTree.maximumDepth)
    }

    private func indentedMappings(_ levels: Int) -> (text: String, offsetOfFirstSkippedKey: Int) {
        var text = ""
        var skipped = 0
        for level in 0..<levels {
            if level == SyntaxTree.maximumDepth { skipped = text.utf8.count + level }
            text += String(repeating: " ", count: level) + "k:\n"
        }
        return (text + "after: 1\n", skipped)
    }

    @Test func deeplyIndentedBlockMappingsAndWhatFollows() {
        let (text, skipped) = indentedMappings(900)
        let tree = SyntaxTree.parse(Array(text.utf8), format: .yaml)
        #expect(tree.diagnostics.map(\.code) == [.depthLimit])
        #expect(tree.diagnostics.first?.range.lowerBound == skipped)
        #expect(depth(of: tree) == SyntaxTree.maximumDepth)
        #expect(tree.node(at: JSONPointer.root / "after")?.jsonValue() == .integer(1))
        // The skipped part ends with its last `k:`, not where the next token starts.
        var node = tree.root
        for _ in 0..<SyntaxTree.maximumDepth { node = node?.child("k")?.node }
        #expect(node.map { "\($0.value)" } == "invalid")
        #expect(node?.range.upperBound == text.utf8.count - "\nafter: 1\n".utf8.count)
    }

    /// libyaml itself stops at 1,000 levels: the tree keeps what came before.
    @Test func blockNestingPastLibyamlsOwnLimit() {
        let (text, skipped) = indentedMappings(1_500)
        let tree = SyntaxTree.parse(Array(text.utf8), format: .yaml)
        let depthDiagnostics = tree.diagnostics.filter { $0.code == .depthLimit }
        #expect(depthDiagnostics.count == 2)
        #expect(depthDiagnostics.first?.range.lowerBound == skipped)
        #expect(depthDiagnostics.last?.message.contains("rest of the document is not read") == true)
        #expect(depth(of: tree) == SyntaxTree.maximumDepth)
    }

    @Test func invalidUTF8IsReportedWithItsBytes() throws {
        let bytes: [UInt8] =
            Array("a: caf".utf8) + [0xE9] + Array("\nb: ".utf8) + [0xFF, 0xFE] + Array("x\nc: é\n".utf8)
        let tree = SyntaxTree.parse(bytes, format: .yaml)
        let invalid = tree.diagnostics.filter { $0.code == .invalidUTF8 }
        #expect(invalid.map(\.range) == [6..<7, 11..<13])
        #expect(!tree.diagnostics.contains { $0.code == .yamlSyntax })
        #expect(tree.node(at: JSONPointer.root / "a")?.jsonValue() == .string("caf\u{FFFD}"))
        #expect(tree.node(at: JSONPointer.root / "b")?.jsonValue() == .string("\u{FFFD}\u{FFFD}x"))
        let a = try #require(tree.node(at: JSONPointer.root / "a"))
        #expect(a.range == 3..<7)
        let c = try #require(tree.location(of: JSONPointer.root / "c"))
        #expect(c.range == 18..<20)
        let cKey = try #require(tree.location(of: JSONPointer.root / "c", preferKey: true))
        #expect(cKey.range == 15..<16)
    }

    @Test func truncatedMultiByteCharacterAtTheEnd() {
        let bytes: [UInt8] = Array("a: 日".utf8).dropLast()
        let tree = SyntaxTree.parse(bytes, format: .yaml)
        #expect(tree.diagnostics.map(\.code) == [.invalidUTF8])
        #expect(tree.diagnostics.first?.range == 3..<5)
    }

    @Test func controlCharactersAreErrorsButTheRestIsRead() {
        let tree = SyntaxTree.parse(Array("a: x\u{1}y\nb: 2\n".utf8), format: .yaml)
        #expect(tree.diagnostics.map(\.code) == [.yamlSyntax])
        #expect(tree.diagnostics.first?.range == 4..<5)
        #expect(tree.diagnostics.first?.message.contains("U+0001") == true)
        #expect(tree.node(at: JSONPointer.root / "b")?.jsonValue() == .integer(2))
    }

    @Test func byteOrderMarkIsSkippedWithOffsetsKept() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\nb: [é, x]\n".utf8)
        let tree = SyntaxTree.parse(bytes, format: .yaml)
        #expect(tree.diagnostics.isEmpty)
        #expect(tree.location(of: JSONPointer.root / "a", preferKey: true)?.range == 3..<4)
        #expect(tree.location(of: JSONPointer.root / "b" / 1)?.range == 16..<17)
        #expect(tree.pointer(at: 13) == JSONPointer.root / "b" / 0)
    }

    @Test func emptyAndCommentOnlyDocumentsHaveNoRoot() {
        for text in ["", "# nothing here\n", "\u{FEFF}", "\n\n"] {
            let tree = SyntaxTree.parse(Array(text.utf8), format: .yaml)
            #expect(tree.root == nil)
            #expect(tree.diagnostics.isEmpty)
        }
    }
}
