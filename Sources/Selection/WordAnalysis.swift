/// `TermSplitter.isContentWord` and `TermSplitter.normalize` on a word's bytes, for the words
/// `WordSplit` yields from ASCII text (lower-case letters and digits only): stop words,
/// abbreviations and the stemmer without building a `String` per word. Each distinct word of a
/// run goes through here once (tool words when the index is built, unknown prompt words once
/// per simulation). Other words (non-ASCII) are left to the `String` path.
struct WordAnalyzer: Sendable {
    let stemming: Bool
    let abbreviations: Bool
    private let tables = WordAnalysisTables.shared

    init(stemming: Bool, abbreviations: Bool) {
        self.stemming = stemming
        self.abbreviations = abbreviations
    }

    /// True when every byte is `a`–`z` or `0`–`9` (what this analyzer handles).
    @inline(__always)
    static func isPlain(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in word where !((b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)) { return false }
        return true
    }

    /// `TermSplitter.isContentWord` for a plain word.
    func isContent(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count >= 2, tables.stopWords.find(word) == nil else { return false }
        for b in word where b > 0x39 { return true }
        return false
    }

    /// Writes the terms of a plain content word (`TermSplitter.normalize`) into `out`.
    func normalize(_ word: UnsafeBufferPointer<UInt8>, into out: inout TermBytes) {
        out.removeAll()
        if abbreviations, let entry = tables.abbreviations.find(word) {
            for part in tables.expansions[entry] {
                part.withUnsafeBufferPointer { out.append($0, stemming: stemming) }
            }
            return
        }
        out.append(word, stemming: stemming)
    }
}

/// The terms of one word, back to back (reused from word to word). The storage only grows;
/// `removeAll` resets the counts (`Array.removeAll(keepingCapacity:)` cost about 200
/// instructions per call).
struct TermBytes {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    /// Bytes in use.
    private var used = 0
    private(set) var count = 0

    mutating func removeAll() {
        used = 0
        count = 0
    }

    /// Appends a term, stemmed (`Stemmer.stem`) when asked.
    mutating func append(_ word: UnsafeBufferPointer<UInt8>, stemming: Bool) {
        if bytes.count < used + word.count {
            bytes += [UInt8](repeating: 0, count: max(used + word.count, 2 * bytes.count, 32) - bytes.count)
        }
        let start = used
        let length = bytes.withUnsafeMutableBufferPointer { all in
            let term = UnsafeMutableBufferPointer(rebasing: all[start..<(start + word.count)])
            if let source = word.baseAddress, word.count > 0 {
                term.baseAddress!.update(from: source, count: word.count)
            }
            return stemming ? ByteStemmer.stem(term) : word.count
        }
        used = start + length
        if ends.count <= count { ends.append(used) } else { ends[count] = used }
        count += 1
    }

    /// Calls `body` with term `i`'s bytes.
    @inline(__always)
    func withTerm<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let start = i == 0 ? 0 : ends[i - 1]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[i]])) }
    }
}

/// Stop words and abbreviations keyed by bytes, built once per process.
final class WordAnalysisTables: Sendable {
    static let shared = WordAnalysisTables()

    let stopWords: WordTable
    let abbreviations: WordTable
    /// Abbreviation entry → the words of its expansion.
    let expansions: [[[UInt8]]]

    private init() {
        var stopWords = WordTable(minimumCapacity: StopWords.words.count)
        for word in StopWords.words {
            var word = word
            word.withUTF8 { _ = stopWords.insert($0, hash: WordTable.hash($0)) }
        }
        var abbreviations = WordTable(minimumCapacity: Abbreviations.table.count)
        var expansions: [[[UInt8]]] = []
        for (short, full) in Abbreviations.table {
            var short = short
            short.withUTF8 { _ = abbreviations.insert($0, hash: WordTable.hash($0)) }
            expansions.append(full.split(separator: " ").map { Array($0.utf8) })
        }
        self.stopWords = stopWords
        self.abbreviations = abbreviations
        self.expansions = expansions
    }
}

