import CSelectionKernels
import Foundation

/// The per-word work of `SelectionIndex.query`: each word is found in the run's
/// `PromptWordMemo` (analysed there the first time the run meets it), its terms merged at their
/// highest weight, its word-vector pieces queued for the prompt's sum. The term lists and the
/// sum live in the memo, reused from prompt to prompt (a query then allocates nothing).
struct QueryBuilder {
    let memo: PromptWordMemo
    var anyPiece = false
    /// Content words so far in the current text (for the leading-words boost).
    var position = 0
    /// Pointers into the index's word vectors (the index keeps them alive).
    let rows: VectorRows?

    /// The index is passed to each call, not kept or given to `init` (whose arguments are
    /// owned): a copy of it costs a retain and release per array it holds.
    init(vectors: WordVectors?, memo: PromptWordMemo?, termCount: Int) {
        let memo = memo ?? PromptWordMemo()
        memo.startQuery(termCount: termCount, dimension: vectors?.dimension ?? 0)
        self.memo = memo
        rows = vectors?.rows
    }

    mutating func addWords(of split: WordSplit, base: Double, leading: Int, index: SelectionIndex) {
        let boosted = base * (1 + index.options.leadingBoost)
        let factor = Float(base)
        let rows = rows
        let memo = memo
        split.bytes.withUnsafeBufferPointer { all in
            split.ends.withUnsafeBufferPointer { ends in
                var start = 0
                for i in 0..<split.count {
                    let word = UnsafeBufferPointer(rebasing: all[start..<ends[i]])
                    start = ends[i]
                    let entry = memo.entry(for: word, index: index)
                    let record = memo.word(entry)
                    // Stop words, bare numbers, one-letter pieces.
                    guard record.isContent else { continue }
                    let weight = position < leading ? boosted : base
                    position += 1
                    if let rows, record.pieceCount > 0 {
                        memo.queuePieces(of: record, factor: factor, rows: rows)
                        anyPiece = true
                    }
                    let terms = memo.terms
                    for t in Int(record.termStart)..<Int(record.termStart + record.termCount) {
                        let term = terms[t]
                        if term >= 0 {
                            memo.merge(Int(term), weight, .known)
                        } else {
                            memo.merge(Int(-1 - term), weight, .unknown)
                        }
                    }
                }
            }
        }
    }

    /// Adds the queued word-vector rows to the memo's sum, in the order the words came.
    func finish() {
        guard let rows else { return }
        memo.addQueuedRows(rows)
    }
}

/// The distinct words of one simulation run's prompts, keyed by their bytes: each is split,
/// stemmed, looked up and cut into word-vector pieces once, and kept as one record (`Word`)
/// that a later occurrence reaches in a probe or two. Terms the index knows keep their index
/// ids; terms no tool has get ids of the memo's own (stored as `-1 - id`). Bound to the one
/// index its first query used. Used by one thread at a time.
final class PromptWordMemo {
    struct Word {
        var hash: UInt64
        var keyStart: Int32
        var keyLength: Int32
        /// `terms[termStart..<termStart + termCount]`.
        var termStart: Int32
        var termCount: Int32
        /// `pieces[pieceStart..<pieceStart + pieceCount]`.
        var pieceStart: Int32
        var pieceCount: Int32
        var isContent: Bool
    }

    // One thread at a time (see above): the run-time exclusivity checks of class storage
    // (two per access) would cost more than the lookups they guard.
    /// Open addressing, linear probing: the high 32 bits of the word's hash, then its entry + 1
    /// (0 = empty); a power of two in size, at most half full.
    @exclusivity(unchecked) private var slots: PodBuffer<UInt64>
    @exclusivity(unchecked) private var words = PodBuffer<Word>(capacity: 256)
    @exclusivity(unchecked) private var keys = PodBuffer<UInt8>(capacity: 4096)
    @exclusivity(unchecked) private(set) var terms = PodBuffer<Int32>(capacity: 256)
    @exclusivity(unchecked) private var pieces = PodBuffer<Int32>(capacity: 256)
    /// Unknown term text → its id.
    @exclusivity(unchecked) private var unknownIds = TermIds(minimumCapacity: 256)
    @exclusivity(unchecked) private var unknownCount = 0
    @exclusivity(unchecked) private var termBuffer = TermBytes()
    @exclusivity(unchecked) private var pieceScratch: [Int32] = []
    /// Per term id: the query generation (high 32 bits) and the term's place in the query's
    /// list; known terms and unknown ones apart.
    @exclusivity(unchecked) private var knownMarks = PodBuffer<UInt64>(capacity: 1024)
    @exclusivity(unchecked) private var unknownMarks = PodBuffer<UInt64>(capacity: 256)
    @exclusivity(unchecked) private var generation: UInt64 = 0
    /// The current query's known terms (index ids) and unknown ones (the memo's ids) with
    /// their weights, in first-seen order; their places are in the marks above.
    @exclusivity(unchecked) private(set) var knownTerms = PodBuffer<(id: Int, weight: Double)>(capacity: 64)
    @exclusivity(unchecked) private(set) var unknownTerms = PodBuffer<(id: Int, weight: Double)>(capacity: 32)
    /// The known terms' weights before synonyms are merged (`snapshotKnownWeights`).
    @exclusivity(unchecked) private(set) var weightSnapshot = PodBuffer<Double>(capacity: 64)
    /// The current query's sum of word-vector rows (`dimension` floats).
    @exclusivity(unchecked) private(set) var sum = PodBuffer<Float>(capacity: 128)
    /// The current query's word-vector rows and factors, in word order.
    @exclusivity(unchecked) private var queuedRows = PodBuffer<Int32>(capacity: 128)
    @exclusivity(unchecked) private var queuedFactors = PodBuffer<Float>(capacity: 128)
    @exclusivity(unchecked) private var split = WordSplit()

