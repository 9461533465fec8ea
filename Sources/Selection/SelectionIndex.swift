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
    let analyzer: WordAnalyzer
    /// Term text → id.
    let vocabulary: TermIds
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
    /// Flattened like the postings: term `t`'s tools are
    /// `namePostingTool[namePostingStart[t]..<namePostingStart[t + 1]]`, in tool order.
    let namePostingStart: [Int]
    let namePostingTool: [Int32]
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
        let analyzer = WordAnalyzer(stemming: options.stemming, abbreviations: options.abbreviations)
        self.analyzer = analyzer
        toolCount = texts.count
        var builder = IndexBuilder(
            splitter: splitter, analyzer: analyzer, vectors: options.semanticWeight > 0 ? WordVectors.bundled : nil)
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
                guard let id = vocabulary.find(term) else { continue }
                let known = others.compactMap { vocabulary.find($0) }
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
        var namePostingStart = [Int](repeating: 0, count: termText.count + 1)
        var nameIDF = [Double](repeating: 0, count: texts.count)
        for (tool, terms) in nameTerms.enumerated() {
            for id in terms {
                namePostingStart[id + 1] += 1
                nameIDF[tool] += idf[id]
            }
        }
        for id in 0..<termText.count { namePostingStart[id + 1] += namePostingStart[id] }
        var nameFill = namePostingStart
        var namePostingTool = [Int32](repeating: 0, count: namePostingStart[termText.count])
        for (tool, terms) in nameTerms.enumerated() {
            for id in terms {
                namePostingTool[nameFill[id]] = Int32(tool)
                nameFill[id] += 1
            }
        }
        self.namePostingStart = namePostingStart
        self.namePostingTool = namePostingTool
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
        var builder = QueryBuilder(vectors: vectors, memo: memo)
        // The memo's split buffers serve every query of a run.
        var split = builder.memo.takeSplit()
        split.split(prompt)
        builder.addWords(
            of: split, base: 1.0, leading: options.leadingBoost > 0 ? options.leadingTerms : 0, index: self)
        for text in context {
            split.split(text)
            builder.position = 0
            builder.addWords(of: split, base: options.contextWeight, leading: 0, index: self)
        }
        builder.memo.giveBack(split)
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
            buffers.covered.withUnsafeMutableBufferPointer { covered in
                namePostingTool.withUnsafeBufferPointer { nameTools in
                    for (id, weight) in query.terms where weight >= 1 {
                        let termIDF = idf[id]
                        for p in namePostingStart[id]..<namePostingStart[id + 1] {
                            let tool = Int(nameTools[p])
                            if covered[tool] == 0 { buffers.touched.append(nameTools[p]) }
                            covered[tool] += termIDF
                        }
                    }
                }
            }
            let boost = options.nameCoverageBoost
            buffers.lexical.withUnsafeMutableBufferPointer { lexical in
                buffers.covered.withUnsafeMutableBufferPointer { covered in
                    nameIDF.withUnsafeBufferPointer { nameIDF in
                        for tool32 in buffers.touched {
                            let tool = Int(tool32)
                            if nameIDF[tool] > 0 { lexical[tool] *= 1 + boost * covered[tool] / nameIDF[tool] }
                            covered[tool] = 0
                        }
                    }
                }
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
            // `Array.max()`: the first score, then any greater one (SIMD in C).
            guard !scores.isEmpty else { return }
            top = tw_max_first(scores.baseAddress, scores.count)
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
        var postings = 0
        for id in reached { postings += index.postingStart[id + 1] - index.postingStart[id] }
        // Walking many postings costs more than zeroing the whole array (a `memset`).
        if postings * 4 > lexical.count {
            lexical.withUnsafeMutableBytes { _ = memset($0.baseAddress!, 0, $0.count) }
            reached.removeAll(keepingCapacity: true)
            return
        }
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

/// The per-word work of `SelectionIndex.query`. Prompts are short: linear de-duplication beats
/// hashing here.
private struct QueryBuilder {
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
        memo.withWords { found, unknown, pieces in
            addUnknown(miss, found: found, unknown: unknown, pieces: pieces, base: base, weight: weight)
        }
    }

    private mutating func addUnknown(
        _ miss: UnknownWord, found: UnsafeBufferPointer<Int32>, unknown: UnsafeBufferPointer<Int32>,
        pieces: UnsafeBufferPointer<Int32>, base: Double, weight: Double
    ) {
        if let rows, !miss.pieces.isEmpty {
            sum.withUnsafeMutableBufferPointer { sum in
                for p in miss.pieces { rows.accumulate(pieces[p], weight: Float(base), into: sum.baseAddress!) }
            }
            anyPiece = true
        }
        for t in miss.found { merge(Int(found[t]), weight) }
        for t in miss.unknown {
            let term = unknown[t]
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

    /// Calls `body` with the words' found terms, unknown terms and pieces (`UnknownWord`'s
    /// ranges index them), without copying the arrays.
    @inline(__always)
    func withWords<T>(
        _ body: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>) -> T
    ) -> T {
        words.found.withUnsafeBufferPointer { found in
            words.unknown.withUnsafeBufferPointer { unknown in
                words.pieces.withUnsafeBufferPointer { pieces in body(found, unknown, pieces) }
            }
        }
    }

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
