/// Several byte strings searched for in one pass over a text (instead of one pass each): a
/// table of first bytes says which needles can start at a position.
struct ByteNeedles: Sendable {
    let needles: [[UInt8]]
    /// Bit `n` of entry `b`: needle `n` starts with byte `b`.
    private let starting: [UInt64]

    init(_ needles: [[UInt8]]) {
        precondition(needles.count <= 64 && needles.allSatisfy { !$0.isEmpty }, "one bit per non-empty needle")
        self.needles = needles
        var starting = [UInt64](repeating: 0, count: 256)
        for (position, needle) in needles.enumerated() { starting[Int(needle[0])] |= 1 << UInt64(position) }
        self.starting = starting
    }

    /// Whether any needle occurs in `text`'s UTF-8.
    func occur(in text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { first(in: $0) != nil } ?? (first(in: Array(text.utf8)) != nil)
    }

    /// The lowest-numbered needle with an occurrence in `haystack` that `accept(needle, start)`
    /// takes, the answer a search needle by needle, in order, gives.
    func first(in haystack: [UInt8], where accept: (Int, Int) -> Bool = { _, _ in true }) -> Int? {
        haystack.withUnsafeBufferPointer { first(in: $0, where: accept) }
    }

    func first(in bytes: UnsafeBufferPointer<UInt8>, where accept: (Int, Int) -> Bool = { _, _ in true }) -> Int? {
        var found: UInt64 = 0
        starting.withUnsafeBufferPointer { starting in
            for start in bytes.indices {
                var candidates = starting[Int(bytes[start])] & ~found
                while candidates != 0 {
                    let position = candidates.trailingZeroBitCount
                    candidates &= candidates - 1
                    let needle = needles[position]
                    guard needle.count <= bytes.count - start else { continue }
                    var matched = true
                    for offset in 1..<needle.count where bytes[start + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched, accept(position, start) { found |= 1 << UInt64(position) }
                }
            }
        }
        return found == 0 ? nil : found.trailingZeroBitCount
    }
}
