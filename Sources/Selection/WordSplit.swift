import CSelectionKernels

/// The words of one text (or of several, one after the other) as lower-cased UTF-8 bytes,
/// back to back: the words of `TermSplitter.words(_:)` in the same order, but for all-ASCII
/// text (nearly all tool text and prompts) split in C (`tw_split_ascii_words`) without building
/// a `String` per word. One value is reused from text to text.
struct WordSplit {
    /// The words' bytes; word `i` is `bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]`. The
    /// arrays keep their size from text to text; only the first `count` ends are in use.
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private(set) var count = 0
    /// Bytes in use (the end of the last word).
    private var length = 0

    /// The words of `text` (the earlier words dropped).
    mutating func split(_ text: String) {
        count = 0
        length = 0
        append(text)
    }

    /// Adds the words of `text` after the words already split: as splitting the texts joined
    /// with a space, since a space always ends a word.
    mutating func append(_ text: String) {
        // Native strings are read in place (no copy of the string to call `withUTF8`).
        let ascii =
            text.utf8.withContiguousStorageIfAvailable { appendASCII($0) }
            ?? {
                var text = text
                return text.withUTF8 { appendASCII($0) }
            }()
        if ascii { return }
        for word in TermSplitter.words(text) {
            let utf8 = Array(word.utf8)
            reserve(bytes: length + utf8.count, words: count + 1)
            bytes.replaceSubrange(length..<(length + utf8.count), with: utf8)
            length += utf8.count
            ends[count] = length
            count += 1
        }
    }

    /// Splits ASCII bytes in C after the words already split; false (nothing added) when a
    /// byte is not ASCII.
    private mutating func appendASCII(_ source: UnsafeBufferPointer<UInt8>) -> Bool {
        guard source.count > 0 else { return true }
        // The C split writes up to one byte and one end per byte of text.
        reserve(bytes: length + source.count, words: count + source.count)
        let base = length
        let first = count
        let found = bytes.withUnsafeMutableBufferPointer { out in
            ends.withUnsafeMutableBufferPointer { ends in
                tw_split_ascii_words(
                    source.baseAddress, source.count, out.baseAddress! + base, ends.baseAddress! + first)
            }
        }
        guard found >= 0 else { return false }
        if found > 0 {
            ends.withUnsafeMutableBufferPointer { ends in
                if base > 0 { for i in first..<(first + found) { ends[i] += base } }
                length = ends[first + found - 1]
            }
            count = first + found
        }
        return true
    }

    private mutating func reserve(bytes needed: Int, words: Int) {
        if bytes.count < needed { bytes += [UInt8](repeating: 0, count: max(needed, 2 * bytes.count) - bytes.count) }
        if ends.count < words { ends += [Int](repeating: 0, count: max(words, 2 * ends.count) - ends.count) }
    }

    /// Calls `body` with the words' bytes and ends (`count` of them).
    @inline(__always)
    func withWords<R>(_ body: (UnsafePointer<UInt8>, UnsafePointer<Int>) -> R) -> R {
        bytes.withUnsafeBufferPointer { all in
            ends.withUnsafeBufferPointer { ends in body(all.baseAddress!, ends.baseAddress!) }
        }
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
