import JSON
import Testing

@Suite struct SerializationTests {
    @Test(arguments: [
        (0.1, "0.1"), (1.0, "1.0"), (1e300, "1e+300"), (-0.0, "-0.0"), (0.30000000000000004, "0.30000000000000004"),
        (Double.leastNonzeroMagnitude, "5e-324"), (123456.789, "123456.789"), (1e16, "1e+16"), (2.5, "2.5"),
    ])
    func shortestDoubles(_ value: Double, _ text: String) throws {
        #expect(JSONValue.double(value).serialized() == text)
        // And it reads back as the same double, bit for bit.
        guard case .double(let back) = try Jansson.decode(text) else {
            Issue.record("\(text) did not read back as a double")
            return
        }
        #expect(back.bitPattern == value.bitPattern)
    }

    @Test func nonFiniteDoublesBecomeNull() {
        #expect(
            JSONValue.array([.double(.infinity), .double(-.infinity), .double(.nan)]).serialized() == "[null,null,null]"
        )
    }

    @Test func stringEscaping() throws {
        let s = "q\"b\\n\nr\rt\tb\u{08}f\u{0C}c\u{01}d\u{7F}l\u{2028}p\u{2029}é😀/"
        let expected = #""q\"b\\n\nr\rt\tb\bf\fc\u0001d\u007fl\u2028p\u2029é😀/""#
        #expect(JSONValue.string(s).serialized() == expected)
        #expect(JSONValue.quoted(s) == expected)
        #expect(try Jansson.decode(expected) == .string(s))
    }

    @Test func compactAndPrettyLayout() {
        let value: JSONValue = ["b": [1, ["x": nil]], "a": [], "c": [:]]
        #expect(value.serialized() == #"{"b":[1,{"x":null}],"a":[],"c":{}}"#)
        #expect(
            value.serialized(.pretty) == """
                {
                  "b": [
                    1,
                    {
                      "x": null
                    }
                  ],
                  "a": [],
                  "c": {}
                }
                """)
        #expect(value.serialized(.init(indent: 0, sortKeys: true)) == #"{"a":[],"b":[1,{"x":null}],"c":{}}"#)
    }

    @Test func duplicateKeysAndOrderAreKept() {
        let value = JSONValue.object([JSONMember("z", 1), JSONMember("a", 2), JSONMember("z", 3)])
        #expect(value.serialized() == #"{"z":1,"a":2,"z":3}"#)
    }

    @Test func integersStayIntegers() {
        #expect(
            JSONValue.array([.integer(.max), .integer(.min), .integer(0)]).serialized()
                == "[9223372036854775807,-9223372036854775808,0]")
    }
}
