import CSelectionKernels
import Foundation
import TestSupport
import Testing

@testable import Selection

/// Session 7's index build against plain definitions: the TWV2 table's stored piece lookup
/// table against the one `PieceIds(hashes:)` builds from its pieces, TWV2 against TWV1, the C
/// word lookups, term counts and word-vector sums against the per-word Swift loops they
/// replace (bit for bit), and `WordSplit.append` against splitting the joined text.
@Suite struct IndexKernelTests {
    static func fnv(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = WordVectors.fnvOffset
        for b in bytes { hash = WordVectors.fnv(hash, b) }
        return hash
    }

    static func u32(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }

    /// The pieces of a TWV1 table (`WordVectorsTests.table`) and the offset of its scales.
    static func twv1Pieces(_ bytes: [UInt8]) -> (pieces: [[UInt8]], scalesAt: Int) {
        var at = 12
        var pieces: [[UInt8]] = []
        for _ in 0..<u32(bytes, 4) {
            let length = Int(bytes[at])
            pieces.append(Array(bytes[(at + 1)..<(at + 1 + length)]))
            at += 1 + length
        }
        return (pieces, at)
    }

    /// A TWV1 table rewritten as TWV2, the lookup table built by `PieceIds(hashes:)` (the
    /// layout `scripts/distill-embeddings.py` writes).
    static func twv2(fromTWV1 bytes: [UInt8]) -> [UInt8] {
        let count = Self.u32(bytes, 4)
        let dimension = Self.u32(bytes, 8)
        let (pieces, scalesAt) = twv1Pieces(bytes)
        let stored = PieceIds(hashes: pieces.map { fnv($0) }).storedWords
        var out = Array("TWV2".utf8)
        func u32(_ v: Int) { out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        func u64(_ v: UInt64) { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) } }
        u32(count)
        u32(dimension)
        u32(pieces.map(\.count).max() ?? 0)
        u32(stored.slots.count / 2)
        u32(PieceIds.filterBits)
        u32(0)
        u32(0)
        stored.filter.forEach(u64)
        stored.slots.forEach(u64)
        out += bytes[scalesAt...]
        for piece in pieces { out += [UInt8(piece.count)] + piece }
        return out
    }

    @Test func bundledTableStoresThePieceTableOfItsPieces() throws {
        let path = try #require(SelectionResources.file("word-vectors.bin"))
        let bytes = try #require(FileManager.default.contents(atPath: path)).map { $0 }
        #expect(bytes.starts(with: Array("TWV2".utf8)), "the bundled table is TWV2")
        let vectors = try WordVectors(bytes: bytes)
        let layout = try bytes.withUnsafeBytes { try WordVectors.twv2($0) }
        // The pieces follow the rows; the table must be the one built from them.
        var at = layout.rowsOffset + layout.count * layout.dimension
        var hashes: [UInt64] = []
        var longest = 0
        for _ in 0..<layout.count {
            let length = Int(bytes[at])
            hashes.append(Self.fnv(bytes[(at + 1)..<(at + 1 + length)]))
            longest = max(longest, length)
            at += 1 + length
        }
        #expect(at == bytes.count)
        #expect(longest == vectors.longestPiece)
        let rebuilt = PieceIds(hashes: hashes).storedWords
        let stored = vectors.ids.storedWords
        #expect(stored.filter == rebuilt.filter)
        #expect(stored.slots == rebuilt.slots)
    }

    @Test func twv2ReadsAsTWV1() throws {
        var g = SplitMix64(seed: 7)
        let letters = Array("abcdefghij".utf8)
        var rows: [(String, [Int8])] = []
        var seen = Set<String>()
        while rows.count < 300 {
            let word = String(
                decoding: (0..<(1 + g.below(5))).map { _ in letters[g.below(letters.count)] }, as: UTF8.self)
            let piece = g.below(3) == 0 ? "##" + word : word
            guard seen.insert(piece).inserted else { continue }
            rows.append((piece, (0..<6).map { _ in Int8(truncatingIfNeeded: g.below(255) - 127) }))
        }
        let one = WordVectorsTests.table(rows)
        let two = Self.twv2(fromTWV1: one)
        let a = try WordVectors(bytes: one)
        let b = try WordVectors(bytes: two)
        #expect(a.dimension == b.dimension && a.longestPiece == b.longestPiece && a.count == b.count)
        for _ in 0..<2_000 {
            let word = String(
                decoding: (0..<(1 + g.below(12))).map { _ in letters[g.below(letters.count)] }, as: UTF8.self)
            #expect(a.pieces(of: word) == b.pieces(of: word), "\(word)")
            #expect(a.vector([word]) == b.vector([word]))
        }
        // Cut anywhere before the pieces' text, a TWV2 table is refused.
        let piecesAt = two.count - rows.reduce(0) { $0 + 1 + $1.0.utf8.count }
        for cut in [0, 8, 31, 40, piecesAt - 200, piecesAt - 1] {
            #expect(throws: (any Error).self) { try WordVectors(bytes: Array(two[..<cut])) }
        }
    }

    @Test func wordLookupsMatchTheTable() {
        var g = SplitMix64(seed: 11)
        var table = WordTable(minimumCapacity: 4)
        var words: [[UInt8]] = []
        for _ in 0..<3_000 {
            let word = (0..<(1 + g.below(20))).map { _ in UInt8(0x61 + g.below(6)) }
            if word.withUnsafeBufferPointer({ table.find($0) }) == nil {
                _ = word.withUnsafeBufferPointer { table.insert($0, hash: WordTable.hash($0)) }
                words.append(word)
            }
        }
        for _ in 0..<20 {
            // Known words and others, back to back as `WordSplit` writes them.
            var bytes: [UInt8] = []
            var ends: [Int] = []
            var expected: [Int32] = []
            for _ in 0..<(1 + g.below(400)) {
                let word =
                    g.below(2) == 0
                    ? words[g.below(words.count)] : (0..<(1 + g.below(20))).map { _ in UInt8(0x61 + g.below(7)) }
                bytes += word
                ends.append(bytes.count)
                expected.append(word.withUnsafeBufferPointer { table.find($0) }.map { Int32($0) } ?? -1)
            }
            var entries = [Int32](repeating: -2, count: ends.count)
            let misses = bytes.withUnsafeBufferPointer { b in
                ends.withUnsafeBufferPointer { e in
                    entries.withUnsafeMutableBufferPointer {
                        table.find(words: b.baseAddress!, ends: e.baseAddress!, count: e.count, into: $0.baseAddress!)
                    }
                }
            }
            #expect(entries == expected)
            #expect(misses == expected.filter { $0 < 0 }.count)
        }
    }

    /// Session 9's word hash: the Swift `WordTable.hash` and C's `tw_word_hash` (which
    /// `tw_find_words` uses) agree on every length and byte, every byte changes the hash, and
    /// `tw_word_equal` is byte equality.
    @Test func wordHashesAgreeAndSeeEveryByte() {
        var g = SplitMix64(seed: 15)
        for length in 0...70 {
            for _ in 0..<20 {
                let word = (0..<length).map { _ in UInt8(truncatingIfNeeded: g.below(256)) }
                let swift = word.withUnsafeBufferPointer { WordTable.hash($0) }
                let c = word.withUnsafeBufferPointer { tw_word_hash($0.baseAddress, length) }
                #expect(swift == c, "length \(length)")
                guard length > 0 else { continue }
                var other = word
                let at = g.below(length)
                other[at] ^= UInt8(1 + g.below(255))
                let changed = other.withUnsafeBufferPointer { WordTable.hash($0) }
                #expect(changed != swift, "length \(length), byte \(at)")
                // A longer word with the same bytes plus zeros hashes differently too.
                let padded = (word + [0]).withUnsafeBufferPointer { WordTable.hash($0) }
                #expect(padded != swift, "length \(length) padded")
                let same = word.withUnsafeBufferPointer { a in
                    word.map { $0 }.withUnsafeBufferPointer { b in tw_word_equal(a.baseAddress, b.baseAddress, length) }
                }
                let differ = word.withUnsafeBufferPointer { a in
                    other.withUnsafeBufferPointer { b in tw_word_equal(a.baseAddress, b.baseAddress, length) }
                }
                #expect(same == 1)
                #expect(differ == 0, "length \(length), byte \(at)")
            }
        }
    }

    @Test func termCountsMatchTheSwiftLoop() {
        var g = SplitMix64(seed: 12)
        let entryCount = 200
        let termCount = 150
        var termStart: [Int32] = [0]
        var terms: [Int32] = []
        for _ in 0..<entryCount {
            for _ in 0..<g.below(4) { terms.append(Int32(g.below(termCount))) }
            termStart.append(Int32(terms.count))
        }
        var slot = [Int32](repeating: -1, count: termCount)
        // Room for every term and one more, as the kernel asks (it writes `order[used]` always).
        var order = [Int](repeating: 0, count: termCount + 1)
        var counts = [Double](repeating: 0, count: termCount + 1)
        var used = 0
        var plainSlot = [Int32](repeating: -1, count: termCount)
        var plainOrder: [Int] = []
        var plainCounts: [Double] = []
        for _ in 0..<30 {
            let entries = (0..<g.below(60)).map { _ in Int32(g.below(entryCount)) }
            let weight = [1.0, 0.5, 3.0, 0.1][g.below(4)]
            used = entries.withUnsafeBufferPointer { e in
                tw_count_terms(
                    e.baseAddress, e.count, termStart, terms, &slot, &order, &counts, used, weight)
            }
            for entry in entries {
                for t in Int(termStart[Int(entry)])..<Int(termStart[Int(entry) + 1]) {
                    let id = Int(terms[t])
                    if plainSlot[id] < 0 {
                        plainSlot[id] = Int32(plainOrder.count)
                        plainOrder.append(id)
                        plainCounts.append(weight)
                    } else {
                        plainCounts[Int(plainSlot[id])] += weight
                    }
                }
            }
            #expect(Array(order[..<used]) == plainOrder)
            #expect(Array(counts[..<used]).map(\.bitPattern) == plainCounts.map(\.bitPattern))
            #expect(slot == plainSlot)
        }
    }

    @Test func entrySumsAreThePerPieceSumsBitForBit() {
        var g = SplitMix64(seed: 13)
        for dimension in [128, 5, 16] {
            let rowCount = 50
            let rows = (0..<(rowCount * dimension)).map { _ in Int8(truncatingIfNeeded: g.below(255) - 127) }
            let scales = (0..<rowCount).map { _ in Float(g.below(1_000) + 1) / 77_777 }
            var pieceStart: [Int32] = [0]
            var pieces: [Int32] = []
            for _ in 0..<40 {
                for _ in 0..<g.below(4) { pieces.append(Int32(g.below(rowCount))) }
                pieceStart.append(Int32(pieces.count))
            }
            for _ in 0..<20 {
                let entries = (0..<g.below(50)).map { _ in Int32(g.below(40)) }
                let start = (0..<dimension).map { _ in Float(g.below(100)) / 3 }
                var fast = start
                var plain = start
                let added = rows.withUnsafeBytes { r in
                    tw_accumulate_entries(
                        r.baseAddress, scales, dimension, entries, entries.count, pieceStart, pieces, &fast)
                }
                var expectedAdded = 0
                rows.withUnsafeBytes { r in
                    for entry in entries {
                        for p in Int(pieceStart[Int(entry)])..<Int(pieceStart[Int(entry) + 1]) {
                            let id = Int(pieces[p])
                            tw_accumulate(r.baseAddress! + id * dimension, 1 * scales[id], &plain, dimension)
                            expectedAdded += 1
                        }
                    }
                }
                #expect(added == expectedAdded)
                #expect(fast.map(\.bitPattern) == plain.map(\.bitPattern))
            }
        }
    }

    @Test func appendSplitsAsTheJoinedText() {
        var g = SplitMix64(seed: 14)
        let pieces = [
            "search", "the", "issues", " ", "getUser", "HTMLParser", "v2", "42", "_", ".", "é", "東京", "Q", "",
            "abcdefghijklmnopqrstuvwxyz",
        ]
        var split = WordSplit()
        var joined = WordSplit()
        for _ in 0..<2_000 {
            let texts = (0..<g.below(6)).map { _ in (0..<g.below(6)).map { _ in g.pick(pieces) }.joined() }
            split.split(texts.first ?? "")
            for text in texts.dropFirst() { split.append(text) }
            joined.split(texts.joined(separator: " "))
            var a: [String] = []
            var b: [String] = []
            split.forEachWord { a.append(String(decoding: $0, as: UTF8.self)) }
            joined.forEachWord { b.append(String(decoding: $0, as: UTF8.self)) }
            #expect(a == b, "\(texts)")
            #expect(a == TermSplitter.words(texts.joined(separator: " ")))
        }
    }
}
