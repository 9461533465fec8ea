import CSelectionKernels
import Foundation

/// A prompt turned into weighted terms against one index.
public struct WeightedQuery: Sendable {
    /// Known terms (index vocabulary ids) with their weights, in first-seen order.
    public var terms: [(id: Int, weight: Double)]
    /// Content words the index has never seen, with their weights (they lower the fit).
    public var unknownWeight: Double
    /// The prompt (or its context) holds a number, in digits or words.
    public var hasNumber = false
    /// Sum over the prompt's own words of weight × IDF (unknown words at the maximum IDF):
    /// what a tool matching every word would collect, before BM25's saturation.
    public var idfMass: Double
    /// Unit mean word vector of the prompt (semantic layer on and some word known).
    public var vector: [Float]?
}

/// BM25 over a fixed list of tools, built once and queried many times. IDF comes from these
/// tools alone (the user's own tool set) and is never negative:
/// `ln(1 + (N − n + 0.5) / (n + 0.5))`.
public struct SelectionIndex: Sendable {
    public let options: ScorerOptions
    public let toolCount: Int
    let splitter: TermSplitter
    let vocabulary: [String: Int]
    /// Term id → its text and a surface word that produced it (for messages).
    let termText: [String]
    let surface: [String]
    let idf: [Double]
    /// Term id → (tool, BM25 contribution of that term for that tool, IDF included).
    /// Flattened: term `t`'s postings are `postingStart[t]..<postingStart[t + 1]`.
    let postingStart: [Int]
    let postingTool: [Int32]
    let postingContribution: [Double]
    /// Tool → its distinct terms with weighted frequencies (confusable-pair analysis).
    let toolTerms: [[(id: Int, frequency: Double)]]
    /// Term → synonym terms present in the tools (empty when none).
    let synonyms: [[Int]]
    /// Tool → the distinct terms of its name.
    let nameTerms: [[Int]]
    /// Every word seen in tool text with its term ids (none for stop words) and word-vector
    /// pieces, keyed by bytes so queries look words up without building strings.
    let lexicon: Lexicon
    /// Term → the tools whose name has it; tool → the IDF sum of its name terms.
    let namePostings: [[Int32]]
    let nameIDF: [Double]
    /// Tool → it requires an integer or number argument.
    let requiresNumber: [Bool]
    /// IDF of a word that no tool contains.
    public let unseenIDF: Double
    /// The semantic layer: the word-vector table (nil when off or missing) and each tool's
    /// unit text vector (zero for tools without a known word).
    let vectors: WordVectors?
    let toolVectors: BlockedCosines

