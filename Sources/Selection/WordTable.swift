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

    /// FNV-1a 64 of the bytes.
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in word { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        return hash
    }

    /// A hash's first slot (before the mask): the high half folded in, since FNV's low bits
    /// depend only on the low bits of each step (`tw_find_words` does the same).
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
        place(entry)
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

    private mutating func place(_ entry: Int) {
        let mask = slots.count - 1
        var at = Self.start(hashes[entry]) & mask
        while slots[at] != 0 { at = (at + 1) & mask }
        slots[at] = Int32(entry + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for entry in 0..<count { place(entry) }
    }
}
