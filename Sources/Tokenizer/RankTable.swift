/// Mergeable ranks of one vocabulary: token bytes by rank (for decoding) and an open-addressing
/// hash from byte sequences to ranks (for merging) that looks up slices in place, so the merge
/// loop never allocates.
final class RankTable: @unchecked Sendable {
    /// Marks a byte sequence that is not a token.
    static let missing: UInt32 = .max

    /// Number of ranks (`0..<count`, dense).
    let count: Int
    /// Token bytes, concatenated in rank order.
    private let arena: UnsafeMutableBufferPointer<UInt8>
    /// `starts[r]..<starts[r + 1]` are the bytes of rank r in `arena`.
    private let starts: UnsafeMutableBufferPointer<UInt32>
    /// Slot = hash tag (high 32 bits) | rank + 1 (low 32 bits); 0 = empty.
    private let slots: UnsafeMutableBufferPointer<UInt64>
    private let mask: Int
    /// Rank of each single byte (byte-level BPE covers all 256).
    private let byteRanks: UnsafeMutableBufferPointer<UInt32>

    /// `tokens[r]` holds the bytes of rank r, as `(offset, length)` into `bytes`.
    /// Throws if a byte sequence appears twice or a single byte has no rank.
    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [(offset: Int, length: Int)]) throws(TokenizerError) {
        count = tokens.count
        let total = tokens.reduce(0) { $0 + $1.length }
        arena = .allocate(capacity: max(total, 1))
        starts = .allocate(capacity: count + 1)
        var capacity = 16
        while capacity < count * 2 + 2 { capacity <<= 1 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0)
        mask = capacity - 1
        byteRanks = .allocate(capacity: 256)
        byteRanks.initialize(repeating: Self.missing)
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
    }

    @inline(__always) func tokenSpan(_ rank: Int) -> (base: UnsafePointer<UInt8>, length: Int) {
        let start = Int(starts[rank])
        return (UnsafePointer(arena.baseAddress! + start), Int(starts[rank + 1]) - start)
    }

    @inline(__always) func byteRank(_ byte: UInt8) -> UInt32 { byteRanks[Int(byte)] }

    /// Rank of the byte sequence `base[0..<length]`, or `missing`.
    @inline(__always) func rank(_ base: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        if length == 1 { return byteRanks[Int(base[0])] }
        let h = Self.hash(base, length)
        let tag = h & 0xFFFF_FFFF_0000_0000
        var index = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { return Self.missing }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let rank = Int(slot & 0xFFFF_FFFF) - 1
                let (tokenBase, tokenLength) = tokenSpan(rank)
                if tokenLength == length && memoryEqual(tokenBase, base, length) { return UInt32(rank) }
            }
            index = (index + 1) & mask
        }
    }

    /// Adds a token; false if the same bytes are already present.
    private func insert(rank: Int, base: UnsafePointer<UInt8>, length: Int) -> Bool {
        let h = Self.hash(base, length)
        let tag = h & 0xFFFF_FFFF_0000_0000
        var index = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let (tokenBase, tokenLength) = tokenSpan(Int(slot & 0xFFFF_FFFF) - 1)
                if tokenLength == length && memoryEqual(tokenBase, base, length) { return false }
            }
            index = (index + 1) & mask
        }
        slots[index] = tag | UInt64(rank + 1)
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

    /// Multiply-mix hash over 8-byte words (wyhash-style small-input reads, no tail loop).
    /// The low bits choose the slot and the high 32 bits are the tag, so both must be well mixed.
    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        var a: UInt64
        var b: UInt64
        if n >= 8 {
            var h = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
            var k = 0
            while k + 8 < n {
                h = mix(h ^ raw.loadUnaligned(fromByteOffset: k, as: UInt64.self), 0xA076_1D64_78BD_642F)
                k += 8
            }
            a = h
            b = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            a = UInt64(raw.loadUnaligned(as: UInt32.self))
            b = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32 | UInt64(n)
        } else {
            a = UInt64(p[0]) << 16 | UInt64(p[n >> 1]) << 8 | UInt64(p[n - 1])
            b = UInt64(n)
        }
        return mix(a ^ 0xE703_7ED1_A0B4_28DB, b ^ 0x8EBC_6AF0_9C88_C6E3)
    }

    @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }
}
