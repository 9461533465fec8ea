import JSON
import SourceDocument
import TestSupport
import Testing

/// The shared seeded generator, under the name these tests have always used.
typealias SeededGenerator = SplitMix64

/// Writes random valid JSON text: nested containers, every escape form, raw and escaped
/// Unicode, integers up to the Int64 bounds and doubles with long significands and wide
/// exponents, with random whitespace.
struct RandomJSONWriter {
    var rng: SeededGenerator

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

    mutating func whitespace() -> String {
        ["", "", " ", "\n", "\t", "\r\n  ", "   "].randomElement(using: &rng)!
    }

    mutating func value(depth: Int) -> String {
        let kind = depth > 5 ? Int.random(in: 2..<6, using: &rng) : Int.random(in: 0..<6, using: &rng)
        switch kind {
        case 0: return object(depth: depth)
        case 1: return array(depth: depth)
        case 2: return string()
        case 3: return integer()
        case 4: return double()
        default: return ["true", "false", "null"].randomElement(using: &rng)!
        }
    }

    mutating func object(depth: Int) -> String {
        var keys = Set<String>()
        var parts: [String] = []
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            let key = string()
            // Unique decoded keys: jansson keeps only one of a duplicate.
            guard let decoded = try? Jansson.decode(key), keys.insert(decoded.stringValue ?? "").inserted else {
                continue
            }
            parts.append(
                whitespace() + key + whitespace() + ":" + whitespace() + value(depth: depth + 1) + whitespace())
        }
        return "{" + (parts.isEmpty ? whitespace() : parts.joined(separator: ",")) + "}"
    }

    mutating func array(depth: Int) -> String {
        var parts: [String] = []
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            parts.append(whitespace() + value(depth: depth + 1) + whitespace())
        }
        return "[" + (parts.isEmpty ? whitespace() : parts.joined(separator: ",")) + "]"
    }

    mutating func string() -> String {
        var out = "\""
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...3:
                out.append(Character(Unicode.Scalar(UInt8.random(in: 0x61...0x7A, using: &rng))))
            case 4:
                out += ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"].randomElement(using: &rng)!
            case 5:
                // A BMP scalar as \u escape, outside the surrogate block; \u0000 included.
                var v = UInt32.random(in: 0...0xFFFF, using: &rng)
                if (0xD800...0xDFFF).contains(v) { v = 0x41 }
                out += "\\u" + hex(v, uppercase: chance(50))
            case 6:
                // An astral scalar as a surrogate pair.
                let v = UInt32.random(in: 0x10000...0x10FFFF, using: &rng) - 0x10000
                out +=
                    "\\u" + hex(0xD800 + (v >> 10), uppercase: chance(50)) + "\\u"
                    + hex(0xDC00 + (v & 0x3FF), uppercase: chance(50))
            case 7:
                out += ["é", "日本語", "😀", "🚀", "Ω", "\u{7F}", "\u{2028}", "\u{10FFFF}"].randomElement(using: &rng)!
            default:
                out += [" ", "{", "]", ",", ":", "'", "/", "*"].randomElement(using: &rng)!
            }
        }
        return out + "\""
    }

    func hex(_ v: UInt32, uppercase: Bool) -> String {
        let s = String(v, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: 4 - s.count) + s
    }

    mutating func digits(_ n: Int) -> String {
        var s = String(Int.random(in: 1...9, using: &rng))
        for _ in 1..<max(n, 1) { s += String(Int.random(in: 0...9, using: &rng)) }
        return s
    }

    mutating func integer() -> String {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return String(Int.random(in: -1000...1000, using: &rng))
        case 1: return String(Int64.random(in: .min ... .max, using: &rng))
        case 2: return ["9223372036854775807", "-9223372036854775808", "-0", "0"].randomElement(using: &rng)!
        default: return (chance(30) ? "-" : "") + digits(Int.random(in: 1...18, using: &rng))
        }
    }

    mutating func double() -> String {
        var s = chance(30) ? "-" : ""
        s += chance(20) ? "0" : digits(Int.random(in: 1...12, using: &rng))
        if chance(70) {
            s += "."
            for _ in 0..<Int.random(in: 1...14, using: &rng) { s += String(Int.random(in: 0...9, using: &rng)) }
        }
        if chance(50) || !s.contains(".") {
            s += chance(50) ? "e" : "E"
            s += ["", "+", "-"].randomElement(using: &rng)!
            s += String(Int.random(in: 0...295, using: &rng))
        }
        return s
    }
}

@Suite struct FuzzDifferentialTests {
    static let options: Jansson.DecodeOptions = [.decodeAny, .allowNul]

    @Test func randomDocumentsMatchJansson() throws {
        var writer = RandomJSONWriter(rng: SeededGenerator(seed: 20_261_129))
        for n in 0..<3_000 {
            let text = writer.whitespace() + writer.value(depth: 0) + writer.whitespace()
            let expected = try Jansson.decode(text, options: Self.options)
            let tree = parse(text)
            #expect(tree.diagnostics.isEmpty, "#\(n) \(text): \(tree.diagnostics)")
            let actual = try #require(tree.jsonValue(), "#\(n) \(text)")
            #expect(exactlyEqual(actual, expected), "#\(n) \(text)")
            if n % 10 == 0 { checkRanges(tree, text: text) }
        }
    }

