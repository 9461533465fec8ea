/// The words of one text as lower-cased UTF-8 bytes, back to back: the words of
/// `TermSplitter.words(_:)` in the same order, but for all-ASCII text (nearly all tool text
/// and prompts) without building a `String` per word. One value is reused from text to text.
struct WordSplit {
    /// The words' bytes; word `i` is `bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]`. Only the
    /// first `ends.last ?? 0` bytes are in use: the array keeps its size from text to text.
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    mutating func split(_ text: String) {
        ends.removeAll(keepingCapacity: true)
        var text = text
        let ascii = text.withUTF8 { source -> Bool in
            var high: UInt8 = 0
            for b in source { high |= b }
            guard high < 0x80 else { return false }
            if bytes.count < source.count { bytes = [UInt8](repeating: 0, count: max(source.count, 2 * bytes.count)) }
            bytes.withUnsafeMutableBufferPointer { out in
                var length = 0
                var start = 0
                var previous: UInt8 = 0  // 0 separator, 1 upper, 2 lower, 3 digit (as `asciiWords`)
                for i in 0..<source.count {
                    let c = source[i]
                    let kind: UInt8 =
                        (c >= 0x41 && c <= 0x5A) ? 1 : (c >= 0x61 && c <= 0x7A) ? 2 : (c >= 0x30 && c <= 0x39) ? 3 : 0
                    var boundary = kind == 0
                    switch (previous, kind) {
                    case (2, 1), (3, 1), (3, 2), (1, 3), (2, 3):
                        boundary = true
                    case (1, 1):
                        if i + 1 < source.count, source[i + 1] >= 0x61 && source[i + 1] <= 0x7A { boundary = true }
                    default:
                        break
                    }
                    if boundary && length > start {
                        ends.append(length)
                        start = length
                    }
                    previous = kind
                    if kind != 0 {
                        out[length] = kind == 1 ? c + 0x20 : c
                        length += 1
                    }
                }
                if length > start { ends.append(length) }
            }
            return true
        }
        if ascii { return }
        var all: [UInt8] = []
        for word in TermSplitter.words(text) {
            all.append(contentsOf: word.utf8)
            ends.append(all.count)
        }
        bytes = all
    }

    /// Calls `body` with each word's bytes in order.
    @inline(__always)
    func forEachWord(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for end in ends {
                body(UnsafeBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }
}