    public init(texts: [ToolText], options: ScorerOptions = .default) {
        self.options = options
        let splitter = TermSplitter(stemming: options.stemming, abbreviations: options.abbreviations)
        self.splitter = splitter
        toolCount = texts.count
        var builder = IndexBuilder(splitter: splitter, vectors: options.semanticWeight > 0 ? WordVectors.bundled : nil)
        var toolTerms: [[(id: Int, frequency: Double)]] = []
        var lengths: [Double] = []
        var nameTerms: [[Int]] = []
        let vectors = builder.vectors
        let dimension = vectors?.dimension ?? 0
        var toolVectors = [Float](repeating: 0, count: texts.count * dimension)
        var split = WordSplit()
        for (tool, text) in texts.enumerated() {
            builder.startTool()
            let fields: [(String, Double)] =
                [
                    (text.name, options.nameWeight), (text.description, 1),
                    (text.parameterNames.joined(separator: " "), 1),
                ]
                + text.parameterText.map { ($0, 1) }
            for (at, (field, weight)) in fields.enumerated() {
                split.split(field)
                split.forEachWord { builder.add($0, weight: weight) }
                if at == 0 { nameTerms.append(builder.order) }
            }
            let (terms, length) = builder.finishTool()
            lengths.append(length)
            toolTerms.append(terms)
            if builder.anyPiece, let unit = WordVectors.normalized(builder.sum) {
                toolVectors.replaceSubrange((tool * dimension)..<((tool + 1) * dimension), with: unit)
            }
        }
        let vocabulary = builder.vocabulary
        let termText = builder.termText
        let surface = builder.surface
        let documentFrequency = builder.documentFrequency
        let lexicon = builder.lexicon
        let n = Double(texts.count)
        let idf = documentFrequency.map { log(1 + (n - Double($0) + 0.5) / (Double($0) + 0.5)) }
        let average = lengths.isEmpty ? 1 : max(1, lengths.reduce(0, +) / n)
        var postingStart = [Int](repeating: 0, count: termText.count + 1)
        for terms in toolTerms {
            for (id, _) in terms { postingStart[id + 1] += 1 }
        }
        for id in 0..<termText.count { postingStart[id + 1] += postingStart[id] }
        var fill = postingStart
        var postingTool = [Int32](repeating: 0, count: postingStart[termText.count])
        var postingContribution = [Double](repeating: 0, count: postingStart[termText.count])
        for (tool, terms) in toolTerms.enumerated() {
            let norm = options.k1 * (1 - options.b + options.b * lengths[tool] / average)
            for (id, f) in terms {
                postingTool[fill[id]] = Int32(tool)
                postingContribution[fill[id]] = idf[id] * f * (options.k1 + 1) / (f + norm)
                fill[id] += 1
            }
        }
        var synonyms = [[Int]](repeating: [], count: termText.count)
        if options.synonyms {
            for (term, others) in Synonyms.table(stemming: options.stemming) {
                guard let id = vocabulary[term] else { continue }
                let known = others.compactMap { vocabulary[$0] }
                if !known.isEmpty { synonyms[id] = known }
            }
        }
        self.vocabulary = vocabulary
        self.termText = termText
        self.surface = surface
        self.idf = idf
        self.postingStart = postingStart
        self.postingTool = postingTool
        self.postingContribution = postingContribution
        self.toolTerms = toolTerms
        self.synonyms = synonyms
        self.nameTerms = nameTerms
        self.lexicon = lexicon
        var namePostings = [[Int32]](repeating: [], count: termText.count)
        var nameIDF = [Double](repeating: 0, count: texts.count)
        for (tool, terms) in nameTerms.enumerated() {
            for id in terms {
                namePostings[id].append(Int32(tool))
                nameIDF[tool] += idf[id]
            }
        }
        self.namePostings = namePostings
        self.nameIDF = nameIDF
        let numeric: Set<String> = ["integer", "number", "float", "int", "double"]
        requiresNumber = texts.map { text in text.requiredParameters.contains { numeric.contains($0.type ?? "") } }
        unseenIDF = log(1 + (n + 0.5) / 0.5)
        self.vectors = vectors
        self.toolVectors = BlockedCosines(rows: toolVectors, toolCount: texts.count, dimension: dimension)
    }

    /// Weighted terms for a prompt and its earlier turns. Each distinct word counts once (at
    /// its highest weight); synonyms of prompt words that tools use are added at
    /// `synonymWeight` unless the prompt has them itself.
    public func query(_ prompt: String, context: [String] = []) -> WeightedQuery {
        query(prompt, context: context, memo: nil)
    }

    /// `memo` keeps the analysis of words no tool uses across the queries of one run.
    func query(_ prompt: String, context: [String], memo: UnknownWordMemo?) -> WeightedQuery {
        var builder = QueryBuilder(index: self, memo: memo)
        var split = WordSplit()
        let texts =
            [(prompt, 1.0, options.leadingBoost > 0 ? options.leadingTerms : 0)]
            + context.map { ($0, options.contextWeight, 0) }
        for (text, base, leading) in texts {
            split.split(text)
            builder.position = 0
            split.forEachWord { builder.add($0, base: base, leading: leading) }
        }
        var terms = builder.terms
        let unknownTerms = builder.unknownTerms
        var unknown = 0.0
        var mass = 0.0
        for (id, weight) in terms { mass += weight * idf[id] }
        for (_, weight) in unknownTerms {
            unknown += weight
            mass += weight * unseenIDF
        }
        if options.synonyms {
            let direct = terms
            for (id, weight) in direct {
                for other in synonyms[id] {
                    let w = weight * options.synonymWeight
                    if let at = terms.firstIndex(where: { $0.id == other }) {
                        if terms[at].weight < w { terms[at].weight = w }
                    } else {
                        terms.append((other, w))
                    }
                }
            }
        }
        var query = WeightedQuery(terms: terms, unknownWeight: unknown, idfMass: mass)
        if builder.anyPiece { query.vector = WordVectors.normalized(builder.sum) }
        if options.unsatisfiedNumberPenalty > 0 {
            query.hasNumber = ([prompt] + context).contains { text in
                text.unicodeScalars.contains { $0.properties.numericType != nil }
                    || TermSplitter.words(text).contains { Self.numberWords.contains($0) }
            }
        }
        return query
    }