    init() {
        slots = PodBuffer(capacity: 1024)
        slots.resize(to: 1024, filling: 0)
    }

    deinit {
        slots.deallocate()
        words.deallocate()
        keys.deallocate()
        terms.deallocate()
        pieces.deallocate()
        knownMarks.deallocate()
        unknownMarks.deallocate()
        queuedRows.deallocate()
        queuedFactors.deallocate()
        knownTerms.deallocate()
        unknownTerms.deallocate()
        sum.deallocate()
        weightSnapshot.deallocate()
    }

    /// The run's word-split buffers, to hand back with `giveBack` (taken, not copied, so the
    /// split writes into them without copying).
    func takeSplit() -> WordSplit {
        var taken = WordSplit()
        swap(&taken, &split)
        return taken
    }

    func giveBack(_ split: WordSplit) { self.split = split }

    @inline(__always)
    func word(_ entry: Int) -> Word { words[entry] }

    /// Starts a query: earlier queries' terms, places and sum no longer count.
    func startQuery(termCount: Int, dimension: Int) {
        if knownMarks.count < termCount { knownMarks.resize(to: termCount, filling: 0) }
        generation &+= 1 << 32
        if generation == 0 {
            // Wrapped around: forget every mark once.
            for i in 0..<knownMarks.count { knownMarks[i] = 0 }
            for i in 0..<unknownMarks.count { unknownMarks[i] = 0 }
            generation = 1 << 32
        }
        queuedRows.removeAll()
        queuedFactors.removeAll()
        knownTerms.removeAll()
        unknownTerms.removeAll()
        sum.removeAll()
        sum.resize(to: dimension, filling: 0)
    }

    /// Terms the index knows (by index id) or terms no tool has (by the memo's id).
    enum Marks { case known, unknown }

    /// The term's place in the current query's list, if the query has it yet.
    @inline(__always)
    func position(_ marks: Marks, _ id: Int) -> Int? {
        let mark = marks == .known ? knownMarks[id] : unknownMarks[id]
        return mark & 0xFFFF_FFFF_0000_0000 == generation ? Int(truncatingIfNeeded: mark & 0xFFFF_FFFF) : nil
    }

    @inline(__always)
    func setPosition(_ marks: Marks, _ id: Int, _ position: Int) {
        if marks == .known {
            knownMarks[id] = generation | UInt64(position)
        } else {
            unknownMarks[id] = generation | UInt64(position)
        }
    }

    /// A term into its list at its highest weight, in first-seen order.
    @inline(__always)
    func merge(_ id: Int, _ weight: Double, _ marks: Marks) {
        if let at = position(marks, id) {
            if marks == .known {
                knownTerms[at].weight = max(knownTerms[at].weight, weight)
            } else {
                unknownTerms[at].weight = max(unknownTerms[at].weight, weight)
            }
        } else if marks == .known {
            setPosition(.known, id, knownTerms.count)
            knownTerms.append((id, weight))
        } else {
            setPosition(.unknown, id, unknownTerms.count)
            unknownTerms.append((id, weight))
        }
    }

    /// Copies the known terms' weights into `weightSnapshot`; returns their count.
    func snapshotKnownWeights() -> Int {
        weightSnapshot.removeAll()
        for i in 0..<knownTerms.count { weightSnapshot.append(knownTerms[i].weight) }
        return knownTerms.count
    }

    @inline(__always)
    func queuePieces(of word: Word, factor: Float, rows: VectorRows) {
        for p in Int(word.pieceStart)..<Int(word.pieceStart + word.pieceCount) {
            // The rows are read when the prompt's words are all in (`addQueuedRows`): start
            // loading them now, since the table is far larger than the caches.
            let row = rows.rows + Int(pieces[p]) * rows.dimension
            tw_prefetch(row)
            tw_prefetch(row + rows.dimension - 1)
            queuedRows.append(pieces[p])
            queuedFactors.append(factor)
        }
    }

