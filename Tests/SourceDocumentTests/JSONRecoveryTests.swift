import JSON
import SourceDocument
import Testing

/// One malformed document: the diagnostic it must produce (code, message, exact range of the
/// offending token) and values after the error that must still be in the tree.
struct RecoveryCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var code: SyntaxDiagnostic.Code = .syntax
    var message: String
    /// The offending token as it appears in `text`, and which appearance.
    var token: String
    var occurrence = 1
    var severity: SyntaxDiagnostic.Severity = .error
    var later: [(pointer: String, value: JSONValue)]

    var testDescription: String { name }
}

@Suite struct JSONRecoveryTests {
    static let cases: [RecoveryCase] = [
        RecoveryCase(
            name: "missing comma between members",
            text: #"{"tools": [{"name": "a" "description": "x"}, {"name": "b"}]}"#,
            message: "expected ',' or '}' after object member", token: #""description""#,
            later: [("/tools/0/description", "x"), ("/tools/1/name", "b")]),
        RecoveryCase(
            name: "missing comma between elements",
            text: #"{"tools": [{"name": "a"} {"name": "b"}]}"#,
            message: "expected ',' or ']' after array element", token: "{", occurrence: 3,
            later: [("/tools/0/name", "a"), ("/tools/1/name", "b")]),
        RecoveryCase(
            name: "missing comma between numbers", text: "[1 2, 3]",
            message: "expected ',' or ']' after array element", token: "2", later: [("/1", 2), ("/2", 3)]),
        RecoveryCase(
            name: "trailing comma in object",
            text: #"{"tools": [{"name": "a",}, {"name": "b"}]}"#,
            message: "trailing comma", token: ",", occurrence: 1,
            later: [("/tools/0/name", "a"), ("/tools/1/name", "b")]),
        RecoveryCase(
            name: "trailing comma in array",
            text: #"{"tools": [{"name": "a"}, {"name": "b"},], "next": 1}"#,
            message: "trailing comma", token: ",", occurrence: 2,
            later: [("/tools/1/name", "b"), ("/next", 1)]),
        RecoveryCase(
            name: "unterminated string ends at the line end",
            text: "{\"tools\": [{\"name\": \"a\n}, {\"name\": \"b\"}]}",
            message: "unterminated string", token: "\"a",
            later: [("/tools/0/name", "a"), ("/tools/1/name", "b")]),
        RecoveryCase(
            name: "unclosed brackets at the end",
            text: #"{"tools": [{"name": "a"}, {"name": "b""#,
            message: "unclosed '[': expected ']' before the end of the document", token: "[",
            later: [("/tools/0/name", "a"), ("/tools/1/name", "b")]),
        RecoveryCase(
            name: "missing value before a comma",
            text: #"{"tools": [{"name": , "description": "x"}, {"name": "b"}]}"#,
            message: "expected a value", token: ",", occurrence: 1,
            later: [("/tools/0/description", "x"), ("/tools/1/name", "b")]),
        RecoveryCase(
            name: "missing value before a brace", text: #"{"tools": [{"name": }, {"name": "b"}]}"#,
            message: "expected a value", token: "}", later: [("/tools/1/name", "b")]),
        RecoveryCase(
            name: "empty array slot", text: "[1,,2]", message: "expected a value", token: ",", occurrence: 2,
            later: [("/2", 2)]),
        RecoveryCase(
            name: "missing colon", text: #"{"name" "a", "description": "x"}"#,
            message: "expected ':' after property name", token: #""a""#,
            later: [("/name", "a"), ("/description", "x")]),
        RecoveryCase(
            name: "unquoted property name", text: #"{name: "a", "description": "x"}"#,
            message: "property names must be in double quotes", token: "name",
            later: [("/name", "a"), ("/description", "x")]),
        RecoveryCase(
            name: "single-quoted string", text: #"{"name": 'a b', "description": "x"}"#,
            message: "strings must use double quotes", token: "'a b'", later: [("/description", "x")]),
        RecoveryCase(
            name: "stray token between elements",
            text: #"{"tools": [{"name": "a"} ; , {"name": "b"}]}"#,
            message: "expected ',' or ']' after array element", token: ";", later: [("/tools/1/name", "b")]),
        RecoveryCase(
            name: "garbage between members", text: #"{"name": "a" ### , "description": "x"}"#,
            message: "expected ',' or '}' after object member", token: "###", later: [("/description", "x")]),
        RecoveryCase(
            name: "stray closing bracket", text: #"{"a": [1, 2]], "b": 3}"#,
            message: "expected ',' or '}' after object member", token: "]", occurrence: 2, later: [("/b", 3)]),
        RecoveryCase(
            name: "closer of an enclosing container",
            text: #"{"tools": [{"name": "a"], "next": {"name": "b"}}"#,
            message: "expected ',' or '}' after object member", token: "]",
            later: [("/tools/0/name", "a"), ("/next/name", "b")]),
        RecoveryCase(
            name: "mistyped closer of an array element",
            text: #"{"tools": [{"name": "a"], {"name": "b"}]}"#,
            message: "expected ',' or '}' after object member", token: "]",
            later: [("/tools/0/name", "a"), ("/tools/1/name", "b")]),
        RecoveryCase(
            name: "mistyped closer of a member value", text: #"{"a": [1, 2}, "b": 3}"#,
            message: "expected ',' or ']' after array element", token: "}", later: [("/a", [1, 2]), ("/b", 3)]),
        RecoveryCase(
            name: "missing closer of a member value", text: #"[{"a": [1, 2}, {"b": 3}]"#,
            message: "expected ',' or ']' after array element", token: "}", later: [("/0/a", [1, 2]), ("/1/b", 3)]),
        RecoveryCase(
            name: "stray colon", text: #"{"a": 1 : , "b": 2}"#,
            message: "expected ',' or '}' after object member", token: ":", occurrence: 2, later: [("/b", 2)]),
        RecoveryCase(
            name: "truncated literal", text: #"{"tools": [{"name": "a", "strict": tru}, {"name": "b"}]}"#,
            message: "invalid value 'tru'; did you mean 'true'?", token: "tru",
            later: [("/tools/0/name", "a"), ("/tools/1/name", "b")]),
        RecoveryCase(
            name: "Python literal", text: #"{"a": None, "b": True}"#,
            message: "invalid value 'None'; did you mean 'null'?", token: "None", later: [("/b", nil)]),
        RecoveryCase(
            name: "NaN", text: #"{"a": NaN, "b": 2}"#, message: "'NaN' is not a JSON number", token: "NaN",
            later: [("/b", 2)]),
        RecoveryCase(
            name: "unknown word", text: #"{"a": @xyz, "b": 2}"#, message: "invalid value '@xyz'", token: "@xyz",
            later: [("/b", 2)]),
        RecoveryCase(
            name: "leading zero", text: #"{"a": 012, "b": 2}"#, message: "invalid number '012'", token: "012",
            later: [("/b", 2)]),
        RecoveryCase(
            name: "missing fraction digits", text: #"{"a": 1.e5, "b": 2}"#, message: "invalid number '1.e5'",
            token: "1.e5", later: [("/b", 2)]),
        RecoveryCase(
            name: "number glued to a word", text: #"{"a": 12px, "b": 2}"#, message: "invalid number '12px'",
            token: "12px", later: [("/b", 2)]),
        RecoveryCase(
            name: "line comment", text: "{\"tools\": [ // the list\n {\"name\": \"a\"}]}",
            message: "comments are not allowed in JSON", token: "// the list", later: [("/tools/0/name", "a")]),
        RecoveryCase(
            name: "block comment", text: #"{"a": /* one */ 1, "b": 2}"#,
            message: "comments are not allowed in JSON", token: "/* one */", later: [("/a", 1), ("/b", 2)]),
        RecoveryCase(
            name: "unterminated block comment", text: "{\"a\": 1 /* never closed\n}",
            message: "unterminated comment", token: "/* never closed\n}", later: [("/a", 1)]),
        RecoveryCase(
            name: "content after the top-level value", text: #"{"a": 1} {"b": 2}"#,
            message: "unexpected content after the top-level value", token: "{", occurrence: 2,
            later: [("/a", 1)]),
        RecoveryCase(
            name: "duplicate key", text: #"{"name": "a", "description": "x", "name": "b"}"#,
            code: .duplicateKey, message: "duplicate key 'name'; most JSON readers keep only the last",
            token: #""name""#, occurrence: 2, severity: .warning, later: [("/name", "b"), ("/description", "x")]),
        RecoveryCase(
            name: "integer beyond 64 bits", text: #"{"a": 123456789012345678901234567890, "b": 2}"#,
            code: .numberRange,
            message: "integer 123456789012345678901234… does not fit in 64 bits; read as 1.2345678901234568e+29, "
                + "and some JSON readers reject it",
            token: "123456789012345678901234567890", severity: .warning,
            later: [("/a", .double(123_456_789_012_345_678_901_234_567_890.0)), ("/b", 2)]),
        RecoveryCase(
            name: "double overflow", text: #"{"a": 1e400, "b": 2}"#, code: .numberRange,
            message: "number 1e400 is too large for a double", token: "1e400", later: [("/b", 2)]),
    ]

    @Test(arguments: cases)
    func recovers(_ c: RecoveryCase) throws {
        let tree = parse(c.text)
        let expected = byteRange(of: c.token, in: c.text, occurrence: c.occurrence)
        let diagnostic = try #require(
            tree.diagnostics.first { $0.message == c.message }, "diagnostics: \(tree.diagnostics)")
        #expect(diagnostic.code == c.code)
        #expect(diagnostic.range == expected)
        #expect(diagnostic.severity == c.severity)
        #expect(tree.root != nil)
        for (pointer, expectedValue) in c.later {
            #expect(value(tree, pointer) == expectedValue, "\(pointer)")
        }
    }

