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
/// The per-tool scratch (term slots, counts, the vector sum, the words' entries) is plain
/// memory (`PodBuffer`: no reference counting or uniqueness checks per word or tool), freed by
/// `deallocate()` once the index is built.
struct IndexBuilder {
    let splitter: TermSplitter
    let analyzer: WordAnalyzer
    let vectors: WordVectors?
    let rows: VectorRows?
    var vocabulary: TermIds
    /// The terms of the word being added (reused).
    var wordTerms = TermBytes()
    /// Term id → its text and a surface word that produced it (for messages).
    var termText: [String] = []
    var surface: [String] = []
    var documentFrequency: [Int] = []
    var lexicon = Lexicon()
    /// Term id → its slot in the current tool's `order` (−1 when absent); reset per tool.
    var slot = PodBuffer<Int32>(capacity: 1024)
    /// The current tool's distinct terms in first-seen order (`order[..<used]`), with weighted
    /// counts; both have room for every term (`tw_count_terms` writes them).
    var order = PodBuffer<Int>(capacity: 1024)
    var counts = PodBuffer<Double>(capacity: 1024)
    var used = 0
    /// The current tool's word-vector sum (every content word, the name once): `dimension`
    /// floats.
    let sum: UnsafeMutablePointer<Float>
    let dimension: Int
    var anyPiece = false
    /// The lexicon entry of each word being added (reused).
    var entries = PodBuffer<Int32>(capacity: 256)

    /// `expectedWords`: room reserved for this many distinct words and terms (a hint).
    init(splitter: TermSplitter, analyzer: WordAnalyzer, vectors: WordVectors?, expectedWords: Int = 1024) {
        self.splitter = splitter
        self.analyzer = analyzer
        rows = vectors?.rows
        self.vectors = vectors
        dimension = vectors?.dimension ?? 0
        sum = .allocate(capacity: max(1, dimension))
        sum.initialize(repeating: 0, count: max(1, dimension))
        let expected = max(1024, expectedWords)
        vocabulary = TermIds(minimumCapacity: expected)
        lexicon.table = WordTable(minimumCapacity: expected)
        lexicon.termStart.reserveCapacity(expected + 1)
        lexicon.terms.reserveCapacity(expected)
        lexicon.pieceStart.reserveCapacity(expected + 1)
        lexicon.pieces.reserveCapacity(expected * 2)
        termText.reserveCapacity(expected)
        surface.reserveCapacity(expected)
        documentFrequency.reserveCapacity(expected)
    }

    /// Frees the scratch memory (the builder is not used afterwards).
    func deallocate() {
        slot.deallocate()
        order.deallocate()
        counts.deallocate()
        entries.deallocate()
        sum.deallocate()
    }

    mutating func startTool() {
        used = 0
        anyPiece = false
        sum.update(repeating: 0, count: dimension)
    }

    /// The current tool's distinct terms so far, in first-seen order.
    var currentTerms: [Int] { Array(UnsafeBufferPointer(start: order.base, count: used)) }

    /// The tool's terms with weighted frequencies, and its length (their sum).
    mutating func finishTool() -> (terms: [(id: Int, frequency: Double)], length: Double) {
        var length = 0.0
        var terms: [(id: Int, frequency: Double)] = []
        terms.reserveCapacity(used)
        let order = order.base
        let counts = counts.base
        let slot = slot.base
        documentFrequency.withUnsafeMutableBufferPointer { documentFrequency in
            for at in 0..<used {
                let id = order[at]
                documentFrequency[id] += 1
                length += counts[at]
                slot[id] = -1
                terms.append((id, counts[at]))
            }
        }
        return (terms, length)
    }

    /// Adds every word of `split` at `weight`, in order: each word's terms to the tool's
    /// counts and its word-vector rows to the tool's sum, as one call per word did (the same
    /// additions in the same order). Words are looked up in C (`tw_find_words`); a word not
    /// yet in the lexicon is analysed once (`newEntry`).
    mutating func addWords(of split: WordSplit, weight: Double) {
        let n = split.count
        guard n > 0 else { return }
        if entries.count < n { entries.resize(to: n, filling: -1) }
        let entries = entries.base
        let misses = split.withWords { bytes, ends in
            lexicon.table.find(words: bytes, ends: ends, count: n, into: entries)
        }
        if misses > 0 {
            split.withWords { bytes, ends in
                if let vectors {
                    // The new words' piece lookups miss the cache: start them all first.
                    for i in 0..<n where entries[i] < 0 {
                        let start = i == 0 ? 0 : ends[i - 1]
                        vectors.prefetchPieces(of: UnsafeBufferPointer(start: bytes + start, count: ends[i] - start))
                    }
                }
                for i in 0..<n where entries[i] < 0 {
                    let start = i == 0 ? 0 : ends[i - 1]
                    let word = UnsafeBufferPointer(start: bytes + start, count: ends[i] - start)
                    let hash = WordTable.hash(word)
                    // An earlier word of this text may have added it.
                    entries[i] = Int32(lexicon.table.find(word, hash: hash) ?? newEntry(word, hash: hash))
                }
            }
        }
        // Room for every term and one more (`tw_count_terms` writes `order[used]` always).
        if order.count <= termText.count {
            let size = max(termText.count + 1, 2 * order.count)
            order.resize(to: size, filling: 0)
            counts.resize(to: size, filling: 0)
        }
        let used = used
        let slot = slot.base
        let order = order.base
        let counts = counts.base
        self.used = lexicon.termStart.withUnsafeBufferPointer { termStart in
            lexicon.terms.withUnsafeBufferPointer { terms in
                tw_count_terms(
                    entries, n, termStart.baseAddress, terms.baseAddress, slot, order, counts, used, weight)
            }
        }
        if let rows {
            let sum = sum
            let added = lexicon.pieceStart.withUnsafeBufferPointer { pieceStart in
                lexicon.pieces.withUnsafeBufferPointer { pieces in
                    tw_accumulate_entries(
                        rows.rows, rows.scales, rows.dimension, entries, n, pieceStart.baseAddress,
                        pieces.baseAddress, sum)
                }
            }
            if added > 0 { anyPiece = true }
        }
    }