    /// Every node's range, parsed on its own, gives that node's value again.
    func checkRanges(_ tree: SyntaxTree, text: String) {
        let bytes = Array(text.utf8)
        guard let root = tree.root else { return }
        var stack = [root]
        while let node = stack.popLast() {
            let alone = SyntaxTree.parse(Array(bytes[node.range]), format: .json)
            #expect(alone.jsonValue().map { exactlyEqual($0, node.jsonValue()) } == true, "\(node.range) in \(text)")
            switch node.value {
            case .array(let items): stack += items
            case .object(let members):
                stack += members.map(\.value)
                for member in members {
                    let key = SyntaxTree.parse(Array(bytes[member.keyRange]), format: .json)
                    #expect(key.jsonValue() == .string(member.key))
                }
            default: break
            }
        }
    }

    @Test func valuesRoundTripThroughBothSerializers() throws {
        var writer = RandomJSONWriter(rng: SeededGenerator(seed: 7))
        for n in 0..<1_000 {
            let value = try Jansson.decode(writer.value(depth: 0), options: Self.options)
            for text in [
                value.serialized(), value.serialized(.pretty), String(decoding: Jansson.encode(value), as: UTF8.self),
            ] {
                let tree = parse(text)
                #expect(tree.diagnostics.isEmpty, "#\(n) \(text)")
                #expect(tree.jsonValue().map { exactlyEqual($0, value) } == true, "#\(n) \(text)")
                let back = try Jansson.decode(text, options: Self.options)
                #expect(exactlyEqual(back, value), "#\(n) \(text)")
            }
        }
    }

    /// Damaged documents: the parser never crashes, accepts exactly what jansson accepts
    /// (with the same value), and reports an error for what jansson rejects.
    @Test func mutatedDocumentsAgreeOnValidity() throws {
        var writer = RandomJSONWriter(rng: SeededGenerator(seed: 42))
        var rng = SeededGenerator(seed: 4242)
        var rejected = 0
        for n in 0..<3_000 {
            var bytes = Array(writer.value(depth: 0).utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let i = Int.random(in: 0...bytes.count, using: &rng)
                let noise: [UInt8] = [
                    0x22, 0x2C, 0x3A, 0x7B, 0x7D, 0x5B, 0x5D, 0x5C, 0x2F, 0x2A, 0x30, 0x65, 0x2D, 0x0A, 0xC3, 0xFF,
                ]
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where i < bytes.count: bytes.remove(at: i)
                case 1 where i < bytes.count: bytes[i] = noise.randomElement(using: &rng)!
                default: bytes.insert(noise.randomElement(using: &rng)!, at: i)
                }
            }
            let tree = SyntaxTree.parse(bytes, format: .json)
            let name = "#\(n) \(String(decoding: bytes, as: UTF8.self))"
            do {
                let expected = try Jansson.decode(bytes, options: Self.options)
                #expect(!tree.hasErrors, "\(name): \(tree.diagnostics)")
                #expect(tree.jsonValue().map { exactlyEqual(janssonView($0), expected) } == true, "\(name)")
            } catch let error as JanssonError {
                // The one deliberate difference: integers beyond 64 bits are valid JSON, so
                // they are a warning here (read as a double), not an error.
                if error.text.contains("too big") { continue }
                rejected += 1
                #expect(tree.hasErrors, "\(name): jansson says \(error)")
            }
            for d in tree.diagnostics {
                #expect(d.range.lowerBound >= 0 && d.range.upperBound <= bytes.count, "\(name): \(d)")
            }
        }
        #expect(rejected > 1_000)
    }

    /// JSON Lines: one damaged line never changes the values read from the other lines.
    @Test func damageStaysOnItsLine() throws {
        var writer = RandomJSONWriter(rng: SeededGenerator(seed: 99))
        var rng = SeededGenerator(seed: 9_999)
        for n in 0..<300 {
            let values = try (0..<Int.random(in: 2...8, using: &rng)).map { _ in
                try Jansson.decode(writer.value(depth: 0), options: Self.options)
            }
            var lines = values.map { Array($0.serialized().utf8) }
            let damaged = Int.random(in: 0..<lines.count, using: &rng)
            let noise: [UInt8] = [0x22, 0x2C, 0x7B, 0x7D, 0x5B, 0x5D, 0x5C, 0x3A, 0xFF]
            lines[damaged].insert(
                noise.randomElement(using: &rng)!, at: Int.random(in: 0...lines[damaged].count, using: &rng))
            let text = Array(lines.joined(separator: Array((rng.next() % 2 == 0 ? "\n" : "\r\n").utf8)))
            let tree = SyntaxTree.parse(text, format: .jsonLines)
            let items = try #require(tree.jsonValue()?.arrayValue, "#\(n)")
            // A damaged line still yields one value unless nothing on it was a value.
            #expect(items.count == values.count || items.count == values.count - 1, "#\(n)")
            let after = items.count == values.count ? 0 : -1
            for i in values.indices where i != damaged {
                let index = i > damaged ? i + after : i
                #expect(exactlyEqual(items[index], values[i]), "#\(n) line \(i)")
            }
            for d in tree.diagnostics {
                let line = text[..<d.range.lowerBound].filter { $0 == 0x0A }.count
                #expect(line == damaged, "#\(n): \(d) is not on the damaged line")
            }
        }
    }
}
