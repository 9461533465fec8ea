import CSelectionKernels
import TestSupport
import Testing

@testable import Selection

/// Session 6's faster pieces against plain definitions: the piece-hash table with its bit
/// filter against a dictionary, `tw_max_first` against Swift's first-then-greater maximum,
/// `tw_normalize` against the Swift unit-vector loop — equal answers, bit for bit — and the
/// word split's 16-bytes-at-a-time path against `TermSplitter.words`.
@Suite struct ScoringKernelTests {
    @Test func pieceIdsAnswerAsADictionary() {
        var g = SplitMix64(seed: 2026)
        for size in [0, 1, 7, 100, 5_000] {
            var hashes: [UInt64] = []
            var expected: [UInt64: Int32] = [:]
            for row in 0..<size {
                // Some hashes repeat (the later row wins) and some share the filter's bits.
                let hash = row > 0 && g.below(10) == 0 ? hashes[g.below(row)] : g.next()
                hashes.append(hash)
                expected[hash] = Int32(row)
            }
            let ids = PieceIds(hashes: hashes)
            for hash in hashes { #expect(ids[hash] == expected[hash]) }
            for _ in 0..<20_000 {
                // Absent hashes, half of them sharing the top bits of a present one.
                var probe = g.next()
                if let some = hashes.randomElement(using: &g), g.below(2) == 0 {
                    probe = (some & ~UInt64(0xFFFF)) | (probe & 0xFFFF)
                }
                #expect(ids[probe] == expected[probe])
            }
        }
    }

    static func swiftMax(_ scores: [Double]) -> Double {
        var top = scores[0]
        for i in 1..<scores.count where scores[i] > top { top = scores[i] }
        return top
    }

    @Test func maxFirstIsTheFirstThenGreaterMaximum() {
        var g = SplitMix64(seed: 77)
        var cases: [[Double]] = []
        for count in [1, 2, 8, 15, 16, 17, 31, 64, 1_000, 1_003] {
            cases.append((0..<count).map { _ in Double(g.below(1_000)) / 7 })
            cases.append((0..<count).map { _ in g.below(3) == 0 ? Double(g.below(50)) : 0 })
            cases.append([Double](repeating: 0, count: count))
            // Zeros of both signs: the sign of the first zero that is never beaten is kept.
            cases.append((0..<count).map { _ in g.below(2) == 0 ? -0.0 : 0.0 })
            cases.append((0..<count).map { _ in -Double(g.below(100)) - 1 } + [-0.0, 0.0])
            var withNaN = (0..<count).map { _ in Double(g.below(100)) }
            withNaN[g.below(count)] = .nan
            cases.append(withNaN)
            cases.append([.nan] + (0..<count).map { _ in Double(g.below(100)) })
            cases.append((0..<count).map { _ in Double(g.below(100)) } + [.infinity])
        }
        for scores in cases {
            let fast = scores.withUnsafeBufferPointer { tw_max_first($0.baseAddress, $0.count) }
            let plain = Self.swiftMax(scores)
            #expect(fast.bitPattern == plain.bitPattern || (fast.isNaN && plain.isNaN), "\(scores.prefix(20))")
        }
    }

    @Test func normalizeMatchesTheSwiftLoop() {
        var g = SplitMix64(seed: 5)
        for count in [0, 1, 3, 8, 127, 128, 300] {
            for zero in [false, true] {
                let v: [Float] = (0..<count).map { _ in zero ? 0 : Float(Int(g.below(20_001)) - 10_000) / 997 }
                var norm: Float = 0
                for x in v { norm += x * x }
                let expected: [Float]? = norm > 0 ? v.map { $0 * (1 / norm.squareRoot()) } : nil
                let fast = WordVectors.normalized(v)
                #expect(fast?.map(\.bitPattern) == expected?.map(\.bitPattern))
            }
        }
    }

    /// Long lower-case stretches (the split's SIMD path) broken by capitals, digits,
    /// punctuation and non-ASCII at every offset of a 16-byte chunk, and texts ending inside
    /// a chunk.
    @Test func sixteenByteSplitMatchesTermSplitterWords() {
        var g = SplitMix64(seed: 16)
        let pieces = [
            "search", "the", "issues", "of", "a", " ", "  ", "repository", "x", "getUser", "HTMLParser", "v2", "42",
            "_", ".", "-", ", ", "é", "東京", "Q", "abcdefghijklmnopqrstuvwxyz",
        ]
        var split = WordSplit()
        for round in 0..<3_000 {
            let n = g.below(round % 10 == 0 ? 40 : 12)
            // Mostly lower-case words and spaces, so 16-byte chunks of only those are common.
            let text = (0..<n).map { _ in g.below(4) == 0 ? pieces.randomElement(using: &g)! : pieces[g.below(8)] }
                .joined()
            split.split(text)
            var words: [String] = []
            split.forEachWord { words.append(String(decoding: $0, as: UTF8.self)) }
            #expect(words == TermSplitter.words(text), "text: \(text)")
        }
    }
}