    private mutating func newEntry(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let entry = lexicon.table.insert(word, hash: hash)
        var content = false
        if WordAnalyzer.isPlain(word) {
            if analyzer.isContent(word) {
                content = true
                analyzer.normalize(word, into: &wordTerms)
                // Moved out and back (a copy would retain and release its two arrays).
                var terms = TermBytes()
                swap(&terms, &wordTerms)
                for i in 0..<terms.count {
                    let id = terms.withTerm(i) { term in
                        vocabulary.find(ascii: term) ?? newTerm(ascii: term, surface: word)
                    }
                    lexicon.terms.append(Int32(id))
                }
                swap(&terms, &wordTerms)
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
        let text = String(decoding: term, as: UTF8.self)
        // Most terms are their word unchanged: one string for both (building one costs more
        // than comparing the bytes).
        let same =
            term.count == surface.count
            && tw_word_equal(term.baseAddress, surface.baseAddress, term.count) != 0
        appendTerm(text, surface: same ? text : String(decoding: surface, as: UTF8.self))
        return id
    }

    private mutating func appendTerm(_ term: String, surface word: String) {
        termText.append(term)
        surface.append(word)
        documentFrequency.append(0)
        slot.append(-1)
    }
}

/// `SelectionIndex.init`'s state while tools are added one by one (from `ToolText`s or straight
/// from definitions): the caller puts a field's words in `split`, then calls `addName` (the
/// name) and `addRest` (the other fields, one run).
struct IndexAssembly {
    let options: ScorerOptions
    var builder: IndexBuilder
    var split = WordSplit()
    var toolTerms: [[(id: Int, frequency: Double)]] = []
    var lengths: [Double] = []
    var nameTerms: [[Int]] = []
    var requiresNumber: [Bool] = []
    let dimension: Int
    /// Unit tool vectors, straight in the blocked layout the scorer reads.
    var blocked: [Float]
    var unit: [Float]

    init(options: ScorerOptions, toolCount: Int) {
        self.options = options
        builder = IndexBuilder(
            splitter: TermSplitter(stemming: options.stemming, abbreviations: options.abbreviations),
            analyzer: WordAnalyzer(stemming: options.stemming, abbreviations: options.abbreviations),
            vectors: options.semanticWeight > 0 ? WordVectors.bundled : nil, expectedWords: 4 * toolCount)
        dimension = builder.vectors?.dimension ?? 0
        let lanes = BlockedCosines.lanes
        blocked = [Float](repeating: 0, count: (toolCount + lanes - 1) / lanes * dimension * lanes)
        unit = [Float](repeating: 0, count: dimension)
        toolTerms.reserveCapacity(toolCount)
        lengths.reserveCapacity(toolCount)
        nameTerms.reserveCapacity(toolCount)
        requiresNumber.reserveCapacity(toolCount)
    }

    /// Starts the next tool with the words of its name (in `split`).
    mutating func addName() {
        builder.startTool()
        builder.addWords(of: split, weight: options.nameWeight)
        nameTerms.append(builder.currentTerms)
    }

    /// Ends the tool with the words of its other fields (in `split`).
    mutating func addRest(requiresNumber number: Bool) {
        let tool = requiresNumber.count
        requiresNumber.append(number)
        builder.addWords(of: split, weight: 1)
        let (terms, length) = builder.finishTool()
        lengths.append(length)
        toolTerms.append(terms)
        guard builder.anyPiece else { return }
        let dimension = dimension
        let sum = builder.sum
        let ok = unit.withUnsafeMutableBufferPointer { tw_normalize(sum, dimension, $0.baseAddress) != 0 }
        guard ok else { return }
        let lanes = BlockedCosines.lanes
        let base = tool / lanes * dimension * lanes + tool % lanes
        unit.withUnsafeBufferPointer { unit in
            blocked.withUnsafeMutableBufferPointer { blocked in
                for d in 0..<dimension { blocked[base + d * lanes] = unit[d] }
            }
        }
    }
}
