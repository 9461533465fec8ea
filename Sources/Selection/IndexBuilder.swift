import CSelectionKernels
import Foundation

/// The distinct words of a tool set's text (see `SelectionIndex.lexicon`).
struct Lexicon: Sendable {
    var table = WordTable()
    /// Entry `e`'s term ids are `terms[termStart[e]..<termStart[e + 1]]`.
    var termStart: [Int32] = [0]
    var terms: [Int32] = []
    /// Entry `e`'s word-vector rows are `pieces[pieceStart[e]..<pieceStart[e + 1]]`.
    var pieceStart: [Int32] = [0]
    var pieces: [Int32] = []

    @inline(__always)
    func termRange(_ entry: Int) -> Range<Int> { Int(termStart[entry])..<Int(termStart[entry + 1]) }

    @inline(__always)
    func pieceRange(_ entry: Int) -> Range<Int> { Int(pieceStart[entry])..<Int(pieceStart[entry + 1]) }
}

/// The per-word work of `SelectionIndex.init`: each distinct word is split, stemmed and cut
/// into word-vector pieces once (`lexicon`); each occurrence adds its terms to the current tool.
struct IndexBuilder {
    let splitter: TermSplitter
    let analyzer: WordAnalyzer
    let vectors: WordVectors?
    let rows: VectorRows?
    var vocabulary = TermIds()
    /// The terms of the word being added (reused).
    var wordTerms = TermBytes()
    /// Term id → its text and a surface word that produced it (for messages).
    var termText: [String] = []
    var surface: [String] = []
    var documentFrequency: [Int] = []
    var lexicon = Lexicon()
    /// Term id → its slot in the current tool's `order` (−1 when absent); reset per tool.
    var slot: [Int32] = []
    /// The current tool's distinct terms in first-seen order, with weighted counts.
    var order: [Int] = []
    var counts: [Double] = []
    /// The current tool's word-vector sum (every content word, the name once).
    var sum: [Float]
    var anyPiece = false

    init(splitter: TermSplitter, analyzer: WordAnalyzer, vectors: WordVectors?) {
        self.splitter = splitter
        self.analyzer = analyzer
        rows = vectors?.rows
        self.vectors = vectors
        sum = [Float](repeating: 0, count: vectors?.dimension ?? 0)
    }

    mutating func startTool() {
        order.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        anyPiece = false
        for d in 0..<sum.count { sum[d] = 0 }
    }

    /// The tool's terms with weighted frequencies, and its length (their sum).
    mutating func finishTool() -> (terms: [(id: Int, frequency: Double)], length: Double) {
        var length = 0.0
        var terms: [(id: Int, frequency: Double)] = []
        terms.reserveCapacity(order.count)
        for (at, id) in order.enumerated() {
            documentFrequency[id] += 1
            length += counts[at]
            slot[id] = -1
            terms.append((id, counts[at]))
        }
        return (terms, length)
    }

    mutating func add(_ word: UnsafeBufferPointer<UInt8>, weight: Double) {
        let hash = WordTable.hash(word)
        let entry = lexicon.table.find(word, hash: hash) ?? newEntry(word, hash: hash)
        if let rows {
            let pieces = lexicon.pieceRange(entry)
            if !pieces.isEmpty {
                lexicon.pieces.withUnsafeBufferPointer { ids in
                    sum.withUnsafeMutableBufferPointer { sum in
                        for p in pieces { rows.accumulate(ids[p], weight: 1, into: sum.baseAddress!) }
                    }
                }
                anyPiece = true
            }
        }
        for t in lexicon.termRange(entry) {
            let id = Int(lexicon.terms[t])
            if slot[id] < 0 {
                slot[id] = Int32(order.count)
                order.append(id)
                counts.append(weight)
            } else {
                counts[Int(slot[id])] += weight
            }
        }
    }

    private mutating func newEntry(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let entry = lexicon.table.insert(word, hash: hash)
        var content = false
        if WordAnalyzer.isPlain(word) {
            if analyzer.isContent(word) {
                content = true
                analyzer.normalize(word, into: &wordTerms)
                let terms = wordTerms
                for i in 0..<terms.count {
                    let id = terms.withTerm(i) { term in
                        vocabulary.find(ascii: term) ?? newTerm(ascii: term, surface: word)
                    }
                    lexicon.terms.append(Int32(id))
                }
            }
        } else {
            let string = String(decoding: word, as: UTF8.self)
            if TermSplitter.isContentWord(string) {
                content = true
                for term in splitter.normalize(string) {
                    let id: Int
                    if let known = vocabulary.find(term) {
                        id = known
                    } else {
                        id = termText.count
                        vocabulary.insert(term, id: id)
                        appendTerm(term, surface: string)
                    }
                    lexicon.terms.append(Int32(id))
                }
            }
        }
        if content, let vectors { vectors.appendPieces(of: word, to: &lexicon.pieces) }
        lexicon.termStart.append(Int32(lexicon.terms.count))
        lexicon.pieceStart.append(Int32(lexicon.pieces.count))
        return entry
    }

    private mutating func newTerm(ascii term: UnsafeBufferPointer<UInt8>, surface: UnsafeBufferPointer<UInt8>) -> Int {
        let id = termText.count
        vocabulary.insert(ascii: term, id: id)
        appendTerm(String(decoding: term, as: UTF8.self), surface: String(decoding: surface, as: UTF8.self))
        return id
    }

    private mutating func appendTerm(_ term: String, surface word: String) {
        termText.append(term)
        surface.append(word)
        documentFrequency.append(0)
        slot.append(-1)
    }
}
