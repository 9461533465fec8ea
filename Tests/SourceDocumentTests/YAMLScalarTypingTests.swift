import JSON
import SourceDocument
import Testing

/// Plain scalars typed by the YAML 1.2 core schema; everything quoted stays a string.
@Suite struct YAMLScalarTypingTests {
    private func value(_ scalar: String) -> (SyntaxNode.Value?, [SyntaxDiagnostic]) {
        let tree = SyntaxTree.parse(Array("v: \(scalar)\n".utf8), format: .yaml)
        return (tree.node(at: JSONPointer.root / "v")?.value, tree.diagnostics)
    }

    @Test(arguments: [
        ("null", JSONValue.null), ("~", .null), ("", .null), ("NULL", .null),
        ("true", .bool(true)), ("False", .bool(false)),
        ("0", .integer(0)), ("-17", .integer(-17)), ("+5", .integer(5)), ("007", .integer(7)),
        ("0x1F", .integer(31)), ("0o17", .integer(15)),
        ("9223372036854775807", .integer(Int64.max)), ("-9223372036854775808", .integer(Int64.min)),
        ("1.5", .double(1.5)), ("-.5", .double(-0.5)), ("1.", .double(1)), ("2e3", .double(2000)),
        ("1.5E-2", .double(0.015)), ("+1.0", .double(1)),
        // YAML 1.1 spellings are strings in 1.2.
        ("yes", .string("yes")), ("on", .string("on")), ("1_000", .string("1_000")), ("0b101", .string("0b101")),
        ("0x", .string("0x")), ("1e", .string("1e")), ("-x", .string("-x")), ("1.2.3", .string("1.2.3")),
        ("'true'", .string("true")), ("\"12\"", .string("12")), ("'~'", .string("~")), ("\"\"", .string("")),
        ("!!str 12", .string("12")), ("! 12", .string("12")), ("!!int \"12\"", .integer(12)),
        ("!!float 1", .double(1)),
    ])
    func coreSchema(scalar: String, expected: JSONValue) {
        let (value, diagnostics) = value(scalar)
        #expect(value.map { SyntaxNode($0, range: 0..<0).jsonValue() } == expected)
        #expect(diagnostics.isEmpty)
    }

    @Test func nonFiniteNumbersAreReported() {
        for scalar in [".inf", "-.Inf", ".NaN"] {
            let (value, diagnostics) = value(scalar)
            guard case .invalid = value else {
                Issue.record("\(scalar) gave \(String(describing: value))")
                continue
            }
            #expect(diagnostics.map(\.code) == [.numberRange])
            #expect(diagnostics.first?.range == 3..<(3 + scalar.utf8.count))
            #expect(diagnostics.first?.severity == .warning)
        }
    }

    @Test func integersBeyond64BitsBecomeDoublesWithAWarning() {
        let (value, diagnostics) = value("99999999999999999999")
        guard case .double(let d) = value else {
            Issue.record("got \(String(describing: value))")
            return
        }
        #expect(d == 1e20)
        #expect(diagnostics.map(\.code) == [.numberRange])
    }

    @Test(arguments: ["1e999", "-1e999", String(repeating: "9", count: 400), "0x" + String(repeating: "F", count: 300)])
    func numbersBeyondDoubleAreInvalid(scalar: String) {
        let (value, diagnostics) = value(scalar)
        guard case .invalid = value else {
            Issue.record("got \(String(describing: value))")
            return
        }
        #expect(diagnostics.map(\.code) == [.numberRange])
        #expect(diagnostics.first?.severity == .error)
    }

    @Test(arguments: ["!!bool yes", "!!int 1.5", "!!null 0", "!!float abc"])
    func wrongCoreTagIsReportedAndReadAsString(scalar: String) {
        let (value, diagnostics) = value(scalar)
        let text = String(scalar.split(separator: " ")[1])
        guard case .string(text) = value else {
            Issue.record("got \(String(describing: value))")
            return
        }
        #expect(diagnostics.map(\.code) == [.unsupportedYAML])
    }

    @Test func keysAreTheirTextWhateverTheyLookLike() throws {
        let tree = SyntaxTree.parse(Array("1: a\ntrue: b\n~: c\n'q': d\n0x10: e\n".utf8), format: .yaml)
        let members = try #require(tree.jsonValue()?.objectMembers)
        #expect(members.map(\.key) == ["1", "true", "~", "q", "0x10"])
    }
}
