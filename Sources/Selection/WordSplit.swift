import CSelectionKernels

/// The words of one text as lower-cased UTF-8 bytes, back to back: the words of
/// `TermSplitter.words(_:)` in the same order, but for all-ASCII text (nearly all tool text
/// and prompts) split in C (`tw_split_ascii_words`) without building a `String` per word. One
/// value is reused from text to text.
struct WordSplit {
    /// The words' bytes; word `i` is `bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]`. The
    /// arrays keep their size from text to text; only the first `count` ends are in use.
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private(set) var count = 0

    mutating func split(_ text: String) {
        var text = text
        let ascii = text.withUTF8 { source -> Bool in
            // The C split writes up to one byte and one end per byte of text.
            if bytes.count < source.count || ends.count < source.count {
                let size = max(source.count, 2 * bytes.count)
                bytes = [UInt8](repeating: 0, count: size)
                ends = [Int](repeating: 0, count: size)
            }
            guard source.count > 0 else {
                count = 0
                return true
            }
            let found = bytes.withUnsafeMutableBufferPointer { out in
                ends.withUnsafeMutableBufferPointer { ends in
                    tw_split_ascii_words(source.baseAddress, source.count, out.baseAddress, ends.baseAddress)
                }
            }
            guard found >= 0 else { return false }
            count = found
            return true
        }
        if ascii { return }
        var all: [UInt8] = []
        var wordEnds: [Int] = []
        for word in TermSplitter.words(text) {
            all.append(contentsOf: word.utf8)
            wordEnds.append(all.count)
        }
        bytes = all
        ends = wordEnds
        count = wordEnds.count
    }

    /// Calls `body` with each word's bytes in order.
    @inline(__always)
    func forEachWord(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for i in 0..<count {
                body(UnsafeBufferPointer(rebasing: all[start..<ends[i]]))
                start = ends[i]
            }
        }
    }
}
