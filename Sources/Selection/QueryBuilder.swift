import CSelectionKernels
import Foundation

/// The per-word work of `SelectionIndex.query`. Prompts are short: linear de-duplication beats
/// hashing here.
struct QueryBuilder {
    let memo: UnknownWordMemo
    var terms: [(id: Int, weight: Double)] = []
    /// Content words no tool uses (by the memo's id of their term), with their weights (they
    /// lower the fit).
    var unknownTerms: [(term: Int32, weight: Double)] = []
    /// The semantic layer's mean vector, over the same content words.
    var sum: [Float]
    var anyPiece = false
    /// Content words so far in the current text (for the leading-words boost).
    var position = 0

    /// The index is passed to each call, not kept: a copy of it costs a retain and release
    /// per array it holds.
    /// Pointers into the index's word vectors (the index keeps them alive).
    let rows: VectorRows?

    init(vectors: WordVectors?, memo: UnknownWordMemo?) {
        self.memo = memo ?? UnknownWordMemo(minimumCapacity: 16)
        rows = vectors?.rows
        sum = [Float](repeating: 0, count: vectors?.dimension ?? 0)
        terms.reserveCapacity(16)
    }

    mutating func addWords(of split: WordSplit, base: Double, leading: Int, index: SelectionIndex) {
        split.bytes.withUnsafeBufferPointer { all in
            split.ends.withUnsafeBufferPointer { ends in
                var start = 0
                for i in 0..<split.count {
                    add(UnsafeBufferPointer(rebasing: all[start..<ends[i]]), base: base, leading: leading, index: index)
                    start = ends[i]
                }
            }
        }
    }

    mutating func add(_ word: UnsafeBufferPointer<UInt8>, base: Double, leading: Int, index: SelectionIndex) {
        let weight = position < leading ? base * (1 + index.options.leadingBoost) : base
        if let entry = index.lexicon.table.find(word) {
            let known = index.lexicon.termRange(entry)
            // Stop words, bare numbers and one-letter pieces of tool text.
            if known.isEmpty { return }
            if let rows {
                let pieces = index.lexicon.pieceRange(entry)
                if !pieces.isEmpty {
                    index.lexicon.pieces.withUnsafeBufferPointer { ids in
                        sum.withUnsafeMutableBufferPointer { sum in
                            for p in pieces { rows.accumulate(ids[p], weight: Float(base), into: sum.baseAddress!) }
                        }
                    }
                    anyPiece = true
                }
            }
            position += 1
            for t in known { merge(Int(index.lexicon.terms[t]), weight) }
            return
        }
        // A word no tool uses: split and stem it once per run (the memo).
        let miss = memo.lookUp(word, index: index)
        guard miss.isContent else { return }
        position += 1
        addUnknown(miss, base: base, weight: weight)
    }

    private mutating func addUnknown(_ miss: UnknownWord, base: Double, weight: Double) {
        if let rows, !miss.pieces.isEmpty {
            sum.withUnsafeMutableBufferPointer { sum in
                for p in miss.pieces { rows.accumulate(memo.piece(p), weight: Float(base), into: sum.baseAddress!) }
            }
            anyPiece = true
        }
        for t in miss.found { merge(Int(memo.foundTerm(t)), weight) }
        for t in miss.unknown {
            let term = memo.unknownTerm(t)
            if let at = unknownTerms.firstIndex(where: { $0.term == term }) {
                unknownTerms[at].weight = max(unknownTerms[at].weight, weight)
            } else {
                unknownTerms.append((term, weight))
            }
        }
    }

    private mutating func merge(_ id: Int, _ weight: Double) {
        if let at = terms.firstIndex(where: { $0.id == id }) {
            terms[at].weight = max(terms[at].weight, weight)
        } else {
            terms.append((id, weight))
        }
    }
}

/// How the prompt words that no tool uses read, flat: per word whether it is a content word,
/// its terms that some tool has (`found`, index term ids), those none has (`unknown`, ids of
/// `UnknownWordMemo`'s own), and its word-vector pieces.
struct UnknownWords {
    var isContent: [Bool] = []
    var foundStart: [Int32] = [0]
    var found: [Int32] = []
    var unknownStart: [Int32] = [0]
    var unknown: [Int32] = []
    var pieceStart: [Int32] = [0]
    var pieces: [Int32] = []
}

