import JSON
import SourceDocument
import Testing

@Suite struct JSONNumberTests {
    @Test(arguments: [
        ("0", JSONValue.integer(0)), ("-0", .integer(0)), ("42", .integer(42)), ("-17", .integer(-17)),
        ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
        ("123456789012345678", .integer(123_456_789_012_345_678)),
        ("1.0", .double(1)), ("1E2", .double(100)), ("1e+2", .double(100)), ("25e-1", .double(2.5)),
        ("-0.0", .double(-0.0)), ("1e-400", .double(0)), ("0.1", .double(0.1)),
    ])
    func reads(_ text: String, _ expected: JSONValue) throws {
        let tree = parse(text)
        #expect(tree.diagnostics.isEmpty)
        let value = try #require(tree.jsonValue())
        #expect(exactlyEqual(value, expected), "\(value)")
        #expect(tree.root?.range == 0..<text.utf8.count)
    }

    /// Significands and exponents outside the fast path still round correctly.
    @Test(arguments: [
        "0.30000000000000004", "3.141592653589793238462643383279", "1.7976931348623157e308", "2.2250738585072014e-308",
        "4.9406564584124654e-324", "123456789012345678901234567890e-20", "9007199254740993.0", "1e23", "8.5e-22",
        "0.000000000000000000000000000001",
    ])
    func correctlyRounded(_ text: String) throws {
        guard case .double(let value) = parse(text).root?.value else {
            Issue.record("\(text) is not a double")
            return
        }
        let expected = try #require(Double(text))
        #expect(value.bitPattern == expected.bitPattern)
    }

    @Test func integersBeyond64BitsBecomeDoublesWithAWarning() throws {
        let text = "[-9223372036854775809, 18446744073709551616]"
        let tree = parse(text)
        #expect(tree.jsonValue() == [.double(-9_223_372_036_854_775_809.0), .double(18_446_744_073_709_551_616.0)])
        #expect(tree.diagnostics.map(\.code) == [.numberRange, .numberRange])
        #expect(tree.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(tree.diagnostics.first?.range == byteRange(of: "-9223372036854775809", in: text))
        #expect(!tree.hasErrors)
    }

    @Test func overflowToInfinityIsAnError() {
        let text = "[1e400, -1.5e309, 2]"
        let tree = parse(text)
        #expect(
            tree.diagnostics.map(\.range) == [byteRange(of: "1e400", in: text), byteRange(of: "-1.5e309", in: text)])
        #expect(tree.diagnostics.allSatisfy { $0.code == .numberRange && $0.severity == .error })
        #expect(tree.jsonValue() == [nil, nil, 2])
    }

    @Test(arguments: ["-", "01", "1.", ".5", "+1", "1e", "1e+", "0x10", "1.2.3", "--1", "-a"])
    func malformedNumbersAreOneBadToken(_ token: String) {
        let text = "[\(token), 7]"
        let tree = parse(text)
        #expect(tree.diagnostics.count == 1, "\(tree.diagnostics)")
        #expect(tree.diagnostics.first?.range == byteRange(of: token, in: text))
        #expect(tree.jsonValue()?[1] == 7)
    }
}
