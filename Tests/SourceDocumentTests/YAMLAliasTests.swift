import JSON
import Testing

@testable import SourceDocument

/// Anchors, aliases, merge keys, duplicate keys and multi-document streams.
@Suite struct YAMLAliasTests {
    private func parse(_ text: String) -> SyntaxTree {
        SyntaxTree.parse(Array(text.utf8), format: .yaml)
    }

    private func nodeCount(_ tree: SyntaxTree) -> Int {
        guard let root = tree.root else { return 0 }
        var count = 0
        var work = [root]
        while let node = work.popLast() {
            count += 1
            switch node.value {
            case .array(let items): work += items
            case .object(let members): work += members.map(\.value)
            default: break
            }
        }
        return count
    }

    @Test func aliasCopiesTheAnchoredNodeAndKeepsItsOwnRange() throws {
        let text = "base: &b {type: string}\nx: *b\ny: [*b]\n"
        let tree = parse(text)
        #expect(tree.diagnostics.isEmpty)
        let base = try #require(tree.node(at: JSONPointer.root / "base"))
        let x = try #require(tree.node(at: JSONPointer.root / "x"))
        #expect(x.jsonValue() == base.jsonValue())
        #expect(x.range == 27..<29)
        #expect(tree.node(at: JSONPointer.root / "y" / 0)?.range == 34..<36)
        // Inside the copy, ranges are the anchored text's: that is where the content is written.
        #expect(tree.node(at: JSONPointer.root / "x" / "type")?.range == 16..<22)
        #expect(tree.pointer(at: 28) == JSONPointer.root / "x")
    }

    @Test func scalarAliasesAndAliasesAsKeys() {
        let tree = parse("a: &n 42\nb: *n\n*n : answer\n")
        #expect(
            tree.jsonValue()
                == .object([
                    JSONMember("a", .integer(42)), JSONMember("b", .integer(42)), JSONMember("42", .string("answer")),
                ]))
    }

    @Test func mergeKeysAddWhatTheMappingDoesNotSet() {
        let text = """
            defaults: &d {type: string, description: base}
            extra: &e {description: other, minLength: 1}
            p:
              <<: *d
              description: own
            q:
              <<: [*e, *d]
            r:
              "<<": *d

            """
        let tree = parse(text)
        #expect(tree.diagnostics.isEmpty)
        #expect(
            tree.node(at: JSONPointer.root / "p")?.jsonValue()
                == .object([JSONMember("type", .string("string")), JSONMember("description", .string("own"))]))
        #expect(
            tree.node(at: JSONPointer.root / "q")?.jsonValue()
                == .object([
                    JSONMember("description", .string("other")), JSONMember("minLength", .integer(1)),
                    JSONMember("type", .string("string")),
                ]))
        // A quoted `<<` is an ordinary key.
        #expect(tree.node(at: JSONPointer.root / "r" / "<<" / "type")?.jsonValue() == .string("string"))
    }

    @Test func mergeOfANonMappingIsReportedAndKept() {
        let tree = parse("a:\n  <<: 1\n  b: 2\n")
        #expect(tree.diagnostics.map(\.code) == [.unsupportedYAML])
        #expect(tree.diagnostics.first?.range == 5..<7)
        #expect(
            tree.node(at: JSONPointer.root / "a")?.jsonValue()
                == .object([JSONMember("<<", .integer(1)), JSONMember("b", .integer(2))]))
    }

    @Test func billionLaughsIsBounded() {
        var text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            let refs = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(refs)]\n"
        }
        let tree = parse(text)
        let guards = tree.diagnostics.filter { $0.code == .unsupportedYAML }
        #expect(guards.count == 1)
        #expect(guards.first?.severity == .error)
        #expect(nodeCount(tree) <= YAMLTreeBuilder.minimumExpansionLimit + text.utf8.count)
        // Levels below the bound are expanded in full.
        #expect(tree.node(at: JSONPointer.root / "l2" / 9 / 9 / 9)?.jsonValue() == .string("x"))
    }

    @Test func unknownAndSelfReferencingAliases() {
        let tree = parse("a: *nowhere\nb: &s [1, *s]\n")
        let errors = tree.diagnostics.filter { $0.code == .yamlSyntax }
        #expect(errors.map(\.range) == [3..<11, 22..<24])
        #expect(tree.node(at: JSONPointer.root / "b" / 0)?.jsonValue() == .integer(1))
    }

    @Test func nonScalarKeysAreReportedAndSkipped() {
        let tree = parse("? [a, b]\n: 1\nc: 2\n")
        #expect(tree.diagnostics.map(\.code) == [.unsupportedYAML])
        #expect(tree.jsonValue() == .object([JSONMember("c", .integer(2))]))
    }

    @Test func duplicateKeysAreKeptAndTheSecondIsFlagged() {
        let tree = parse("a: 1\nb: 2\na: 3\nflow: {x: 1, x: 2}\n")
        let duplicates = tree.diagnostics.filter { $0.code == .duplicateKey }
        #expect(duplicates.map(\.range) == [10..<11, 28..<29])
        #expect(duplicates.allSatisfy { $0.severity == .warning })
        #expect(tree.jsonValue()?.objectMembers?.map(\.key) == ["a", "b", "a", "flow"])
        #expect(tree.node(at: JSONPointer.root / "a")?.jsonValue() == .integer(3))
    }

    @Test func thousandsOfDuplicatesAreCapped() {
        let tree = parse(String(repeating: "a: 1\n", count: 1_500))
        #expect(tree.jsonValue()?.objectMembers?.count == 1_500)
        #expect(tree.diagnostics.count == 1_001)
        #expect(tree.diagnostics.last?.message.contains("too many problems") == true)
    }

    @Test func onlyTheFirstDocumentIsRead() {
        let tree = parse("- a\n---\n- b\n---\n- c\n")
        #expect(tree.jsonValue() == .array([.string("a")]))
        #expect(tree.diagnostics.map(\.code) == [.unsupportedYAML])
        #expect(tree.diagnostics.first?.range == 4..<7)
        #expect(tree.diagnostics.first?.severity == .warning)
    }

    @Test func syntaxErrorsInLaterDocumentsAreStillReported() {
        let tree = parse("a: 1\n---\nb: [\n")
        #expect(tree.jsonValue() == .object([JSONMember("a", .integer(1))]))
        #expect(tree.diagnostics.map(\.code) == [.unsupportedYAML, .yamlSyntax])
    }
}