    static let numberWords: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion", "dozen", "half",
    ]

    /// BM25 score of every tool, in tool order.
    public func scores(_ query: WeightedQuery, nameCoverage: Bool = true) -> [Double] {
        var buffers = ScoringBuffers(index: self)
        lexicalScores(query, nameCoverage: nameCoverage, into: &buffers)
        return buffers.lexical
    }

    /// BM25 of every tool into `buffers.lexical`, which must be zero where the previous call's
    /// postings reached (`ScoringBuffers` clears exactly those at the start).
    func lexicalScores(_ query: WeightedQuery, nameCoverage: Bool = true, into buffers: inout ScoringBuffers) {
        buffers.clearLexical(self)
        buffers.lexical.withUnsafeMutableBufferPointer { buffer in
            postingTool.withUnsafeBufferPointer { tools in
                postingContribution.withUnsafeBufferPointer { contributions in
                    for (id, weight) in query.terms {
                        for p in postingStart[id]..<postingStart[id + 1] {
                            buffer[Int(tools[p])] += weight * contributions[p]
                        }
                    }
                }
            }
        }
        for (id, _) in query.terms { buffers.reached.append(id) }
        if nameCoverage && options.nameCoverageBoost > 0 {
            // Only tools whose name shares a prompt word change; collect their covered IDF.
            buffers.touched.removeAll(keepingCapacity: true)
            for (id, weight) in query.terms where weight >= 1 {
                for tool in namePostings[id] {
                    if buffers.covered[Int(tool)] == 0 { buffers.touched.append(tool) }
                    buffers.covered[Int(tool)] += idf[id]
                }
            }
            for at in buffers.touched.indices {
                let tool = Int(buffers.touched[at])
                if nameIDF[tool] > 0 {
                    buffers.lexical[tool] *= 1 + options.nameCoverageBoost * buffers.covered[tool] / nameIDF[tool]
                }
                buffers.covered[tool] = 0
            }
        }
        if options.unsatisfiedNumberPenalty > 0 && !query.hasNumber {
            // Tools no posting reached stay 0 (0 × factor), so the clearing above stays exact.
            for tool in 0..<toolCount where requiresNumber[tool] {
                buffers.lexical[tool] *= 1 - options.unsatisfiedNumberPenalty
            }
        }
    }

    /// What the simulator ranks by. Lexical only: the BM25 scores. With the semantic layer:
    /// `BM25 / max BM25 + semanticWeight × cosine(prompt vector, tool vector)`, so a prompt that
    /// shares no word with any tool is still ranked by meaning. `lexicalTop` is the best BM25
    /// score (0 when no tool shares a word with the prompt).
    public func rankingScores(_ query: WeightedQuery) -> (scores: [Double], lexicalTop: Double) {
        var buffers = ScoringBuffers(index: self)
        let top = rankingScores(query, into: &buffers)
        return (buffers.ranked, top)
    }

    /// `rankingScores(_:)` into reused buffers: the scores are `buffers.ranked` afterwards.
    /// Returns `lexicalTop`.
    func rankingScores(_ query: WeightedQuery, into buffers: inout ScoringBuffers) -> Double {
        lexicalScores(query, into: &buffers)
        var top = 0.0
        buffers.lexical.withUnsafeBufferPointer { scores in
            // `Array.max()`, written out: the first score, then any greater one.
            guard let first = scores.first else { return }
            top = first
            for i in 1..<scores.count where scores[i] > top { top = scores[i] }
        }
        guard vectors != nil, let vector = query.vector else {
            buffers.semantic = false
            return top
        }
        buffers.semantic = true
        let weight = options.semanticWeight
        let scale = top > 0 ? 1 / top : 0
        let slot = buffers.cosineSlot ?? 0
        let offset = slot * toolVectors.paddedCount
        if buffers.cosineSlot == nil {
            vector.withUnsafeBufferPointer { v in
                buffers.cosines.withUnsafeMutableBufferPointer { out in
                    toolVectors.dots(v, into: UnsafeMutableBufferPointer(rebasing: out[offset...]))
                }
            }
        }
        let count = toolCount
        buffers.lexical.withUnsafeBufferPointer { lexical in
            buffers.cosines.withUnsafeBufferPointer { cosines in
                buffers.mixed.withUnsafeMutableBufferPointer { out in
                    guard count > 0 else { return }
                    tw_mix_scores(
                        lexical.baseAddress, cosines.baseAddress! + offset, count, scale, weight, out.baseAddress)
                }
            }
        }
        return top
    }

    /// The share of the prompt's IDF mass whose words the tool contains: 1 when the tool
    /// mentions every prompt word, near 0 when it shares only common ones. Scale-free across
    /// tool-set sizes, unlike the raw BM25 score.
    public func coverage(of tool: Int, for query: WeightedQuery) -> Double {
        guard query.idfMass > 0 else { return 0 }
        var matched = 0.0
        for (id, weight) in query.terms where toolTerms[tool].contains(where: { $0.id == id }) {
            matched += weight * idf[id]
        }
        return min(1, matched / query.idfMass)
    }

    /// Terms that a query shares with a tool, as surface words, by contribution.
    func sharedWords(_ query: WeightedQuery, tool: Int) -> [String] {
        let mine = toolTerms[tool]
        return query.terms.filter { term in mine.contains { $0.id == term.id } }.sorted { idf[$0.id] > idf[$1.id] }.map
        { surface[$0.id] }
    }
}

