/// Mergeable ranks of one vocabulary: token bytes by rank (for decoding) and an open-addressing
/// hash from byte sequences to ranks (for merging) that looks up slices in place, so the merge
/// loop never allocates.
///
/// Lookups are memory-bound, so a slot carries what is needed to answer without further cache
/// misses: for keys of at most 8 bytes an exact packed key, for longer ones a 64-bit hash plus the
/// token's arena offset (one extra read to confirm the bytes).
final class RankTable: @unchecked Sendable {
    /// Marks a byte sequence that is not a token.
    static let missing: UInt32 = .max
    /// Longest token this layout stores (length lives in 8 bits of a slot).
    static let maximumTokenLength = 255

    /// Number of ranks (`0..<count`, dense).
    let count: Int
    /// Token bytes, concatenated in rank order.
    private let arena: UnsafeMutableBufferPointer<UInt8>
    /// `starts[r]..<starts[r + 1]` are the bytes of rank r in `arena`.
    private let starts: UnsafeMutableBufferPointer<UInt32>
    /// Two words per slot: key (packed bytes or hash), then
    /// `arena offset << 32 | length << 24 | rank` (0 = empty slot; length is never 0).
    private let slots: UnsafeMutablePointer<UInt64>
    private let mask: Int
    /// Rank of each single byte (byte-level BPE covers all 256).
    private let byteRanks: UnsafeMutableBufferPointer<UInt32>
    /// Rank of each two-byte sequence (`first << 8 | second`), or `missing`: the first round of
    /// every merge looks up only byte pairs, so these skip hashing (256 KB).
    private let pairRanks: UnsafeMutableBufferPointer<UInt32>