/// The stemmer described at `Stemmer` (its `String` form), on a word's bytes in place (the
/// result is never longer than the word).
enum ByteStemmer {
    /// Stems `w` and returns the stem's length (a prefix of `w` after the call).
    static func stem(_ w: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = w.count
        guard n > 3 else { return n }
        for b in w where !(b >= 0x61 && b <= 0x7A) { return n }
        // Plurals.
        if ends(w, n, "ies"), !ends(w, n, "eies"), !ends(w, n, "aies"), n > 4 {
            n -= 2
            w[n - 1] = 0x79  // "y"
        } else if ends(w, n, "es"), !ends(w, n, "aes"), !ends(w, n, "ees"), !ends(w, n, "oes") {
            n -= 1
        } else if ends(w, n, "s"), !ends(w, n, "us"), !ends(w, n, "ss"), !ends(w, n, "is") {
            n -= 1
        }
        // -ing / -ed, undoubling.
        var stripped = false
        if ends(w, n, "ing"), n - 3 >= 3, hasVowel(w, n - 3) {
            n -= 3
            stripped = true
        } else if ends(w, n, "ed"), !ends(w, n, "eed"), n - 2 >= 3, hasVowel(w, n - 2) {
            n -= 2
            stripped = true
        }
        if stripped, n >= 2, w[n - 1] == w[n - 2], isConsonant(w[n - 1]), w[n - 1] != 0x6C, w[n - 1] != 0x73,
            w[n - 1] != 0x7A
        {
            n -= 1
        }
        if ends(w, n, "ation"), n > 6 {
            // "ation" → "ate".
            n -= 2
            w[n - 3] = 0x61
            w[n - 2] = 0x74
            w[n - 1] = 0x65
        } else if ends(w, n, "tion") || ends(w, n, "sion"), n - 3 >= 4 {
            n -= 3
        }
        if n > 3, w[n - 1] == 0x65, !ends(w, n, "ee") { n -= 1 }
        return n
    }

    @inline(__always)
    private static func ends(_ w: UnsafeMutableBufferPointer<UInt8>, _ n: Int, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard n >= count else { return false }
        let bytes = suffix.utf8Start
        let start = n - count
        for k in 0..<count where w[start + k] != bytes[k] { return false }
        return true
    }

    private static func hasVowel(_ w: UnsafeMutableBufferPointer<UInt8>, _ n: Int) -> Bool {
        for i in 0..<n {
            switch w[i] {
            case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: return true
            default: continue
            }
        }
        return false
    }

    @inline(__always)
    private static func isConsonant(_ c: UInt8) -> Bool {
        c != 0x61 && c != 0x65 && c != 0x69 && c != 0x6F && c != 0x75
    }
}

/// Term text → term id. ASCII terms are keyed by their bytes (equal bytes, equal strings);
/// other terms by `String`, whose equality is canonical equivalence ("é" written as one scalar
/// or as "e" + accent is one term), as the `[String: Int]` vocabulary this replaced. No word
/// with a non-ASCII scalar lower-cases to an all-ASCII one that is canonically equal to it, so
/// the two halves never hold the same term.
struct TermIds: Sendable {
    private var ascii = WordTable(minimumCapacity: 1024)
    /// `ascii` entry → term id.
    private var asciiIds: [Int32] = []
    private var other: [String: Int] = [:]

    init() {}

    init(minimumCapacity: Int) {
        ascii = WordTable(minimumCapacity: minimumCapacity)
    }

    /// The id of an all-ASCII term given as bytes.
    @inline(__always)
    func find(ascii term: UnsafeBufferPointer<UInt8>) -> Int? {
        ascii.find(term).map { Int(asciiIds[$0]) }
    }

    func find(_ term: String) -> Int? {
        var term = term
        if term.withUTF8({ Self.isASCII($0) }) { return term.withUTF8 { find(ascii: $0) } }
        return other[term]
    }

    /// Records a term that `find` does not hold.
    mutating func insert(ascii term: UnsafeBufferPointer<UInt8>, id: Int) {
        _ = ascii.insert(term, hash: WordTable.hash(term))
        asciiIds.append(Int32(id))
    }

    mutating func insert(_ term: String, id: Int) {
        var term = term
        if term.withUTF8({ Self.isASCII($0) }) {
            term.withUTF8 { insert(ascii: $0, id: id) }
        } else {
            other[term] = id
        }
    }

    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var high: UInt8 = 0
        for b in bytes { high |= b }
        return high < 0x80
    }
}