/// Tool-sized arrays of one run's scoring, reused from prompt to prompt: a prompt then costs
/// no allocation and no clearing of whole arrays. Used by one thread at a time.
struct ScoringBuffers {
    /// BM25 per tool; nonzero only for tools the postings of `reached` lead to.
    var lexical: [Double]
    /// The term ids whose postings the last call added to `lexical`.
    var reached: [Int] = []
    /// Name-coverage sums, all zero between calls; `touched` lists the tools in use.
    var covered: [Double]
    var touched: [Int32] = []
    /// Cosines of up to `cosineBatch` prompts, `paddedCount` apart (`precomputeCosines`).
    var cosines: [Float]
    /// The slot of `cosines` that `precomputeCosines` filled for the next prompt to rank; nil:
    /// `rankingScores` computes its own into slot 0.
    var cosineSlot: Int?
    /// The batch's prompt vectors, back to back (stable pointers for the kernel).
    var batchVectors: [Float]
    /// Ranking scores of the last call with the semantic layer (every entry written).
    var mixed: [Double]
    /// Whether the last call used the semantic layer (`ranked` is `mixed`, else `lexical`).
    var semantic = false
    /// Term → the generation that marked it (`markTerms`), for membership tests of one tool.
    var termMark: [UInt32]
    var generation: UInt32 = 0

    init(index: SelectionIndex) {
        lexical = [Double](repeating: 0, count: index.toolCount)
        covered = [Double](repeating: 0, count: index.toolCount)
        cosines = [Float](repeating: 0, count: Self.cosineBatch * index.toolVectors.paddedCount)
        batchVectors = [Float](repeating: 0, count: Self.cosineBatch * index.toolVectors.dimension)
        mixed = [Double](repeating: 0, count: index.toolCount)
        termMark = [UInt32](repeating: 0, count: index.termText.count)
    }

    /// Prompts whose cosines one pass over the tool vectors computes.
    static let cosineBatch = 4