    @Test func unterminatedStringSwallowsItsCommaWithoutASecondError() {
        let text = "{\"name\": \"a,\n  \"description\": \"x\", \"k\": 1 \"j\": 2}"
        let tree = parse(text)
        #expect(tree.diagnostics.map(\.message) == ["unterminated string", "expected ',' or '}' after object member"])
        #expect(tree.diagnostics.map(\.range) == [byteRange(of: "\"a,", in: text), byteRange(of: "\"j\"", in: text)])
        #expect(value(tree, "/name") == "a,")
        #expect(value(tree, "/description") == "x")
        #expect(value(tree, "/j") == 2)
    }

    @Test func missingValueIsAnInvalidNodeUnderItsKey() throws {
        let text = #"{"name": , "description": "x"}"#
        let tree = parse(text)
        let node = try #require(tree.node(at: JSONPointer("/name")!))
        #expect(node.value.isInvalid)
        #expect(node.range == byteRange(of: ",", in: text).lowerBound..<byteRange(of: ",", in: text).lowerBound)
    }

    @Test func duplicateMembersAreBothKept() throws {
        let tree = parse(#"{"a": 1, "a": 2}"#)
        let members = try #require(tree.jsonValue()?.objectMembers)
        #expect(members.map(\.key) == ["a", "a"])
        #expect(members.map(\.value) == [1, 2])
        #expect(!tree.hasErrors)
    }

    @Test func everyRepeatOfAKeyIsReported() {
        let text = #"{"k": 1, "k": 2, "j": 0, "k": 3}"#
        let tree = parse(text)
        #expect(
            tree.diagnostics.map(\.range) == [
                byteRange(of: #""k""#, in: text, occurrence: 2), byteRange(of: #""k""#, in: text, occurrence: 3),
            ])
        #expect(tree.diagnostics.allSatisfy { $0.code == .duplicateKey })
    }

    @Test func duplicatesInLargeObjectsAreFound() {
        var text = "{"
        for i in 0..<40 { text += "\"k\(i)\": \(i), " }
        text += "\"k7\": 99}"
        let tree = parse(text)
        #expect(tree.diagnostics.count == 1)
        #expect(tree.diagnostics.first?.range == byteRange(of: #""k7""#, in: text, occurrence: 2))
        #expect(value(tree, "/k7") == 99)
    }

    @Test func emptyDocumentHasNoRootAndOneError() {
        for text in ["", "  \n\t ", "\u{FEFF}"] {
            let tree = parse(text)
            #expect(tree.root == nil)
            #expect(tree.diagnostics.map(\.message) == ["document is empty"])
            #expect(tree.hasErrors)
        }
    }

    @Test func unclosedBracketsAreEachReportedAtTheirOpening() {
        let text = #"{"a": [1, {"b": 2"#
        let tree = parse(text)
        #expect(
            tree.diagnostics.map(\.range) == [
                byteRange(of: "{", in: text), byteRange(of: "[", in: text), byteRange(of: "{", in: text, occurrence: 2),
            ])
        #expect(value(tree, "/a/1/b") == 2)
        // The unclosed containers end at their last token, not at trailing whitespace.
        #expect(tree.root?.range == 0..<text.utf8.count)
    }

    @Test func validDocumentsHaveNoDiagnostics() {
        let text = #"{"a": [1, -2.5e-3, true, false, null, "s\n"], "b": {}, "c": [], "d": -0}"#
        #expect(parse(text).diagnostics.isEmpty)
    }
}

@Suite struct CanonicallyEquivalentKeyTests {
    /// "é" (U+00E9) and "e\u{301}" look alike and Swift's `==` calls them equal, but they are
    /// different JSON keys: neither a duplicate nor interchangeable in a pointer.
    @Test func precomposedAndDecomposedKeysAreDistinct() throws {
        let text = "{\"\u{E9}\": 1, \"e\u{301}\": 2}"
        let tree = parse(text)
        #expect(tree.diagnostics.isEmpty)
        #expect(value(tree, "/\u{E9}") == 1)
        #expect(value(tree, "/e\u{301}") == 2)
        #expect(tree.jsonValue()?["\u{E9}"] == 1)
        var large = "{"
        for i in 0..<20 { large += "\"k\(i)\": \(i), " }
        large += "\"\u{E9}\": 1, \"e\u{301}\": 2}"
        #expect(parse(large).diagnostics.isEmpty)
    }
}
