import JSON
import SourceDocument
import Testing

/// Half-typed and broken YAML: where errors are reported and what is still read.
@Suite struct YAMLErrorTests {
    private func parse(_ text: String) -> SyntaxTree {
        SyntaxTree.parse(Array(text.utf8), format: .yaml)
    }

    private func offset(of needle: String, in text: String) -> Int {
        let bytes = Array(text.utf8)
        let n = Array(needle.utf8)
        for i in 0...(bytes.count - n.count) where Array(bytes[i..<(i + n.count)]) == n { return i }
        Issue.record("\(needle) not found")
        return -1
    }

    private func syntaxErrors(_ tree: SyntaxTree) -> [SyntaxDiagnostic] {
        tree.diagnostics.filter { $0.code == .yamlSyntax }
    }

    @Test func unclosedQuoteWhileTypingAtTheEndKeepsTheTools() throws {
        let text = "tools:\n  - name: a\n    description: ok\n  - name: b\n    description: \"Get wea"
        let tree = parse(text)
        let errors = syntaxErrors(tree)
        #expect(errors.count == 1)
        let quote = offset(of: "\"Get", in: text)
        #expect(errors.first?.range == quote..<(quote + 1))
        #expect(tree.node(at: JSONPointer.root / "tools" / 0 / "description")?.jsonValue() == .string("ok"))
        #expect(tree.node(at: JSONPointer.root / "tools" / 1 / "name")?.jsonValue() == .string("b"))
        let description = try #require(tree.node(at: JSONPointer.root / "tools" / 1 / "description"))
        guard case .invalid = description.value else {
            Issue.record("description should be invalid, is \(description.value)")
            return
        }
    }

    @Test func unclosedQuoteInTheMiddleIsReadPast() throws {
        let text = "- name: a\n  description: \"Get wea\n- name: b\n  description: fine\n"
        let tree = parse(text)
        let errors = syntaxErrors(tree)
        #expect(errors.count == 1)
        let quote = offset(of: "\"Get", in: text)
        #expect(errors.first?.range == quote..<(quote + 1))
        #expect(tree.node(at: JSONPointer.root / 1 / "description")?.jsonValue() == .string("fine"))
        let b = try #require(tree.location(of: JSONPointer.root / 1 / "name"))
        #expect(b.range == offset(of: "b\n", in: text)..<(offset(of: "b\n", in: text) + 1))
    }

    @Test func unclosedFlowSequenceAtTheEndKeepsItsItems() {
        let tree = parse("key: [1, 2")
        #expect(syntaxErrors(tree).map(\.range) == [5..<6])
        #expect(tree.jsonValue() == .object([JSONMember("key", .array([.integer(1), .integer(2)]))]))
    }

    @Test func unclosedFlowCollectionInTheMiddleIsReadPast() {
        let text = "a: {x: 1\nb: 2\nc: [3\nd: 4\n"
        let tree = parse(text)
        let errors = syntaxErrors(tree)
        #expect(errors.count == 2)
        #expect(errors.first?.range.lowerBound == offset(of: ": 2", in: text))
        #expect(errors.map { $0.message.hasSuffix("at line 1)") } == [true, false])
        #expect(errors.last?.message.hasSuffix("(while parsing a flow sequence at line 3)") == true)
        #expect(tree.node(at: JSONPointer.root / "b")?.jsonValue() == .integer(2))
        #expect(tree.node(at: JSONPointer.root / "d")?.jsonValue() == .integer(4))
    }

    @Test func tabIndentation() {
        let text = "a:\n\tb: 1\nc: 2\n"
        let tree = parse(text)
        #expect(syntaxErrors(tree).map(\.range) == [3..<4])
        #expect(syntaxErrors(tree).first?.message.contains("cannot start any token") == true)
        #expect(tree.node(at: JSONPointer.root / "c")?.jsonValue() == .integer(2))
    }

    @Test func badIndentation() {
        let text = "a:\n  b: 1\n c: 2\nd: 3\n"
        let tree = parse(text)
        #expect(syntaxErrors(tree).map(\.range) == [11..<12])
        #expect(tree.node(at: JSONPointer.root / "a" / "b")?.jsonValue() == .integer(1))
        #expect(tree.node(at: JSONPointer.root / "d")?.jsonValue() == .integer(3))
    }

    @Test func colonInsideAPlainValue() {
        let text = "- name: x\n  description: see: this\n- name: y\n"
        let tree = parse(text)
        let colon = offset(of: ": this", in: text)
        #expect(syntaxErrors(tree).map(\.range) == [colon..<(colon + 1)])
        #expect(tree.node(at: JSONPointer.root / 0 / "description")?.jsonValue() == .string("see"))
        #expect(tree.node(at: JSONPointer.root / 1 / "name")?.jsonValue() == .string("y"))
    }

    @Test func positionOfAnErrorAfterMultiByteText() {
        let doc = SourceDocument(uri: "x.yaml", text: "é: 日本語\nb: 'x\n")
        let error = doc.tree.diagnostics.first { $0.code == .yamlSyntax }
        #expect(
            error.map { doc.range(of: $0.range) }
                == TextRange(start: .init(line: 1, character: 3), end: .init(line: 1, character: 4)))
    }

    /// Whatever is cut off or deleted, parsing finishes with in-range diagnostics.
    @Test func everyPrefixAndEveryDeletionOfAToolFileParses() {
        let bytes = Array(YAMLToolFileTests.mcpYAML.utf8)
        var withErrors = 0
        for cut in 0...bytes.count {
            let tree = SyntaxTree.parse(Array(bytes[..<cut]), format: .yaml)
            withErrors += tree.hasErrors ? 1 : 0
            for d in tree.diagnostics { #expect(d.range.lowerBound >= 0 && d.range.upperBound <= cut) }
        }
        for removed in bytes.indices {
            var copy = bytes
            copy.remove(at: removed)
            let tree = SyntaxTree.parse(copy, format: .yaml)
            for d in tree.diagnostics { #expect(d.range.lowerBound >= 0 && d.range.upperBound <= copy.count) }
        }
        #expect(withErrors > 0)
    }
}
