import JSON
import Testing

@Suite struct JanssonTests {
    @Test func decodesEveryKindInOrder() throws {
        let value = try Jansson.decode(
            #"{"z": 1, "a": [true, false, null, 1.5, "xé😀"], "m": {"k": -9223372036854775808}}"#)
        #expect(value.objectMembers?.map(\.key) == ["z", "a", "m"])
        #expect(value["a"] == [true, false, nil, 1.5, "xé😀"])
        #expect(value["m"]?["k"] == .integer(.min))
        #expect(value["z"] == .integer(1))
    }

    @Test func encodeDecodeRoundTrip() throws {
        let value: JSONValue = [
            "s": "q\"\\/\n\u{1}é😀", "i": 42, "n": -7, "d": 0.1, "big": 1e300, "t": true, "nil": nil,
            "list": [[], [:], [1, [2, [3]]]],
        ]
        for options in [Jansson.EncodeOptions(), .init(indent: 2), .init(ensureASCII: true)] {
            let bytes = Jansson.encode(value, options: options)
            #expect(try Jansson.decode(bytes) == value)
        }
        let ascii = Jansson.encode("é😀", options: .init(ensureASCII: true))
        #expect(String(decoding: ascii, as: UTF8.self) == #""\u00E9\uD83D\uDE00""#)
    }

    @Test func sortedKeys() {
        let bytes = Jansson.encode(["b": 1, "a": 2], options: .init(sortKeys: true))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"a":2,"b":1}"#)
    }

    @Test func duplicateKeysLastWinsOrRejected() throws {
        #expect(try Jansson.decode(#"{"a": 1, "a": 2}"#) == ["a": 2])
        let error = try #require(throws: JanssonError.self) {
            try Jansson.decode(#"{"a":1,"a":2}"#, options: [.rejectDuplicates])
        }
        #expect(error.text.contains("duplicate object key"))
        #expect(error.code == 14)
        // jansson cannot hold duplicates, so encoding keeps the last value.
        let encoded = Jansson.encode(.object([JSONMember("a", 1), JSONMember("a", 2)]))
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"a":2}"#)
    }

    @Test func errorsCarryLineColumnAndPosition() throws {
        let error = try #require(throws: JanssonError.self) { try Jansson.decode("{\n  \"a\": 1,\n  \"b\": tru\n}") }
        #expect(error.line == 3)
        // jansson points just past the bad token (the Swift parser points at its start).
        #expect(error.column == 10)
        #expect(error.position == 22)
        #expect(error.text.contains("invalid token"))
        #expect(error.description == "\(error.text) at line 3, column 10")
    }

    @Test(arguments: [
        ("", 6), ("[1,", 6), ("123456789012345678901234567890", 15), ("1e400", 15), ("\"\\ud800\"", 8),
    ])
    func errorCodes(_ text: String, _ code: Int) throws {
        let error = try #require(throws: JanssonError.self) { try Jansson.decode(text) }
        #expect(error.code == code, "\(error)")
    }

    @Test func invalidUTF8IsAnError() throws {
        let error = try #require(throws: JanssonError.self) { try Jansson.decode([0x22, 0xC3, 0x28, 0x22]) }
        #expect(error.code == 5)
    }

    @Test func scalarsNeedDecodeAny() throws {
        #expect(try Jansson.decode("42") == 42)
        #expect(throws: JanssonError.self) { try Jansson.decode("42", options: []) }
        #expect(throws: JanssonError.self) { try Jansson.decode(#""a\u0000b""#) }
        #expect(try Jansson.decode(#""a\u0000b""#, options: [.decodeAny, .allowNul]) == "a\u{0}b")
    }

    @Test func nonFiniteDoublesEncodeAsNull() {
        #expect(String(decoding: Jansson.encode([.double(.infinity), .double(.nan)]), as: UTF8.self) == "[null,null]")
    }
}