/// One word's ranges in `UnknownWords`.
struct UnknownWord {
    var isContent: Bool
    var found: Range<Int>
    var unknown: Range<Int>
    var pieces: Range<Int>
}

/// The prompt words of one simulation run that no tool uses, by their bytes: the prompts of a
/// set share most of their words, so each is split, stemmed and looked up once. Used by one
/// thread at a time.
final class UnknownWordMemo {
    // One thread at a time (see above): the run-time exclusivity checks of class storage
    // (two per access) would cost more than the lookups they guard.
    @exclusivity(unchecked) private var table: WordTable
    @exclusivity(unchecked) private var words = UnknownWords()
    /// Unknown term text → its id in `words.unknown` (equal ids, equal terms).
    @exclusivity(unchecked) private var unknownIds: TermIds
    @exclusivity(unchecked) private var termBuffer = TermBytes()

    init(minimumCapacity: Int = 256) {
        table = WordTable(minimumCapacity: minimumCapacity)
        unknownIds = TermIds(minimumCapacity: minimumCapacity)
    }

    @exclusivity(unchecked) private var split = WordSplit()

    /// The run's word-split buffers, to hand back with `giveBack` (taken, not copied, so the
    /// split writes into them without copying).
    func takeSplit() -> WordSplit {
        var taken = WordSplit()
        swap(&taken, &split)
        return taken
    }

    func giveBack(_ split: WordSplit) { self.split = split }

    /// The found terms, unknown terms and pieces that `UnknownWord`'s ranges index.
    @inline(__always) func foundTerm(_ at: Int) -> Int32 { words.found[at] }
    @inline(__always) func unknownTerm(_ at: Int) -> Int32 { words.unknown[at] }
    @inline(__always) func piece(_ at: Int) -> Int32 { words.pieces[at] }

    func lookUp(_ word: UnsafeBufferPointer<UInt8>, index: SelectionIndex) -> UnknownWord {
        let hash = WordTable.hash(word)
        let entry = table.find(word, hash: hash) ?? add(word, hash: hash, index: index)
        return UnknownWord(
            isContent: words.isContent[entry],
            found: Int(words.foundStart[entry])..<Int(words.foundStart[entry + 1]),
            unknown: Int(words.unknownStart[entry])..<Int(words.unknownStart[entry + 1]),
            pieces: Int(words.pieceStart[entry])..<Int(words.pieceStart[entry + 1]))
    }

    private func add(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, index: SelectionIndex) -> Int {
        let entry = table.insert(word, hash: hash)
        var content = false
        if WordAnalyzer.isPlain(word) {
            if index.analyzer.isContent(word) {
                content = true
                index.analyzer.normalize(word, into: &termBuffer)
                let terms = termBuffer
                for i in 0..<terms.count {
                    terms.withTerm(i) { term in
                        if let id = index.vocabulary.find(ascii: term) {
                            words.found.append(Int32(id))
                        } else {
                            let id = unknownIds.find(ascii: term) ?? nextUnknownId(ascii: term)
                            words.unknown.append(Int32(id))
                        }
                    }
                }
            }
        } else {
            let string = String(decoding: word, as: UTF8.self)
            if TermSplitter.isContentWord(string) {
                content = true
                for term in index.splitter.normalize(string) {
                    if let id = index.vocabulary.find(term) {
                        words.found.append(Int32(id))
                    } else {
                        var id = unknownIds.find(term)
                        if id == nil {
                            id = unknownCount
                            unknownIds.insert(term, id: unknownCount)
                            unknownCount += 1
                        }
                        words.unknown.append(Int32(id!))
                    }
                }
            }
        }
        if content, let vectors = index.vectors { vectors.appendPieces(of: word, to: &words.pieces) }
        words.isContent.append(content)
        words.foundStart.append(Int32(words.found.count))
        words.unknownStart.append(Int32(words.unknown.count))
        words.pieceStart.append(Int32(words.pieces.count))
        return entry
    }

    @exclusivity(unchecked) private var unknownCount = 0

    private func nextUnknownId(ascii term: UnsafeBufferPointer<UInt8>) -> Int {
        unknownIds.insert(ascii: term, id: unknownCount)
        unknownCount += 1
        return unknownCount - 1
    }
}