    /// Computes the cosines of up to `cosineBatch` queries in one pass over the tool vectors
    /// (they share the table's loads); query `k`'s land in slot `k`, which `cosineSlot` then
    /// selects. Queries without a vector get no slot filled (`rankingScores` does not use one).
    mutating func precomputeCosines(_ queries: ArraySlice<WeightedQuery>, index: SelectionIndex) {
        precondition(queries.count <= Self.cosineBatch)
        guard index.vectors != nil else { return }
        let dimension = index.toolVectors.dimension
        var filled: [Int] = []
        for (k, query) in queries.enumerated() {
            guard let vector = query.vector else { continue }
            batchVectors.replaceSubrange((k * dimension)..<((k + 1) * dimension), with: vector)
            filled.append(k)
        }
        guard let first = filled.first else { return }
        let padded = index.toolVectors.paddedCount
        batchVectors.withUnsafeBufferPointer { vectors in
            cosines.withUnsafeMutableBufferPointer { out in
                let base = vectors.baseAddress!
                if filled.count == 1 {
                    index.toolVectors.dots(
                        UnsafeBufferPointer(rebasing: vectors[(first * dimension)..<((first + 1) * dimension)]),
                        into: UnsafeMutableBufferPointer(rebasing: out[(first * padded)...]))
                    return
                }
                // Slots without a vector repeat the first vector; their results go unused.
                let v = (0..<Self.cosineBatch).map { k in
                    base + (filled.contains(k) ? k : first) * dimension
                }
                index.toolVectors.dots4(v, into: out.baseAddress!)
            }
        }
    }

    /// The scores the last `rankingScores(_:into:)` ranked by.
    var ranked: [Double] { semantic ? mixed : lexical }

    /// Zeroes what the last call's postings wrote (and only that).
    mutating func clearLexical(_ index: SelectionIndex) {
        lexical.withUnsafeMutableBufferPointer { buffer in
            index.postingTool.withUnsafeBufferPointer { tools in
                for id in reached {
                    for p in index.postingStart[id]..<index.postingStart[id + 1] { buffer[Int(tools[p])] = 0 }
                }
            }
        }
        reached.removeAll(keepingCapacity: true)
    }

    /// Marks `tool`'s terms, so that `isMarked` answers "does the tool have this term" in O(1).
    mutating func markTerms(of tool: Int, in index: SelectionIndex) {
        generation &+= 1
        if generation == 0 {
            // Wrapped around: clear the old marks once.
            for i in termMark.indices { termMark[i] = 0 }
            generation = 1
        }
        for (id, _) in index.toolTerms[tool] { termMark[id] = generation }
    }

    @inline(__always)
    func isMarked(_ id: Int) -> Bool { termMark[id] == generation }
}

extension SelectionIndex {
    /// `coverage(of:for:)` for the tool last marked in `buffers`.
    func coverage(ofMarked buffers: ScoringBuffers, for query: WeightedQuery) -> Double {
        guard query.idfMass > 0 else { return 0 }
        var matched = 0.0
        for (id, weight) in query.terms where buffers.isMarked(id) {
            matched += weight * idf[id]
        }
        return min(1, matched / query.idfMass)
    }

    /// `sharedWords(_:tool:)` for the tool last marked in `buffers`.
    func sharedWords(_ query: WeightedQuery, marked buffers: ScoringBuffers) -> [String] {
        // Closures capture these arrays, not `self` or `buffers`: capturing a struct of many
        // arrays copies it (a retain per array) for every comparison of the sort.
        let idf = idf
        let surface = surface
        var shared: [(id: Int, weight: Double)] = []
        for term in query.terms where buffers.isMarked(term.id) { shared.append(term) }
        return shared.sorted { idf[$0.id] > idf[$1.id] }.map { surface[$0.id] }
    }
}

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
private struct IndexBuilder {
    let splitter: TermSplitter
    let vectors: WordVectors?
    var vocabulary: [String: Int] = [:]
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

    init(splitter: TermSplitter, vectors: WordVectors?) {
        self.splitter = splitter
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
        if let vectors {
            let pieces = lexicon.pieceRange(entry)
            for p in pieces { vectors.accumulate(lexicon.pieces[p], weight: 1, into: &sum) }
            anyPiece = anyPiece || !pieces.isEmpty
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
        let string = String(decoding: word, as: UTF8.self)
        if TermSplitter.isContentWord(string) {
            for term in splitter.normalize(string) {
                let id: Int
                if let known = vocabulary[term] {
                    id = known
                } else {
                    id = termText.count
                    vocabulary[term] = id
                    termText.append(term)
                    surface.append(string)
                    documentFrequency.append(0)
                    slot.append(-1)
                }
                lexicon.terms.append(Int32(id))
            }
            if let vectors { lexicon.pieces.append(contentsOf: vectors.pieces(of: word)) }
        }
        lexicon.termStart.append(Int32(lexicon.terms.count))
        lexicon.pieceStart.append(Int32(lexicon.pieces.count))
        return entry
    }
}

/// The per-word work of `SelectionIndex.query`. Prompts are short: linear de-duplication beats
/// hashing here.
private struct QueryBuilder {
    let index: SelectionIndex
    let lexicon: Lexicon
    let memo: UnknownWordMemo?
    var terms: [(id: Int, weight: Double)] = []
    /// Content words no tool uses, with their weights (they lower the fit).
    var unknownTerms: [(term: String, weight: Double)] = []
    /// The semantic layer's mean vector, over the same content words.
    var sum: [Float]
    var anyPiece = false
    /// Content words so far in the current text (for the leading-words boost).
    var position = 0

