import CSelectionKernels
import Foundation
import ToolModel

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
    /// The postings of terms that many tools have, also as whole rows: term → its row in
    /// `denseContributions` (`toolCount` values, 0 for tools without it) or −1. Adding a row
    /// is cheaper than scattering that many postings one by one.
    let denseRow: [Int32]
    let denseContributions: [Double]
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
    /// The tools that require a number, in tool order.
    let numberTools: [Int32]
    /// IDF of a word that no tool contains.
    public let unseenIDF: Double
    /// The semantic layer: the word-vector table (nil when off or missing) and each tool's
    /// unit text vector (zero for tools without a known word).
    let vectors: WordVectors?
    let toolVectors: BlockedCosines

    public init(texts: [ToolText], options: ScorerOptions = .default) {
        var assembly = IndexAssembly(options: options, toolCount: texts.count)
        // Fields are read in place (no copy of each `ToolText` and its strings).
        texts.withUnsafeBufferPointer { texts in
            for tool in 0..<texts.count {
                assembly.split.split(texts[tool].name)
                assembly.addName()
                // The other fields all weigh 1: one run of words, in field order.
                assembly.split.split(texts[tool].description)
                texts[tool].parameterNames.withUnsafeBufferPointer { names in
                    for i in 0..<names.count { assembly.split.append(names[i]) }
                }
                texts[tool].parameterText.withUnsafeBufferPointer { fields in
                    for i in 0..<fields.count { assembly.split.append(fields[i]) }
                }
                var number = false
                texts[tool].requiredParameters.withUnsafeBufferPointer { required in
                    for i in 0..<required.count where Self.isNumeric(required[i].type) {
                        number = true
                        break
                    }
                }
                assembly.addRest(requiresNumber: number)
            }
        }
        self.init(assembly)
    }

    /// The index of the named tools of `toolSets`, in order, read straight from their
    /// definitions: the same index as `init(texts:)` with `ToolText(tool)` for each, without
    /// building those values (`SchemaWords`).
    init(toolSets: [ToolSet], options: ScorerOptions = .default) {
        var count = 0
        for set in toolSets {
            set.tools.withUnsafeBufferPointer { tools in
                for i in 0..<tools.count where tools[i].name != nil { count += 1 }
            }
        }
        var assembly = IndexAssembly(options: options, toolCount: count)
        var words = SchemaWords()
        for set in toolSets {
            set.tools.withUnsafeBufferPointer { tools in
                // Through a pointer: passing `tools[i]` copied the whole definition.
                for i in 0..<tools.count {
                    let tool = tools.baseAddress! + i
                    guard tool.pointee.name != nil else { continue }
                    assembly.split.split(tool.pointee.name!.value)
                    assembly.addName()
                    let number = words.split(tool, into: &assembly.split)
                    assembly.addRest(requiresNumber: number)
                }
            }
        }
        self.init(assembly)
    }

    private init(_ assembly: consuming IndexAssembly) {
        let options = assembly.options
        self.options = options
        splitter = assembly.builder.splitter
        analyzer = assembly.builder.analyzer
        let texts = assembly.requiresNumber
        toolCount = texts.count
        let builder = assembly.builder
        defer { builder.deallocate() }
        let lengths = assembly.lengths
        let toolTerms = assembly.toolTerms
        let nameTerms = assembly.nameTerms
        let vectors = builder.vectors
        let dimension = assembly.dimension
        let blocked = assembly.blocked
        let vocabulary = builder.vocabulary
        let termText = builder.termText
        let surface = builder.surface
        let documentFrequency = builder.documentFrequency
        let lexicon = builder.lexicon
        let n = Double(texts.count)
        let idf = documentFrequency.map { log(1 + (n - Double($0) + 0.5) / (Double($0) + 0.5)) }
        let average = lengths.isEmpty ? 1 : max(1, lengths.reduce(0, +) / n)
        // A term's postings are one per tool that has it: its document frequency.
        var postingStart = [Int](repeating: 0, count: termText.count + 1)
        for id in 0..<termText.count { postingStart[id + 1] = postingStart[id] + documentFrequency[id] }
        var fill = postingStart
        var postingTool = [Int32](repeating: 0, count: postingStart[termText.count])
        var postingContribution = [Double](repeating: 0, count: postingStart[termText.count])
        toolTerms.withUnsafeBufferPointer { toolTerms in
            for tool in 0..<toolTerms.count {
                let norm = options.k1 * (1 - options.b + options.b * lengths[tool] / average)
                toolTerms[tool].withUnsafeBufferPointer { terms in
                    for (id, f) in terms {
                        postingTool[fill[id]] = Int32(tool)
                        postingContribution[fill[id]] = idf[id] * f * (options.k1 + 1) / (f + norm)
                        fill[id] += 1
                    }
                }
            }
        }
        let synonyms =
            options.synonyms
            ? Synonyms.ids(stemming: options.stemming, vocabulary: vocabulary, termCount: termText.count)
            : [[Int]](repeating: [], count: termText.count)
        self.vocabulary = vocabulary
        self.termText = termText
        self.surface = surface
        self.idf = idf
        self.postingStart = postingStart
        self.postingTool = postingTool
        self.postingContribution = postingContribution
        (denseRow, denseContributions) = Self.denseRows(
            toolCount: texts.count, postingStart: postingStart, postingTool: postingTool,
            postingContribution: postingContribution)
        self.toolTerms = toolTerms
        self.synonyms = synonyms
        self.nameTerms = nameTerms
        self.lexicon = lexicon
        var namePostingStart = [Int](repeating: 0, count: termText.count + 1)
        var nameIDF = [Double](repeating: 0, count: texts.count)
        nameTerms.withUnsafeBufferPointer { nameTerms in
            for tool in 0..<nameTerms.count {
                nameTerms[tool].withUnsafeBufferPointer { terms in
                    for id in terms {
                        namePostingStart[id + 1] += 1
                        nameIDF[tool] += idf[id]
                    }
                }
            }
        }
        for id in 0..<termText.count { namePostingStart[id + 1] += namePostingStart[id] }
        var nameFill = namePostingStart
        var namePostingTool = [Int32](repeating: 0, count: namePostingStart[termText.count])
        nameTerms.withUnsafeBufferPointer { nameTerms in
            for tool in 0..<nameTerms.count {
                nameTerms[tool].withUnsafeBufferPointer { terms in
                    for id in terms {
                        namePostingTool[nameFill[id]] = Int32(tool)
                        nameFill[id] += 1
                    }
                }
            }
        }
        self.namePostingStart = namePostingStart
        self.namePostingTool = namePostingTool
        self.nameIDF = nameIDF
        let requiresNumber = assembly.requiresNumber
        self.requiresNumber = requiresNumber
        numberTools = requiresNumber.indices.filter { requiresNumber[$0] }.map { Int32($0) }
        unseenIDF = log(1 + (n + 0.5) / 0.5)
        self.vectors = vectors
        self.toolVectors = BlockedCosines(blocked: blocked, toolCount: texts.count, dimension: dimension)
    }

    /// A JSON Schema type that takes a number (compared in place: no set of strings to build
    /// and hash).
    @inline(__always)
    static func isNumeric(_ type: String?) -> Bool {
        switch type {
        case "integer", "number", "float", "int", "double": return true
        default: return false
        }
    }

    /// Terms in more than an eighth of the tools get a dense row (a row costs an eighth of a
    /// posting per tool to add, in SIMD).
    static func denseRows(toolCount: Int, postingStart: [Int], postingTool: [Int32], postingContribution: [Double])
        -> ([Int32], [Double])
    {
        let termCount = postingStart.count - 1
        var rowOf = [Int32](repeating: -1, count: max(0, termCount))
        guard toolCount > 0 else { return (rowOf, []) }
        // The rows are counted first and allocated once (growing them re-faulted new memory).
        var dense = 0
        for term in 0..<termCount where (postingStart[term + 1] - postingStart[term]) * 8 > toolCount {
            rowOf[term] = Int32(dense)
            dense += 1
        }
        var rows = [Double](repeating: 0, count: dense * toolCount)
        rows.withUnsafeMutableBufferPointer { rows in
            for term in 0..<termCount where rowOf[term] >= 0 {
                let base = Int(rowOf[term]) * toolCount
                for p in postingStart[term]..<postingStart[term + 1] {
                    rows[base + Int(postingTool[p])] = postingContribution[p]
                }
            }
        }
        return (rowOf, rows)
    }

    /// Weighted terms for a prompt and its earlier turns. Each distinct word counts once (at
    /// its highest weight); synonyms of prompt words that tools use are added at
    /// `synonymWeight` unless the prompt has them itself.
    public func query(_ prompt: String, context: [String] = []) -> WeightedQuery {
        query(prompt, context: context, memo: nil)
    }

    /// `memo` keeps the analysis of the prompt words across the queries of one run (against
    /// this index only).
    func query(_ prompt: String, context: [String], memo: PromptWordMemo?) -> WeightedQuery {
        var query = WeightedQuery(terms: [], unknownWeight: 0, idfMass: 0)
        self.query(prompt, context: context, memo: memo, into: &query)
        return query
    }

    /// `query(_:context:memo:)` into a query whose arrays are reused (kept from an earlier
    /// prompt of the run).
    func query(_ prompt: String, context: [String], memo: PromptWordMemo?, into query: inout WeightedQuery) {
        var builder = QueryBuilder(vectors: vectors, memo: memo, termCount: termText.count)
        let memo = builder.memo
        // The memo's split buffers serve every query of a run.
        var split = memo.takeSplit()
        let numbers = options.unsatisfiedNumberPenalty > 0
        split.split(prompt)
        var hasNumber = numbers && Self.hasNumber(prompt, words: split)
        builder.addWords(
            of: split, base: 1.0, leading: options.leadingBoost > 0 ? options.leadingTerms : 0, index: self)
        for text in context {
            split.split(text)
            if numbers && !hasNumber { hasNumber = Self.hasNumber(text, words: split) }
            builder.position = 0
            builder.addWords(of: split, base: options.contextWeight, leading: 0, index: self)
        }
        memo.giveBack(split)
        builder.finish()
        var unknown = 0.0
        var mass = 0.0
        let known = memo.knownTerms
        for i in 0..<known.count { mass += known[i].weight * idf[known[i].id] }
        let unknownTerms = memo.unknownTerms
        for i in 0..<unknownTerms.count {
            unknown += unknownTerms[i].weight
            mass += unknownTerms[i].weight * unseenIDF
        }
        if options.synonyms {
            // Synonyms of the direct terms, at the weights those had before any synonym
            // raised them.
            let direct = memo.snapshotKnownWeights()
            synonyms.withUnsafeBufferPointer { synonyms in
                for i in 0..<direct {
                    let id = memo.knownTerms[i].id
                    let weight = memo.weightSnapshot[i] * options.synonymWeight
                    // Most terms have none: no iterator (and no retain of the empty list).
                    guard !synonyms[id].isEmpty else { continue }
                    synonyms[id].withUnsafeBufferPointer { others in
                        for other in others { memo.merge(other, weight, .known) }
                    }
                }
            }
        }
        query.terms.removeAll(keepingCapacity: true)
        let terms = memo.knownTerms
        query.terms.append(contentsOf: UnsafeBufferPointer(start: terms.base, count: terms.count))
        query.unknownWeight = unknown
        query.idfMass = mass
        query.hasNumber = hasNumber
        if builder.anyPiece {
            // The unit sum, written over the previous prompt's vector when there is one.
            var vector = query.vector ?? []
            query.vector = nil
            if vector.count != memo.sum.count { vector = [Float](repeating: 0, count: memo.sum.count) }
            let ok = vector.withUnsafeMutableBufferPointer { tw_normalize(memo.sum.base, $0.count, $0.baseAddress) }
            if ok != 0 { query.vector = vector }
        } else {
            query.vector = nil
        }
    }

    /// Whether a text holds a number, in digits (any Unicode numeric character) or words;
    /// `words` is its split.
    static func hasNumber(_ text: String, words: WordSplit) -> Bool {
        var text = text
        let digits: Bool? = text.withUTF8 { bytes in
            var high: UInt8 = 0
            for b in bytes {
                // In ASCII only the digits are numeric.
                if b &- 0x30 < 10 { return true }
                high |= b
            }
            return high < 0x80 ? false : nil
        }
        if digits ?? text.unicodeScalars.contains(where: { $0.properties.numericType != nil }) { return true }
        var found = false
        words.forEachWord { word in
            if !found, word.count <= longestNumberWord, numberWordTable.find(word) != nil { found = true }
        }
        return found
    }

    static let numberWordTable: WordTable = {
        var table = WordTable(minimumCapacity: numberWords.count)
        for word in numberWords {
            var word = word
            word.withUTF8 { _ = table.insert($0, hash: WordTable.hash($0)) }
        }
        return table
    }()

    static let longestNumberWord = numberWords.map(\.utf8.count).max() ?? 0

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
        let toolCount = toolCount
        // `(id: Int, weight: Double)` is laid out as the C struct (two 8-byte fields).
        query.terms.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: tw_weighted_term.self) { terms in
                buffers.lexical.withUnsafeMutableBufferPointer { out in
                    tw_lexical_postings(
                        terms.baseAddress, terms.count, denseRow, denseContributions, toolCount, postingStart,
                        postingTool, postingContribution, out.baseAddress)
                }
                guard nameCoverage && options.nameCoverageBoost > 0 else { return }
                // Only tools whose name shares a prompt word change.
                if buffers.touched.count < toolCount { buffers.touched = [Int32](repeating: 0, count: toolCount) }
                buffers.lexical.withUnsafeMutableBufferPointer { out in
                    buffers.covered.withUnsafeMutableBufferPointer { covered in
                        buffers.touched.withUnsafeMutableBufferPointer { touched in
                            tw_name_coverage(
                                terms.baseAddress, terms.count, idf, namePostingStart, namePostingTool, nameIDF,
                                options.nameCoverageBoost, covered.baseAddress, touched.baseAddress, out.baseAddress)
                        }
                    }
                }
            }
        }
        for (id, _) in query.terms { buffers.reached.append(id) }
        if options.unsatisfiedNumberPenalty > 0 && !query.hasNumber {
            // Tools no posting reached stay 0 (0 × factor), so the clearing above stays exact.
            let factor = 1 - options.unsatisfiedNumberPenalty
            buffers.lexical.withUnsafeMutableBufferPointer { lexical in
                for tool in numberTools { lexical[Int(tool)] *= factor }
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
    /// Name-coverage sums, all zero between calls; `touched`: scratch for their tool ids.
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
        // One slot: a single ranking needs no more; `precomputeCosines` grows them for a batch.
        cosines = [Float](repeating: 0, count: index.toolVectors.paddedCount)
        batchVectors = []
        mixed = [Double](repeating: 0, count: index.toolCount)
        termMark = [UInt32](repeating: 0, count: index.termText.count)
    }

    /// Prompts whose cosines are computed, then ranked, one batch at a time (their queries were
    /// built before, a `SelectionSimulator.queryChunk` at a time): each phase keeps its own
    /// data in cache, and a tile of the tool vectors serves the whole batch.
    static let cosineBatch = 64

    /// Blocks of tool vectors per tile (4 × 128 dimensions × 16 lanes × 4 bytes = 32 KiB: the
    /// tile stays in the first-level cache while every group of four prompts passes over it).
    static let tileBlocks = 4

    /// Computes the cosines of up to `cosineBatch` queries; query `k`'s land in slot `k`, which
    /// `cosineSlot` then selects. Four prompts at a time share each load of a tool vector
    /// (`dots4`), tile by tile. Queries without a vector get no slot filled (`rankingScores`
    /// does not use one).
    mutating func precomputeCosines(_ queries: ArraySlice<WeightedQuery>, index: SelectionIndex) {
        precondition(queries.count <= Self.cosineBatch)
        guard index.vectors != nil else { return }
        let dimension = index.toolVectors.dimension
        let padded = index.toolVectors.paddedCount
        if cosines.count < Self.cosineBatch * padded {
            cosines = [Float](repeating: 0, count: Self.cosineBatch * padded)
        }
        if batchVectors.count < Self.cosineBatch * dimension {
            batchVectors = [Float](repeating: 0, count: Self.cosineBatch * dimension)
        }
        var hasVector = [Bool](repeating: false, count: Self.cosineBatch)
        var filled = 0
        for (k, query) in queries.enumerated() {
            guard let vector = query.vector else { continue }
            batchVectors.replaceSubrange((k * dimension)..<((k + 1) * dimension), with: vector)
            hasVector[k] = true
            filled += 1
        }
        guard let first = hasVector.firstIndex(of: true) else { return }
        let blocks = index.toolVectors.blocks
        let lanes = BlockedCosines.lanes
        batchVectors.withUnsafeBufferPointer { vectors in
            cosines.withUnsafeMutableBufferPointer { out in
                let base = vectors.baseAddress!
                if filled == 1 {
                    index.toolVectors.dots(
                        UnsafeBufferPointer(rebasing: vectors[(first * dimension)..<((first + 1) * dimension)]),
                        into: UnsafeMutableBufferPointer(rebasing: out[(first * padded)...]))
                    return
                }
                // Slots without a vector repeat the first vector; their results go unused.
                let groups = (queries.count + 3) / 4
                let v = (0..<(groups * 4)).map { k in base + (hasVector[k] ? k : first) * dimension }
                var tile = 0
                while tile < blocks {
                    let count = min(Self.tileBlocks, blocks - tile)
                    for group in 0..<groups {
                        index.toolVectors.dots4(
                            v[(group * 4)..<(group * 4 + 4)], blocks: tile..<(tile + count),
                            into: out.baseAddress! + group * 4 * padded + tile * lanes, stride: padded)
                    }
                    tile += count
                }
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
        // The stable sort of `sharedWords(_:tool:)` as an insertion sort on the stack: a prompt
        // shares a handful of terms with its winner, and a sort with a closure costs more.
        query.terms.withUnsafeBufferPointer { terms in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: terms.count) { shared in
                idf.withUnsafeBufferPointer { idf in
                    var count = 0
                    for term in terms where buffers.isMarked(term.id) {
                        var at = count
                        while at > 0 && idf[shared[at - 1]] < idf[term.id] {
                            shared[at] = shared[at - 1]
                            at -= 1
                        }
                        shared[at] = term.id
                        count += 1
                    }
                    var words: [String] = []
                    words.reserveCapacity(count)
                    for i in 0..<count { words.append(surface[shared[i]]) }
                    return words
                }
            }
        }
    }
}
