import Foundation
import JSON
import TestSupport
import Testing

/// `JSONParser` must read every text it accepts exactly as jansson does, and accept the usual
/// ones (else it saves nothing). Checked on hand-picked edge cases, on the corpus and on
/// generated and mutated texts.
@Suite struct JSONParserTests {
    /// `hasMember` answers as `self[key] != nil`: keys compared by code points (`"é"` and
    /// `"e\u{301}"` differ), duplicates found, non-objects have no members.
    @Test func hasMemberAgreesWithTheSubscript() throws {
        let value = JSONValue.object([
            JSONMember("name", "a"), JSONMember("caf\u{E9}", 1), JSONMember("name", .null),
            JSONMember("a key longer than sixteen bytes", [1, 2]),
        ])
        let keys = ["name", "caf\u{E9}", "cafe\u{301}", "a key longer than sixteen bytes", "missing", "", "nam"]
        for key in keys { #expect(value.hasMember(key) == (value[key] != nil), "key: \(key)") }
        #expect(value.hasMember("name") && !value.hasMember("cafe\u{301}"))
        #expect(!JSONValue.array(["name"]).hasMember("name"))
        #expect(!JSONValue.string("name").hasMember("name"))
    }

    /// Same structure, same member order, doubles equal to the bit (so -0.0 is not 0.0).
    static func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.integer(let x), .integer(let y)): x == y
        case (.double(let x), .double(let y)): x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): x.utf8.elementsEqual(y.utf8)
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.object(let x), .object(let y)):
            x.count == y.count
                && zip(x, y).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && identical($0.value, $1.value) }
        default: false
        }
    }

    /// The property itself: accepted means jansson accepts it with the identical value;
    /// jansson's rejection means not accepted.
    static func check(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue? {
        let fast = JSONParser.parse(bytes)
        let reference = try? Jansson.decode(bytes, options: [.decodeAny])
        if let fast {
            #expect(
                reference.map { identical(fast, $0) } == true,
                "\(String(decoding: bytes, as: UTF8.self)): \(fast) vs \(String(describing: reference))",
                sourceLocation: sourceLocation)
        }
        if reference == nil { #expect(fast == nil, sourceLocation: sourceLocation) }
        return fast
    }

    @Test func readsTheUsualTextsItself() throws {
        let accepted = [
            #"{"jsonrpc":"2.0","id":7,"method":"document/analyze","params":{"tools":["AbCdEfGhIj",{"hash":"x"}]}}"#,
            #" [1, -2, 0, -0, 3.25, -0.0, 1e3, 2E-2, 6.02e+23, 1e-400, 9223372036854775807, -9223372036854775808] "#,
            #"{"s":"q\"\\\/\b\f\n\r\t é😀 \u00e9\uD83D\uDE00 \u001f"}"#,
            #"{"a":{},"b":[],"c":[[]],"d":true,"e":false,"f":null}"#, #""top""#, "12", "null", "\n\t{ }\r\n",
            #"{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k18":18}"#,
        ]
        for text in accepted {
            #expect(Self.check(Array(text.utf8)) != nil, "\(text)")
        }
        let value = try #require(JSONParser.parse(Array(#"{"b":[1,2.5,"x"],"a":null}"#.utf8)))
        #expect(value == ["b": [1, 2.5, "x"], "a": nil])
        #expect(value.objectMembers?.map(\.key) == ["b", "a"])
    }

    @Test func leavesToJanssonWhatItCannotBeSureOf() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let left = [
            #"{"a":1,"a":2}"#, "{" + (0..<40).map { "\"k\($0 % 39)\":\($0)" }.joined(separator: ",") + "}",
            #""nul \u0000 inside""#, "9223372036854775808", "-9223372036854775809", "1e400", "-1e400",
            #""\uD800""#, #""\uDC00x""#, "01", "1.", ".5", "-", "+1", "1e", "tru", "truex", "[1,]", #"{"a":1,}"#,
            "[1 2]", "", "  ", "\u{FEFF}{}", "\"tab\traw\"", #""\x""#, "[", "{\"a\"}", deep, "nan", "[1]x",
        ]
        for text in left {
            #expect(Self.check(Array(text.utf8)) == nil, "\(text)")
        }
        // Invalid UTF-8, overlong forms, encoded surrogates, past U+10FFFF.
        for bytes: [UInt8] in [
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22],
        ] {
            #expect(Self.check(bytes) == nil)
        }
    }

    @Test func agreesWithJanssonOnTheCorpus() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fuzz/corpus").standardized
        var files = 0
        for sub in ["json", "lsp"] {
            let dir = folder.appendingPathComponent(sub)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
                _ = Self.check(bytes)
                for line in bytes.split(separator: 0x0A) { _ = Self.check(Array(line)) }
                files += 1
            }
        }
        #expect(files > 10)
    }

    /// Random values written with random spacing and escapes, then cut and mutated: every
    /// outcome must agree with jansson, and the unmutated texts must all be read.
    @Test func agreesWithJanssonOnGeneratedAndMutatedTexts() {
        var random = Generator(seed: 8)
        var readItself = 0
        for round in 0..<3000 {
            let text = Self.write(Self.value(&random, depth: 0), &random)
            if Self.check(text) != nil { readItself += 1 }
            var mutated = text
            for _ in 0..<(1 + random.next(3)) {
                guard !mutated.isEmpty else { break }
                let at = random.next(mutated.count)
                switch random.next(5) {
                case 0: mutated.remove(at: at)
                case 1: mutated.insert(Self.special[random.next(Self.special.count)], at: at)
                case 2: mutated[at] = Self.special[random.next(Self.special.count)]
                case 3: mutated = Array(mutated[..<at])
                default: mutated.insert(contentsOf: mutated[at...].prefix(random.next(8)), at: at)
                }
            }
            _ = Self.check(mutated)
            if round % 500 == 0 { _ = Self.check(Array(text.dropLast())) }
        }
        #expect(readItself == 3000)
    }

    static let special: [UInt8] =
        Array(#"{}[]:,"\ u0123456789abcdefABCDEF.eE+-tfn/"#.utf8) + [
            0x00, 0x01, 0x09, 0x0A, 0x7F, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF,
        ]

    static func value(_ random: inout Generator, depth: Int) -> JSONValue {
        switch random.next(depth > 4 ? 5 : 8) {
        case 0: return .null
        case 1: return .bool(random.next(2) == 0)
        case 2:
            let choices: [Int64] = [0, 1, -1, 42, .max, .min, Int64(random.next(1_000_000)) - 500_000]
            return .integer(choices[random.next(choices.count)])
        case 3:
            let choices = [
                0.5, -0.0, 1e-300, 6.02e23, 0.1, -123.456, Double.leastNonzeroMagnitude, 1.7976931348623157e308,
            ]
            return .double(choices[random.next(choices.count)] * (random.next(2) == 0 ? 1 : -1))
        case 4:
            let pieces = ["a", "Tool", "é", "😀", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{7F}", "\u{FFFF}", " ", "中"]
            return .string((0..<random.next(6)).map { _ in pieces[random.next(pieces.count)] }.joined())
        case 5, 6:
            return .array((0..<random.next(5)).map { _ in value(&random, depth: depth + 1) })
        default:
            let count = random.next(depth == 0 ? 24 : 6)
            return .object(
                (0..<count).map {
                    JSONMember("k\($0)\(random.next(2) == 0 ? "é" : "")", value(&random, depth: depth + 1))
                })
        }
    }

    /// Compact or spaced, strings with raw non-ASCII or `\u` escapes (pairs for astral ones).
    static func write(_ value: JSONValue, _ random: inout Generator) -> [UInt8] {
        var out: [UInt8] = []
        func space() {
            if random.next(4) == 0 {
                out.append(contentsOf: [[0x20], [0x0A], [0x09, 0x20], [0x0D, 0x0A]][random.next(4)])
            }
        }
        func string(_ s: String) {
            out.append(UInt8(ascii: "\""))
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out.append(contentsOf: Array(#"\""#.utf8))
                case "\\": out.append(contentsOf: Array(#"\\"#.utf8))
                case "/" where random.next(2) == 0: out.append(contentsOf: Array(#"\/"#.utf8))
                case "\n": out.append(contentsOf: Array(#"\n"#.utf8))
                case "\t": out.append(contentsOf: Array(#"\t"#.utf8))
                default:
                    if scalar.value < 0x20 || (scalar.value >= 0x80 && random.next(2) == 0) {
                        for unit in String(scalar).utf16 {
                            out.append(contentsOf: Array(String(format: "\\u%04X", unit).utf8))
                        }
                    } else {
                        out.append(contentsOf: Array(String(scalar).utf8))
                    }
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        func emit(_ value: JSONValue) {
            space()
            switch value {
            case .null: out.append(contentsOf: Array("null".utf8))
            case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
            case .integer(let i): out.append(contentsOf: Array(String(i).utf8))
            case .double(let d):
                // (`%.3e` of the largest double rounds past it: an overflow, not a number.)
                let forms =
                    [String(d), String(format: "%.17g", d)] + (d.magnitude < 1e300 ? [String(format: "%.3e", d)] : [])
                let text = forms[random.next(forms.count)]
                // `%g` can print an integral double without a point; keep it a double.
                out.append(contentsOf: Array((text.contains(where: { ".eEn".contains($0) }) ? text : text + ".0").utf8))
            case .string(let s): string(s)
            case .array(let items):
                out.append(UInt8(ascii: "["))
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    emit(item)
                }
                space()
                out.append(UInt8(ascii: "]"))
            case .object(let members):
                out.append(UInt8(ascii: "{"))
                for (i, member) in members.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    space()
                    string(member.key)
                    space()
                    out.append(UInt8(ascii: ":"))
                    emit(member.value)
                }
                space()
                out.append(UInt8(ascii: "}"))
            }
            space()
        }
        emit(value)
        return out
    }

    struct Generator {
        private var random: SplitMix64
        init(seed: UInt64) { random = SplitMix64(seed: seed) }
        mutating func next(_ bound: Int) -> Int { random.below(max(bound, 1)) }
    }
}
