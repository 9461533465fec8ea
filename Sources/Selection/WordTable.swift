import CSelectionKernels

/// Distinct words keyed by their lower-cased UTF-8 bytes (open addressing, linear probing), so
/// the scorer looks a prompt word up without building a `String` for it. Entries are numbered
/// in insertion order from 0.
struct WordTable: Sendable {
    private(set) var count = 0
    /// Entry + 1 per slot (0 = empty); the slot count is a power of two.
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    /// Entry `e`'s bytes are `bytes[keyStart[e]..<keyStart[e + 1]]`.
    private var keyStart: [Int32] = [0]
    private var bytes: [UInt8] = []

    init(minimumCapacity: Int = 1024) {
        var size = 16
        while size < minimumCapacity * 2 { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
    }

    /// `tw_word_hash` of the bytes (`word_hash.h`, which `tw_find_words` uses): a few loads
    /// and two 64 × 64 → 128-bit multiplies for a word of up to 16 bytes, well mixed in all 64
    /// bits. Written again in Swift: a call to the C function from Swift code holding arrays
    /// made the optimiser retain them around the call.
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k0: UInt64 = 0xa076_1d64_78bd_642f
        let k1: UInt64 = 0xe703_7ed1_a0b4_28db
        let k2: UInt64 = 0x8ebc_6af0_9c88_c6e3
        let length = word.count
        guard let p = word.baseAddress, length > 0 else { return mum(k1, mum(k1, k0 ^ k2)) }
        let raw = UnsafeRawPointer(p)
        @inline(__always) func read4(_ at: Int) -> UInt64 {
            UInt64(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
        }
        @inline(__always) func read8(_ at: Int) -> UInt64 {
            raw.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
        }
        var a: UInt64
        var b: UInt64
        var seed = k0
        if length <= 16 {
            if length >= 4 {
                let q = (length >> 3) << 2
                a = read4(0) << 32 | read4(q)
                b = read4(length - 4) << 32 | read4(length - 4 - q)
            } else {
                a = UInt64(p[0]) << 16 | UInt64(p[length >> 1]) << 8 | UInt64(p[length - 1])
                b = 0
            }
        } else {
            var at = 0
            var left = length
            while left > 16 {
                seed = mum(read8(at) ^ k1, read8(at + 8) ^ seed)
                at += 16
                left -= 16
            }
            a = read8(at + left - 16)
            b = read8(at + left - 8)
        }
        return mum(k1 ^ UInt64(length), mum(a ^ k1, b ^ seed ^ k2))
    }

    @inline(__always)
    private static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    /// A hash's first slot (before the mask): the high half folded in (`tw_find_words` does
    /// the same).
    @inline(__always)
    static func start(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash ^ (hash >> 32)) }

    /// The entry holding exactly these bytes.
    @inline(__always)
    func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var at = Self.start(hash) & mask
            while true {
                let entry = Int(slots[at]) - 1
                if entry < 0 { return nil }
                if hashes[entry] == hash && matches(entry, word) { return entry }
                at = (at + 1) & mask
            }
        }
    }

    func find(_ word: UnsafeBufferPointer<UInt8>) -> Int? { find(word, hash: Self.hash(word)) }

    /// Looks up `count` words given as bytes and ends (`WordSplit`) in C (`tw_find_words`):
    /// `entries[i]` is word `i`'s entry or -1. Returns the number not found.
    func find(
        words bytes: UnsafePointer<UInt8>, ends: UnsafePointer<Int>, count: Int,
        into entries: UnsafeMutablePointer<Int32>
    ) -> Int {
        slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                keyStart.withUnsafeBufferPointer { keyStart in
                    self.bytes.withUnsafeBufferPointer { keys in
                        tw_find_words(
                            bytes, ends, count, slots.baseAddress, slots.count - 1, hashes.baseAddress,
                            keyStart.baseAddress, keys.baseAddress, entries)
                    }
                }
            }
        }
    }

    /// Adds a word that `find` did not hold; returns its entry.
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        if (count + 1) * 2 > slots.count { grow() }
        let entry = count
        count += 1
        hashes.append(hash)
        bytes.append(contentsOf: word)
        keyStart.append(Int32(bytes.count))
        place(entry, hash: hash)
        return entry
    }

    private func matches(_ entry: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(keyStart[entry])
        guard Int(keyStart[entry + 1]) - start == word.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            for i in 0..<word.count where all[start + i] != word[i] { return false }
            return true
        }
    }

    private mutating func place(_ entry: Int, hash: UInt64) {
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var at = Self.start(hash) & mask
            while slots[at] != 0 { at = (at + 1) & mask }
            slots[at] = Int32(entry + 1)
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for entry in 0..<count { place(entry, hash: hashes[entry]) }
    }
}
