import JSON
import TestSupport
import Testing

/// Large texts take paths that short ones do not: the table of short strings (texts of 8 KB and
/// more), strings scanned eight bytes at a time, containers gathered on the shared scratch stack
/// many levels deep. Every text must read exactly as jansson reads it.
@Suite struct JSONParserLargeTextTests {
    /// Strings of 0 to 17 bytes, many differing from another in one byte only (at the start, in
    /// the middle, at byte 8 or at the end), so that a table hit on the wrong string shows.
    static let shortStrings: [String] = {
        var strings = ["", "a", "b", "ab", "ba", "type", "typf", "name", "nbme", "string", "object"]
        let sixteen = "abcdefghijklmnop"
        for length in 1...17 {
            let base = String(String(repeating: sixteen, count: 2).prefix(length))
            strings.append(base)
            for position in Set([0, length / 2, min(8, length - 1), length - 1]) {
                var bytes = Array(base.utf8)
                bytes[position] = UInt8(ascii: "Z")
                strings.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return strings
    }()

    static func largeText(_ random: inout SplitMix64, members: Int) -> (text: [UInt8], value: JSONValue) {
        var objects: [JSONValue] = []
        for index in 0..<members {
            let keyCount = 1 + Int(random.next() % 5)
            var members: [JSONMember] = []
            var used = Set<String>()
            for _ in 0..<keyCount {
                let key = shortStrings[Int(random.next() % UInt64(shortStrings.count))]
                guard used.insert(key).inserted else { continue }
                let value: JSONValue =
                    switch random.next() % 4 {
                    case 0: .string(shortStrings[Int(random.next() % UInt64(shortStrings.count))])
                    // Distinct short strings: they take slots of the table from the repeated ones.
                    case 1: .string("v\(index)-\(random.next() % 1000)")
                    case 2: .string(String(repeating: "long text ", count: Int(random.next() % 12)))
                    default: .integer(Int64(index))
                    }
                members.append(JSONMember(key, value))
            }
            objects.append(.object(members))
        }
        // A short string last: too close to the end of the text for whole-word loads.
        objects.append(.string("ab"))
        let value = JSONValue.array(objects)
        return (Array(value.serialized(.compact).utf8), value)
    }

    @Test func largeTextsReadAsJanssonReadsThem() throws {
        var random = SplitMix64(seed: 77)
        for round in 0..<6 {
            let (text, value) = Self.largeText(&random, members: 300 + round * 200)
            #expect(text.count >= 8192)
            let read = try #require(JSONParserTests.check(text), "round \(round) not read")
            #expect(JSONParserTests.identical(read, value), "round \(round)")
        }
    }

    @Test func largeTextsWithEveryShortStringAtTheEnd() throws {
        // Each short string closing the text, at every distance from its end that a word load
        // could cross.
        let padding = String(repeating: "x", count: 9000)
        for string in Self.shortStrings {
            for tail in 0..<3 {
                let text = "[\"\(padding)\", \"\(string)\", \"\(string)\"\(String(repeating: " ", count: tail))]"
                let read = try #require(JSONParserTests.check(Array(text.utf8)), "\(string)")
                #expect(read.arrayValue?.last?.stringValue.map { Array($0.utf8) } == Array(string.utf8))
            }
        }
    }

    @Test func largeMutatedTextsAgreeWithJansson() {
        var random = SplitMix64(seed: 5)
        let (text, _) = Self.largeText(&random, members: 400)
        for _ in 0..<60 {
            var mutated = text
            let at = Int(random.next() % UInt64(mutated.count))
            let special = JSONParserTests.special
            switch random.next() % 3 {
            case 0: mutated.remove(at: at)
            case 1: mutated.insert(special[Int(random.next() % UInt64(special.count))], at: at)
            default: mutated[at] = special[Int(random.next() % UInt64(special.count))]
            }
            _ = JSONParserTests.check(mutated)
        }
    }

    @Test func keysCompareByCodeUnits() {
        // Canonically equivalent (`==`) but different code units: different JSON keys.
        #expect("e\u{301}\u{327}" == "e\u{327}\u{301}")
        #expect(!"e\u{301}\u{327}".hasSameCodeUnits(as: "e\u{327}\u{301}"))
        #expect(!"é".hasSameCodeUnits(as: "e\u{301}"))
        #expect(!"K".hasSameCodeUnits(as: "\u{212A}"))
        // Equal bytes in separate storage, short and long, and one byte apart at either end.
        let long = String(repeating: "parametersJsonSchema", count: 3)
        let copy = String(decoding: Array(long.utf8), as: UTF8.self)
        #expect(long.hasSameCodeUnits(as: copy))
        #expect("type".hasSameCodeUnits(as: String(decoding: Array("type".utf8), as: UTF8.self)))
        #expect(!long.hasSameCodeUnits(as: "Q" + long.dropFirst()))
        #expect(!long.hasSameCodeUnits(as: long.dropLast() + "Q"))
        #expect(!"name".hasSameCodeUnits(as: "type"))
        #expect("".hasSameCodeUnits(as: ""))
        // Objects with a repeated key that differs only by normalisation are read (two keys).
        let text = Array("{\"e\u{301}\u{327}\": 1, \"e\u{327}\u{301}\": 2}".utf8)
        #expect(JSONParserTests.check(text)?.objectMembers?.count == 2)
    }
}
