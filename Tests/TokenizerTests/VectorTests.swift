import Foundation
import JSON
import Testing
import Tokenizer

/// tiktoken 0.14.0 ground truth: 376 strings × {cl100k_base, o200k_base}, plus the
/// `allowed_special="all"` variants of the strings that contain special-token text.
@Suite struct VectorTests {
    struct Vector {
        let id: Int
        let category: String
        let text: String
        let expected: [EncodingName: [Int]]
        let expectedAllSpecial: [EncodingName: [Int]]
    }

    static let vectors: [Vector] = {
        guard let url = Bundle.module.url(forResource: "vectors", withExtension: "jsonl", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard let value = try? Jansson.decode(String(line), options: [.decodeAny, .allowNul]),
                let text = value["text"]?.stringValue, let id = value["id"]?.numberValue
            else { return nil }
            func ids(_ key: String) -> [Int]? {
                value[key]?.arrayValue?.compactMap { $0.numberValue.map { Int($0) } }
            }
            var expected: [EncodingName: [Int]] = [:]
            var expectedAllSpecial: [EncodingName: [Int]] = [:]
            for name in [EncodingName.cl100kBase, .o200kBase] {
                expected[name] = ids(name.rawValue)
                expectedAllSpecial[name] = ids("\(name.rawValue)_allowed_special_all")
            }
            return Vector(
                id: Int(id), category: value["category"]?.stringValue ?? "", text: text, expected: expected,
                expectedAllSpecial: expectedAllSpecial)
        }
    }()

    @Test func fixtureIsComplete() {
        #expect(Self.vectors.count == 376)
        #expect(Self.vectors.allSatisfy { $0.expected.count == 2 })
        #expect(Self.vectors.filter { !$0.expectedAllSpecial.isEmpty }.count == 4)
    }

    @Test(arguments: [EncodingName.cl100kBase, .o200kBase])
    func ordinaryEncodingMatchesTiktoken(_ name: EncodingName) throws {
        let encoding = try Encoding.named(name)
        var passed = 0
        for vector in Self.vectors {
            let expected = try #require(vector.expected[name])
            let ids = encoding.encodeOrdinary(vector.text)
            #expect(ids == expected, "vector \(vector.id) [\(vector.category)] \(vector.text.debugDescription)")
            #expect(encoding.count(vector.text) == expected.count)
            if ids == expected { passed += 1 }
        }
        #expect(passed == 376)
    }

    @Test(arguments: [EncodingName.cl100kBase, .o200kBase])
    func expectedIdsDecodeToTheText(_ name: EncodingName) throws {
        let encoding = try Encoding.named(name)
        for vector in Self.vectors {
            let expected = try #require(vector.expected[name])
            #expect(try encoding.decode(expected) == Array(vector.text.utf8), "vector \(vector.id)")
            #expect(try encoding.decodeString(expected) == vector.text, "vector \(vector.id)")
        }
    }

    @Test(arguments: [EncodingName.cl100kBase, .o200kBase])
    func allowedSpecialMatchesTiktoken(_ name: EncodingName) throws {
        let encoding = try Encoding.named(name)
        let withSpecials = Self.vectors.filter { $0.expectedAllSpecial[name] != nil }
        #expect(withSpecials.count == 4)
        for vector in withSpecials {
            let expected = try #require(vector.expectedAllSpecial[name])
            #expect(encoding.encode(vector.text, allowedSpecial: .all) == expected, "vector \(vector.id)")
            #expect(
                encoding.encode(vector.text, allowedSpecial: Set(encoding.specialTokens.keys)) == expected,
                "vector \(vector.id)")
            #expect(encoding.encode(vector.text, allowedSpecial: []) == vector.expected[name])
            #expect(try encoding.decode(expected) == Array(vector.text.utf8), "vector \(vector.id)")
        }
    }
}
