import JSON
import SourceDocument
import Testing

@Suite struct PointerLocationTests {
    static let text = """
        {
          "tools": [
            {"name": "first", "a/b": {"m~n": [10, 20]}},
            {"name": "dup", "name": "last"}
          ]
        }
        """

    let tree = parse(Self.text)

    func pointer(_ s: String) -> JSONPointer { JSONPointer(s)! }

    @Test func exactLocations() throws {
        let deep = try #require(tree.location(of: pointer("/tools/0/a~1b/m~0n/1")))
        #expect(deep.exact)
        #expect(deep.range == byteRange(of: "20", in: Self.text))
        let key = try #require(tree.location(of: pointer("/tools/0/a~1b"), preferKey: true))
        #expect(key.range == byteRange(of: #""a/b""#, in: Self.text))
        #expect(tree.location(of: .root)?.range == 0..<Self.text.utf8.count)
    }

    @Test func duplicateKeysResolveToTheLastMember() throws {
        let location = try #require(tree.location(of: pointer("/tools/1/name")))
        #expect(location.range == byteRange(of: #""last""#, in: Self.text))
        let key = try #require(tree.location(of: pointer("/tools/1/name"), preferKey: true))
        #expect(key.range == byteRange(of: #""name""#, in: Self.text, occurrence: 3))
    }

    @Test func missingMembersFallBackToTheirParent() throws {
        let underKey = try #require(tree.location(of: pointer("/tools/0/a~1b/zzz/1")))
        #expect(!underKey.exact)
        #expect(underKey.range == byteRange(of: #""a/b""#, in: Self.text))
        // An array element has no key: its opening brace stands for it.
        let underElement = try #require(tree.location(of: pointer("/tools/0/inputSchema")))
        #expect(!underElement.exact)
        #expect(underElement.range == byteRange(of: "{", in: Self.text, occurrence: 2))
        let pastEnd = try #require(tree.location(of: pointer("/tools/7")))
        #expect(pastEnd.range == byteRange(of: #""tools""#, in: Self.text))
        let underRoot = try #require(tree.location(of: pointer("/missing")))
        #expect(underRoot.range == 0..<1)
        #expect(!underRoot.exact)
    }

    @Test func offsetsMapToPointers() {
        let text = Self.text
        #expect(tree.pointer(at: byteRange(of: "m~n", in: text).lowerBound).description == "/tools/0/a~1b/m~0n")
        #expect(tree.pointer(at: byteRange(of: "20", in: text).lowerBound).description == "/tools/0/a~1b/m~0n/1")
        #expect(tree.pointer(at: byteRange(of: "a/b", in: text).lowerBound).description == "/tools/0/a~1b")
        // Whitespace between elements belongs to the container.
        #expect(tree.pointer(at: byteRange(of: ", 20", in: text).lowerBound + 1).description == "/tools/0/a~1b/m~0n")
        #expect(tree.pointer(at: 0) == .root)
        #expect(tree.pointer(at: text.utf8.count) == .root)
    }

    /// Both directions agree for every value of a document: the pointer at a value's first
    /// byte leads back to that value's range (except for shadowed duplicates).
    @Test func roundTripOverEveryValue() throws {
        let text = #"{"a": [1, {"b~c": null, "d/e": [true, "x"]}], "": {"": 0}, "f": {"g": {"h": []}}}"#
        let tree = parse(text)
        let root = try #require(tree.root)
        var stack: [(JSONPointer, SyntaxNode)] = [(.root, root)]
        var checked = 0
        while let (pointer, node) = stack.popLast() {
            #expect(tree.location(of: pointer)?.range == node.range, "\(pointer)")
            #expect(tree.pointer(at: node.range.lowerBound) == pointer, "\(pointer)")
            let parsed = try #require(JSONPointer(pointer.description))
            #expect(parsed == pointer)
            checked += 1
            switch node.value {
            case .array(let items):
                for (i, item) in items.enumerated() { stack.append((pointer / i, item)) }
            case .object(let members):
                for member in members {
                    stack.append((pointer / member.key, member.value))
                    #expect(tree.pointer(at: member.keyRange.lowerBound) == pointer / member.key)
                }
            default:
                break
            }
        }
        #expect(checked == 13)
    }

    @Test func documentMapsPositionsAndPointers() throws {
        let document = SourceDocument(uri: "file:///tools.json", text: Self.text)
        let range = try #require(document.range(of: pointer("/tools/1/name")))
        #expect(range.start == TextPosition(line: 3, character: 28))
        #expect(document.pointer(at: TextPosition(line: 3, character: 31)) == pointer("/tools/1/name"))
        #expect(document.pointer(at: TextPosition(line: 2, character: 7)) == pointer("/tools/0/name"))
    }
}
