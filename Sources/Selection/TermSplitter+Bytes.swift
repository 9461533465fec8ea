extension TermSplitter {
    /// Calls `body` with each word of `text` as lower-cased UTF-8 bytes: the words of
    /// `words(_:)` in the same order, but for all-ASCII text (nearly all tool text and prompts)
    /// without building a `String` per word.
    static func forEachWord(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        let done = text.withUTF8 { bytes -> Bool in
            var high: UInt8 = 0
            for b in bytes { high |= b }
            guard high < 0x80 else { return false }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, bytes.count)) { buffer in
                let base = buffer.baseAddress!
                var start = 0
                var end = 0
                var previous: UInt8 = 0  // 0 separator, 1 upper, 2 lower, 3 digit (as `asciiWords`)
                for i in 0..<bytes.count {
                    let c = bytes[i]
                    let kind: UInt8 =
                        (c >= 0x41 && c <= 0x5A) ? 1 : (c >= 0x61 && c <= 0x7A) ? 2 : (c >= 0x30 && c <= 0x39) ? 3 : 0
                    var boundary = kind == 0
                    switch (previous, kind) {
                    case (2, 1), (3, 1), (3, 2), (1, 3), (2, 3):
                        boundary = true
                    case (1, 1):
                        if i + 1 < bytes.count, bytes[i + 1] >= 0x61 && bytes[i + 1] <= 0x7A { boundary = true }
                    default:
                        break
                    }
                    if boundary && end > start {
                        body(UnsafeBufferPointer(start: base + start, count: end - start))
                        start = end
                    }
                    previous = kind
                    if kind == 0 { continue }
                    base[end] = kind == 1 ? c + 0x20 : c
                    end += 1
                }
                if end > start { body(UnsafeBufferPointer(start: base + start, count: end - start)) }
            }
            return true
        }
        if done { return }
        for word in words(text) {
            var word = word
            word.withUTF8 { body($0) }
        }
    }
}