    /// `sum[d] += factor × scale × row[d]` for each queued row in order (`tw_accumulate_rows`).
    func addQueuedRows(_ rows: VectorRows) {
        guard queuedRows.count > 0 else { return }
        for i in 0..<queuedRows.count {
            queuedFactors[i] = queuedFactors[i] * rows.scales[Int(queuedRows[i])]
        }
        tw_accumulate_rows(
            rows.rows, rows.dimension, queuedRows.base, queuedFactors.base, queuedRows.count, sum.base)
    }

    /// The entry of a word, analysed and added the first time.
    @inline(__always)
    func entry(for word: UnsafeBufferPointer<UInt8>, index: SelectionIndex) -> Int {
        let hash = WordTable.hash(word)
        let mask = slots.count - 1
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var at = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[at]
            if slot == 0 { return add(word, hash: hash, slot: at, index: index) }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let entry = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
                let record = words[entry]
                if record.hash == hash && Int(record.keyLength) == word.count
                    && Self.equal(keys.base + Int(record.keyStart), word)
                {
                    return entry
                }
            }
            at = (at &+ 1) & mask
        }
    }

    /// Byte equality of a stored key and a word of the same length (`tw_word_equal`: the
    /// hash's few loads compared, not a byte loop whose exit depends on the length).
    @inline(__always)
    private static func equal(_ key: UnsafeMutablePointer<UInt8>, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let bytes = word.baseAddress else { return true }
        return tw_word_equal(key, bytes, word.count) != 0
    }

    private func add(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, slot: Int, index: SelectionIndex) -> Int {
        let entry = words.count
        var record = Word(
            hash: hash, keyStart: Int32(keys.count), keyLength: Int32(word.count), termStart: Int32(terms.count),
            termCount: 0, pieceStart: Int32(pieces.count), pieceCount: 0, isContent: false)
        keys.append(contentsOf: word)
        let lexicon = index.lexicon
        if let known = lexicon.table.find(word, hash: hash) {
            // A word of the tools' text: its analysis is the lexicon's.
            for t in lexicon.termRange(known) { terms.append(lexicon.terms[t]) }
            record.isContent = !lexicon.termRange(known).isEmpty
            if record.isContent {
                for p in lexicon.pieceRange(known) { pieces.append(lexicon.pieces[p]) }
            }
        } else {
            record.isContent = analyze(word, index: index)
            if record.isContent, let vectors = index.vectors {
                pieceScratch.removeAll(keepingCapacity: true)
                vectors.appendPieces(of: word, to: &pieceScratch)
                for piece in pieceScratch { pieces.append(piece) }
            }
        }
        record.termCount = Int32(terms.count) - record.termStart
        record.pieceCount = Int32(pieces.count) - record.pieceStart
        words.append(record)
        slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(entry + 1)
        if words.count * 2 > slots.count { grow() }
        return entry
    }

    /// Appends the terms of a word no tool uses; returns whether it is a content word.
    private func analyze(_ word: UnsafeBufferPointer<UInt8>, index: SelectionIndex) -> Bool {
        if WordAnalyzer.isPlain(word) {
            guard index.analyzer.isContent(word) else { return false }
            index.analyzer.normalize(word, into: &termBuffer)
            let normalized = termBuffer
            for i in 0..<normalized.count {
                normalized.withTerm(i) { term in
                    if let id = index.vocabulary.find(ascii: term) {
                        terms.append(Int32(id))
                    } else {
                        let id = unknownIds.find(ascii: term) ?? newUnknownId(ascii: term)
                        terms.append(-1 - Int32(id))
                    }
                }
            }
            return true
        }
        let string = String(decoding: word, as: UTF8.self)
        guard TermSplitter.isContentWord(string) else { return false }
        for term in index.splitter.normalize(string) {
            if let id = index.vocabulary.find(term) {
                terms.append(Int32(id))
            } else {
                var id = unknownIds.find(term)
                if id == nil {
                    id = unknownCount
                    unknownIds.insert(term, id: unknownCount)
                    unknownCount += 1
                    unknownMarks.append(0)
                }
                terms.append(-1 - Int32(id!))
            }
        }
        return true
    }

    private func newUnknownId(ascii term: UnsafeBufferPointer<UInt8>) -> Int {
        unknownIds.insert(ascii: term, id: unknownCount)
        unknownCount += 1
        unknownMarks.append(0)
        return unknownCount - 1
    }

    private func grow() {
        let size = slots.count * 2
        slots.removeAll()
        slots.resize(to: size, filling: 0)
        let mask = size - 1
        for entry in 0..<words.count {
            let hash = words[entry].hash
            var at = Int(truncatingIfNeeded: hash) & mask
            while slots[at] != 0 { at = (at &+ 1) & mask }
            slots[at] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(entry + 1)
        }
    }
}
