import TestSupport
import Testing

@testable import Tokenizer

/// Seeded random strings of every kind of scalar: decode(encode(s)) must give back s's bytes.
@Suite struct RoundTripPropertyTests {
    typealias SeededGenerator = SplitMix64

    static let pools: [[Unicode.Scalar]] = {
        func range(_ r: ClosedRange<UInt32>) -> [Unicode.Scalar] { r.compactMap(Unicode.Scalar.init) }
        return [
            range(0x20...0x7E),  // ASCII printable
            Array(
                " \t\r\n\u{0B}\u{0C}\u{85}\u{A0}\u{1680}\u{2000}\u{2028}\u{2029}\u{3000}\u{200B}\u{FEFF}".unicodeScalars
            ),
            Array("'sStTmMdDlLvVrReEſ".unicodeScalars),  // contraction material incl. U+017F
            range(0xC0...0x24F) + range(0x370...0x3FF) + range(0x400...0x4FF),  // Latin, Greek, Cyrillic
            range(0x300...0x36F) + range(0x1AB0...0x1AFF),  // combining marks
            range(0x4E00...0x4FFF) + range(0x3040...0x30FF) + range(0xAC00...0xAD00),  // CJK, kana, Hangul
            range(0x660...0x669) + range(0xB2...0xB3) + range(0x2160...0x216F) + range(0xFF10...0xFF19),
            range(0x1F300...0x1F6FF) + range(0x1F3FB...0x1F3FF) + ["\u{200D}", "\u{FE0F}", "\u{20E3}"],
            range(0x0...0x1F) + range(0xE000...0xE0FF) + ["\u{10FFFF}", "\u{FFFD}"],
            range(0x0...0x10FFFF).filter { $0.value % 4099 == 0 },  // sparse sweep of all planes
        ]
    }()

    static func randomString(_ rng: inout SeededGenerator) -> String {
        var scalars = String.UnicodeScalarView()
        let length = Int.random(in: 0...80, using: &rng)
        var pool = pools.randomElement(using: &rng)!
        for _ in 0..<length {
            if Int.random(in: 0..<6, using: &rng) == 0 { pool = pools.randomElement(using: &rng)! }
            scalars.append(pool.randomElement(using: &rng)!)
        }
        return String(scalars)
    }

    @Test(arguments: EncodingName.allCases)
    func decodeInvertsEncode(_ name: EncodingName) throws {
        let encoding = try Encoding.named(name)
        var rng = SeededGenerator(seed: 0x5EED_0000 + UInt64(name.rawValue.utf8.count))
        for _ in 0..<3000 {
            let text = Self.randomString(&rng)
            let ids = encoding.encodeOrdinary(text)
            #expect(try encoding.decode(ids) == Array(text.utf8), "\(text.debugDescription)")
            #expect(ids.allSatisfy { $0 >= 0 && $0 < encoding.vocabularySize })
        }
    }

    /// Long inputs replay repeated pieces from a memo; it must not change a single id.
    @Test(arguments: [EncodingName.cl100kBase, .o200kBase])
    func pieceMemoDoesNotChangeIds(_ name: EncodingName) throws {
        let encoding = try Encoding.named(name)
        var rng = SeededGenerator(seed: 99)
        var text = ""
        let vocabulary = (0..<40).map { _ in Self.randomString(&rng) }
        while text.utf8.count < 60_000 {
            text += vocabulary.randomElement(using: &rng)! + (Bool.random(using: &rng) ? " " : "\n")
        }
        let memoized = encoding.encodeOrdinaryForTesting(text, memoize: true)
        #expect(memoized == encoding.encodeOrdinaryForTesting(text, memoize: false))
        #expect(try encoding.decode(memoized) == Array(text.utf8))
    }

    @Test func heapAndLinearMergesAgree() throws {
        for name in [EncodingName.cl100kBase, .o200kBase] {
            let encoding = try Encoding.named(name)
            var rng = SeededGenerator(seed: 42)
            for _ in 0..<300 {
                let piece = Array(Self.randomString(&rng).utf8)
                guard piece.count >= 2 else { continue }
                let linear = encoding.mergeForTesting(piece, heap: false)
                #expect(encoding.mergeForTesting(piece, heap: true) == linear)
                #expect(try encoding.decode(linear) == piece)
            }
        }
    }
}
