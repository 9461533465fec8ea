import JSON
import Testing

@Suite struct JSONPointerTests {
    /// RFC 6901 array indices: digits, no leading zero, nothing past `Int.max` (the first
    /// definition, `Int(token)` after a digits check, as the reference).
    @Test func arrayIndexReadsDigitsWithoutLeadingZeroUpToIntMax() {
        func reference(_ token: String) -> Int? {
            guard let first = token.utf8.first, token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return nil
            }
            if first == 0x30 && token.utf8.count > 1 { return nil }
            return Int(token)
        }
        let tokens = [
            "", "0", "7", "10", "01", "00", "-1", "+1", "1a", "a1", " 1", "1 ", "١", "9223372036854775807",
            "9223372036854775808", "92233720368547758070", "123456789012345678", "0x10",
        ]
        #expect(JSONPointer.arrayIndex("9223372036854775807") == Int.max)
        #expect(JSONPointer.arrayIndex("01") == nil)
        #expect(JSONPointer.arrayIndex("42") == 42)
        for token in tokens { #expect(JSONPointer.arrayIndex(token) == reference(token), "token: \(token)") }
        for value in [0, 1, 9, 10, 99, 1_000_000, Int.max / 10, Int.max - 1] {
            #expect(JSONPointer.arrayIndex(String(value)) == value)
        }
    }

    @Test(arguments: ["", "/", "/a", "/a~1b", "/m~0n", "/tools/0/inputSchema", "/ /x", "/~01"])
    func roundTrip(_ text: String) throws {
        let pointer = try #require(JSONPointer(text))
        #expect(pointer.description == text)
    }

    @Test func escapesTokens() {
        let pointer = JSONPointer.root / "a/b" / "m~n" / 3
        #expect(pointer.description == "/a~1b/m~0n/3")
        #expect(JSONPointer(pointer.description) == pointer)
        #expect(pointer.tokens == ["a/b", "m~n", "3"])
    }

    /// Appending builds pointers of up to four tokens as literals and longer ones by copying: the
    /// tokens must be those of `tokens + [token]`, indices written as `String(index)`.
    @Test func appendingGivesTheExtendedTokens() {
        var pointer = JSONPointer.root
        var expected: [String] = []
        for depth in 0..<7 {
            let token = depth.isMultiple(of: 2) ? "key\(depth)" : "a long token that is not a small string \(depth)"
            pointer = pointer / token
            expected.append(token)
            #expect(pointer.tokens == expected)
            #expect((pointer / depth).tokens == expected + [String(depth)])
        }
        for value in [
            0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12345, 9_999_999, 10_000_000, 99_999_999, 100_000_000,
            Int.max, -1, Int.min,
        ] {
            #expect((JSONPointer.root / value).tokens == [String(value)], "index: \(value)")
        }
    }

    @Test(arguments: ["a", "/~", "/~2", "/a~"])
    func rejectsMalformed(_ text: String) {
        #expect(JSONPointer(text) == nil)
    }

    @Test func resolvesRFC6901Examples() throws {
        let doc = try Jansson.decode(
            #"{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8}"#)
        let cases: [(String, JSONValue)] = [
            ("/foo", ["bar", "baz"]), ("/foo/0", "bar"), ("/", 0), ("/a~1b", 1), ("/c%d", 2), ("/e^f", 3),
            ("/g|h", 4), ("/i\\j", 5), ("/k\"l", 6), ("/ ", 7), ("/m~0n", 8),
        ]
        for (text, expected) in cases {
            #expect(doc.resolve(JSONPointer(text)!) == expected, "\(text)")
        }
        #expect(doc.resolve(JSONPointer("")!) == doc)
        #expect(doc.resolve(JSONPointer("/foo/01")!) == nil)
        #expect(doc.resolve(JSONPointer("/foo/2")!) == nil)
    }
}