    init(index: SelectionIndex, memo: UnknownWordMemo?) {
        self.index = index
        self.memo = memo
        lexicon = index.lexicon
        sum = [Float](repeating: 0, count: index.vectors?.dimension ?? 0)
    }

    mutating func add(_ word: UnsafeBufferPointer<UInt8>, base: Double, leading: Int) {
        let weight = position < leading ? base * (1 + index.options.leadingBoost) : base
        if let entry = lexicon.table.find(word) {
            let known = lexicon.termRange(entry)
            // Stop words, bare numbers and one-letter pieces of tool text.
            if known.isEmpty { return }
            if let vectors = index.vectors {
                for p in lexicon.pieceRange(entry) {
                    vectors.accumulate(lexicon.pieces[p], weight: Float(base), into: &sum)
                    anyPiece = true
                }
            }
            position += 1
            for t in known { merge(Int(lexicon.terms[t]), weight) }
            return
        }
        // A word no tool uses: split and stem it here (or once per run with a memo).
        let miss: UnknownWord
        if let memo {
            miss = memo.lookUp(word, index: index)
        } else {
            miss = UnknownWord(word, index: index)
        }
        guard miss.isContent else { return }
        let found = miss.found
        let unknown = miss.unknown
        if let vectors = index.vectors {
            for piece in miss.pieces {
                vectors.accumulate(piece, weight: Float(base), into: &sum)
                anyPiece = true
            }
        }
        position += 1
        for id in found { merge(id, weight) }
        for term in unknown {
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

/// How a prompt word that no tool uses reads: whether it is a content word, its terms that
/// some tool has (`found`) and those none has (`unknown`), and its word-vector pieces.
struct UnknownWord {
    var isContent = false
    var found: [Int] = []
    var unknown: [String] = []
    var pieces: [Int32] = []

    init(_ word: UnsafeBufferPointer<UInt8>, index: SelectionIndex) {
        self.init(word, splitter: index.splitter, vocabulary: index.vocabulary, vectors: index.vectors)
    }

    /// The parts of the index it needs, passed apart: a whole `SelectionIndex` copied into
    /// the call costs a retain and release per array it holds.
    init(
        _ word: UnsafeBufferPointer<UInt8>, splitter: TermSplitter, vocabulary: [String: Int], vectors: WordVectors?
    ) {
        let string = String(decoding: word, as: UTF8.self)
        guard TermSplitter.isContentWord(string) else { return }
        isContent = true
        for term in splitter.normalize(string) {
            if let id = vocabulary[term] { found.append(id) } else { unknown.append(term) }
        }
        pieces = vectors?.pieces(of: word) ?? []
    }
}

/// `UnknownWord`s of one simulation run, by their bytes: the prompts of a set share most of
/// their words, so each is split, stemmed and looked up once. Used by one thread at a time.
final class UnknownWordMemo {
    private var table = WordTable(minimumCapacity: 256)
    private var words: [UnknownWord] = []

    func lookUp(_ word: UnsafeBufferPointer<UInt8>, index: SelectionIndex) -> UnknownWord {
        let hash = WordTable.hash(word)
        if let entry = table.find(word, hash: hash) { return words[entry] }
        _ = table.insert(word, hash: hash)
        words.append(
            UnknownWord(word, splitter: index.splitter, vocabulary: index.vocabulary, vectors: index.vectors))
        return words[words.count - 1]
    }
}