    /// `tokens[r]` holds the bytes of rank r, as `(offset, length)` into `bytes`.
    /// Throws if a byte sequence appears twice, a single byte has no rank, or the vocabulary
    /// exceeds the layout's limits.
    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [(offset: Int, length: Int)]) throws(TokenizerError) {
        count = tokens.count
        let total = tokens.reduce(0) { $0 + $1.length }
        guard count < 1 << 24, total < 1 << 32, tokens.allSatisfy({ $0.length <= Self.maximumTokenLength }) else {
            throw .malformedVocabulary("more than 16M tokens, 4 GB of token bytes or a token over 255 bytes")
        }
        arena = .allocate(capacity: max(total, 1))
        starts = .allocate(capacity: count + 1)
        var capacity = 16
        while capacity < count * 2 + 2 { capacity <<= 1 }
        slots = .allocate(capacity: 2 * capacity)
        slots.initialize(repeating: 0, count: 2 * capacity)
        mask = capacity - 1
        byteRanks = .allocate(capacity: 256)
        byteRanks.initialize(repeating: Self.missing)
        pairRanks = .allocate(capacity: 0x10000)
        pairRanks.initialize(repeating: Self.missing)
        var position = 0
        for (rank, token) in tokens.enumerated() {
            starts[rank] = UInt32(position)
            (arena.baseAddress! + position).initialize(from: bytes.baseAddress! + token.offset, count: token.length)
            position += token.length
        }
        starts[count] = UInt32(position)
        for rank in 0..<count {
            let (base, length) = tokenSpan(rank)
            guard insert(rank: rank, base: base, length: length) else {
                throw .malformedVocabulary("duplicate token bytes at rank \(rank)")
            }
            if length == 1 { byteRanks[Int(base[0])] = UInt32(rank) }
            if length == 2 { pairRanks[Int(base[0]) << 8 | Int(base[1])] = UInt32(rank) }
        }
        if let byte = (0..<256).first(where: { byteRanks[$0] == Self.missing }) {
            throw .malformedVocabulary("byte 0x\(String(byte, radix: 16)) has no rank")
        }
    }

    deinit {
        arena.deallocate()
        starts.deallocate()
        slots.deallocate()
        byteRanks.deallocate()
        pairRanks.deallocate()
    }

    @inline(__always) func tokenSpan(_ rank: Int) -> (base: UnsafePointer<UInt8>, length: Int) {
        let start = Int(starts[rank])
        return (UnsafePointer(arena.baseAddress! + start), Int(starts[rank + 1]) - start)
    }

    @inline(__always) func byteRank(_ byte: UInt8) -> UInt32 { byteRanks[Int(byte)] }

    /// Rank of the byte sequence `base[0..<length]`, or `missing`.
    @inline(__always) func rank(_ base: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        if length <= 2 {
            return length == 1 ? byteRanks[Int(base[0])] : pairRanks[Int(base[0]) << 8 | Int(base[1])]
        }
        let (key, h) = Self.keyAndHash(base, length)
        var index = Int(truncatingIfNeeded: h) & mask
        while true {
            let info = slots[2 &* index &+ 1]
            if info == 0 { return Self.missing }
            if slots[2 &* index] == key && Int(truncatingIfNeeded: info >> 24) & 0xFF == length {
                if length <= 8 || memoryEqual(arena.baseAddress! + Int(info >> 32), base, length) {
                    return UInt32(truncatingIfNeeded: info) & 0xFF_FFFF
                }
            }
            index = (index &+ 1) & mask
        }
    }

    /// Adds a token; false if the same bytes are already present.
    private func insert(rank: Int, base: UnsafePointer<UInt8>, length: Int) -> Bool {
        let (key, h) = Self.keyAndHash(base, length)
        var index = Int(truncatingIfNeeded: h) & mask
        while slots[2 * index + 1] != 0 {
            let info = slots[2 * index + 1]
            if slots[2 * index] == key && Int(info >> 24) & 0xFF == length
                && (length <= 8 || memoryEqual(arena.baseAddress! + Int(info >> 32), base, length))
            {
                return false
            }
            index = (index + 1) & mask
        }
        let offset = UInt64(starts[rank])
        slots[2 * index] = key
        slots[2 * index + 1] = offset << 32 | UInt64(length) << 24 | UInt64(rank)
        return true
    }

    @inline(__always) private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var k = 0
        while k + 8 <= n {
            let x = UnsafeRawPointer(a + k).loadUnaligned(as: UInt64.self)
            let y = UnsafeRawPointer(b + k).loadUnaligned(as: UInt64.self)
            if x != y { return false }
            k += 8
        }
        while k < n {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }

    /// Slot key and table hash. Up to 8 bytes the key is the bytes themselves (two overlapping
    /// 4-byte reads, or first/middle/last byte under 4: exact given the length), so a match needs
    /// no arena read; longer keys use a multiply-mix hash over 8-byte words as the key. Reads
    /// never go past `p[n - 1]`.
    @inline(__always) static func keyAndHash(_ p: UnsafePointer<UInt8>, _ n: Int) -> (key: UInt64, hash: UInt64) {
        let raw = UnsafeRawPointer(p)
        if n >= 8 {
            var h = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
            var k = 0
            while k + 8 < n {
                h = mix(h ^ raw.loadUnaligned(fromByteOffset: k, as: UInt64.self), 0xA076_1D64_78BD_642F)
                k += 8
            }
            let last = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            if n == 8 { return (last, mix(last ^ 0xE703_7ED1_A0B4_28DB, 0x8EBC_6AF0_9C88_C6E3 ^ 8)) }
            let full = mix(h ^ 0xE703_7ED1_A0B4_28DB, last ^ 0x8EBC_6AF0_9C88_C6E3)
            return (full, full)
        }
        let key: UInt64
        if n >= 4 {
            key =
                UInt64(raw.loadUnaligned(as: UInt32.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
        } else {
            key = UInt64(p[0]) | UInt64(p[n >> 1]) << 8 | UInt64(p[n - 1]) << 16
        }
        return (key, mix(key ^ 0xE703_7ED1_A0B4_28DB, UInt64(n) ^ 0x8EBC_6AF0_9C88_C6E3))
    }

    @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }
}
