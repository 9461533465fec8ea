import Foundation
import JSON
import Testing

@testable import SourceDocument

/// `SyntaxTree.value(of:format:)` against the full parse. Its fast path, `JSONParser`, must
/// give exactly the tree's value wherever it answers, read the usual well-formed files, and
/// give up (nil) on anything the parser reports or repairs so the full parse decides.
@Suite struct SyntaxTreeValueTests {
    static func hasRepeatedKey(_ value: JSONValue) -> Bool {
        switch value {
        case .array(let items): return items.contains { hasRepeatedKey($0) }
        case .object(let members):
            let keys = members.map { Array($0.key.utf8) }
            return Set(keys).count < keys.count || members.contains { hasRepeatedKey($0.value) }
        default: return false
        }
    }

    static func check(_ bytes: [UInt8], name: String) {
        let tree = SyntaxTree.parse(bytes, format: .json)
        let expected = tree.jsonValue()
        let fast = JSONParser.parse(bytes)
        if let fast {
            #expect(expected.map { exactlyEqual(fast, $0) } == true, "\(name)")
        }
        // Duplicate keys are only warned about; both keep every member in order.
        if tree.diagnostics.contains(where: { $0.code != .duplicateKey }) {
            #expect(fast == nil, "\(name): read although the parser reports \(tree.diagnostics.prefix(2))")
        }
        let value = SyntaxTree.value(of: bytes, format: .json)
        #expect(value.map { v in expected.map { exactlyEqual(v, $0) } ?? false } ?? (expected == nil), "\(name)")
    }

    @Test func wellFormedDocumentsReadAsTheTreeReadsThem() {
        for (name, text) in DifferentialTests.fixtures {
            #expect(JSONParser.parse(Array(text.utf8)) != nil, "\(name): well-formed but not read")
            Self.check(Array(text.utf8), name: name)
        }
        // Duplicate keys stay, in order (jansson would keep one: the full parse reads them).
        Self.check(Array(#"{"a": 1, "a": 2}"#.utf8), name: "duplicates")
        #expect(SyntaxTree.value(of: Array(#"{"a": 1, "a": 2}"#.utf8), format: .json)?.objectMembers?.count == 2)
        Self.check([0xEF, 0xBB, 0xBF] + Array(#"{"bom": [1, 2.5, "x"]}"#.utf8), name: "BOM")
        Self.check(Array("[[],{},[[{}]],\"\",0]".utf8), name: "empty containers")
    }

    @Test func anythingTheParserReportsFallsBackToIt() {
        let broken = [
            "", "   ", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{\"a\":}", "[tru]", "[truex]", "[True]", "nul",
            "[1] [2]", "[1] x", "// c\n[1]", "[1 /* c */]", "[\"a\nb\"]", "[\"unterminated", "{'a': 1}", "[01]",
            "[1.]", "[-]", "[1e999]", "[99999999999999999999999]", "{\"a\":1", "[[1]", "]", "{1: 2}", "[,1]",
            "[\"\\x\"]", "[\"\\ud800\"]",
        ]
        for text in broken { Self.check(Array(text.utf8), name: text) }
        Self.check([0x5B, 0x22, 0xFF, 0x22, 0x5D], name: "invalid UTF-8")
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(JSONParser.parse(Array(deep.utf8)) == nil)
        Self.check(Array(deep.utf8), name: "600 deep")
        let deeper = String(repeating: "[", count: 100_000)
        Self.check(Array(deeper.utf8), name: "100,000 open brackets")
    }

    @Test func generatedDocumentsRoundTrip() {
        var state: UInt64 = 12345
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let strings = ["", "a", "name", "é", "日本", "😀", "tab\there", "quote\"", "back\\slash", "\u{1}", "line\nbreak"]
        func value(_ depth: Int) -> JSONValue {
            switch next(depth > 3 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(next(2) == 0)
            case 2: return .integer(Int64(next(2_000_000)) - 1_000_000)
            case 3: return .double(Double(next(1_000_000)) / 1_000 - 500)
            case 4: return .string(strings[next(strings.count)])
            case 5: return .array((0..<next(4)).map { _ in value(depth + 1) })
            default:
                return .object((0..<next(4)).map { _ in JSONMember(strings[next(strings.count)], value(depth + 1)) })
            }
        }
        for i in 0..<200 {
            let original = value(0)
            for style in [JSONValue.SerializationStyle.compact, .pretty] {
                let bytes = Array(original.serialized(style).utf8)
                Self.check(bytes, name: "generated \(i)")
                let read = SyntaxTree.value(of: bytes, format: .json)
                #expect(read.map { exactlyEqual($0, original) } == true, "generated \(i): \(original.serialized())")
                if let fast = JSONParser.parse(bytes) {
                    #expect(exactlyEqual(fast, original), "generated \(i): \(original.serialized())")
                } else {
                    // Only texts jansson must decide: here, objects with a repeated key.
                    #expect(Self.hasRepeatedKey(original), "generated \(i) not read: \(original.serialized())")
                }
            }
        }
    }

    /// `value(of:uri:)` skips the content sniff where it cannot matter: it must give what
    /// `value(of:format: detect(uri:bytes:))` gives for every name and content.
    @Test func valueByNameReadsAsTheDetectedFormat() {
        let texts = [
            "{}", "[1]", " \n[1,\n2]", "{\"a\": 1}\n{\"b\": 2}", "{\"a\": 1}  \r\n  {\"b\": 2}\n", "{}\n{}",
            "[1]\n[2]", "{\n  \"a\": {\"b\": [1]}\n}\n", "a: 1", "- x\n- y", "\"str\"", "12", "[1] x", "",
            "{\"a\": 1, \"a\": 2}", "[{\"name\": \"t\"}]\n",
        ]
        let names = ["t.json", "T.JSON", "t.jsonc", "t.jsonl", "t.ndjson", "t.yaml", "t.YML", "t", "t.txt"]
        for text in texts {
            for bytes in [Array(text.utf8), [0xEF, 0xBB, 0xBF] + Array(text.utf8)] {
                for name in names {
                    let uri = "file:///tmp/" + name
                    let expected = SyntaxTree.value(of: bytes, format: DocumentFormat.detect(uri: uri, bytes: bytes))
                    let value = SyntaxTree.value(of: bytes, uri: uri)
                    #expect(
                        value.map { v in expected.map { exactlyEqual(v, $0) } ?? false } ?? (expected == nil),
                        "\(name): \(text)")
                }
            }
        }
    }
}
