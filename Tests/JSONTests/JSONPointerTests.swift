import JSON
import Testing

@Suite struct JSONPointerTests {
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
