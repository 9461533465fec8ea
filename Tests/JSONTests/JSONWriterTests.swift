import JSON
import Testing

/// The wire encoder: what it writes reads back (through jansson) as the same value.
@Suite struct JSONWriterTests {
    static let samples: [JSONValue] = [
        .null, true, false, 0, -1, 42, .integer(Int64.min), .integer(Int64.max), 0.1, -2.5e-8, 1e300, 3.0,
        "", "plain", "quote \" backslash \\ slash /", "controls \u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}",
        "unicode é 漢字 😀 \u{2028}", [], [:], [1, "two", [3.5, nil], ["k": false]],
        ["tools": [["name": "a", "inputSchema": ["type": "object", "properties": ["x~/y": ["type": "string"]]]]]],
    ]

    @Test(arguments: samples)
    func roundTripsThroughJansson(_ value: JSONValue) throws {
        let bytes = JSONWriter.bytes(value)
        #expect(try Jansson.decode(bytes, options: [.decodeAny, .allowNul]) == value)
        // Compact: no raw newline, so newline-delimited framing stays one message per line.
        #expect(!bytes.contains(0x0A))
    }

    @Test func escapesExactlyAsJSONRequires() {
        #expect(String(decoding: JSONWriter.bytes("a\"b\\c\nd\u{1}é"), as: UTF8.self) == #""a\"b\\c\nd\u0001é""#)
        #expect(
            String(decoding: JSONWriter.bytes(["b": 1, "a": [true, nil]]), as: UTF8.self) == #"{"b":1,"a":[true,null]}"#
        )
        #expect(String(decoding: JSONWriter.bytes(.double(.infinity)), as: UTF8.self) == "null")
    }

    @Test func keepsDuplicateKeysAndOrder() {
        let value = JSONValue.object([JSONMember("z", 1), JSONMember("a", 2), JSONMember("z", 3)])
        #expect(String(decoding: JSONWriter.bytes(value), as: UTF8.self) == #"{"z":1,"a":2,"z":3}"#)
    }

    @Test func deepNestingDoesNotRecurse() {
        var value: JSONValue = "leaf"
        for _ in 0..<100_000 { value = .array([value]) }
        let bytes = JSONWriter.bytes(value)
        #expect(bytes.count == 200_000 + 6)
        #expect(bytes.prefix(3) == [0x5B, 0x5B, 0x5B])
        // Freed without recursing either: unwrap level by level.
        while case .array(let items) = value, let inner = items.first { value = inner }
    }
}
