import Foundation

/// A prompt turned into weighted terms against one index.
public struct WeightedQuery: Sendable {
    /// Known terms (index vocabulary ids) with their weights, in first-seen order.
    public var terms: [(id: Int, weight: Double)]
    /// Content words the index has never seen, with their weights (they lower the fit).
    public var unknownWeight: Double
    /// Sum over the prompt's own words of weight × IDF (unknown words at the maximum IDF):
    /// what a tool matching every word would collect, before BM25's saturation.
    public var idfMass: Double
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
    let postings: [[(tool: Int32, contribution: Double)]]
    /// Tool → its distinct terms with weighted frequencies (confusable-pair analysis).
    let toolTerms: [[(id: Int, frequency: Double)]]
    let synonyms: [Int: [Int]]
    /// Tool → the distinct terms of its name.
    let nameTerms: [[Int]]
    /// IDF of a word that no tool contains.
    public let unseenIDF: Double

    public init(texts: [ToolText], options: ScorerOptions = .default) {
        self.options = options
        let splitter = TermSplitter(stemming: options.stemming, abbreviations: options.abbreviations)
        self.splitter = splitter
        toolCount = texts.count
        var vocabulary: [String: Int] = [:]
        var termText: [String] = []
        var surface: [String] = []
        var toolTerms: [[(id: Int, frequency: Double)]] = []
        var lengths: [Double] = []
        var documentFrequency: [Int] = []
        var nameTerms: [[Int]] = []
        for text in texts {
            var counts: [Int: Double] = [:]
            var order: [Int] = []
            func add(_ field: String, weight: Double) {
                for (word, term) in splitter.termsWithWords(field) {
                    let id: Int
                    if let known = vocabulary[term] {
                        id = known
                    } else {
                        id = termText.count
                        vocabulary[term] = id
                        termText.append(term)
                        surface.append(word)
                        documentFrequency.append(0)
                    }
                    if counts[id] == nil { order.append(id) }
                    counts[id, default: 0] += weight
                }
            }
            add(text.name, weight: options.nameWeight)
            nameTerms.append(order)
            add(text.description, weight: 1)
            add(text.parameterNames.joined(separator: " "), weight: 1)
            for extra in text.parameterText { add(extra, weight: 1) }
            var length = 0.0
            for id in order {
                documentFrequency[id] += 1
                length += counts[id]!
            }
            lengths.append(length)
            toolTerms.append(order.map { ($0, counts[$0]!) })
        }
        let n = Double(texts.count)
        let idf = documentFrequency.map { log(1 + (n - Double($0) + 0.5) / (Double($0) + 0.5)) }
        let average = lengths.isEmpty ? 1 : max(1, lengths.reduce(0, +) / n)
        var postings = [[(tool: Int32, contribution: Double)]](repeating: [], count: termText.count)
        for (tool, terms) in toolTerms.enumerated() {
            let norm = options.k1 * (1 - options.b + options.b * lengths[tool] / average)
            for (id, f) in terms {
                postings[id].append((Int32(tool), idf[id] * f * (options.k1 + 1) / (f + norm)))
            }
        }
        var synonyms: [Int: [Int]] = [:]
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
        self.postings = postings
        self.toolTerms = toolTerms
        self.synonyms = synonyms
        self.nameTerms = nameTerms
        unseenIDF = log(1 + (n + 0.5) / 0.5)
    }

    /// Weighted terms for a prompt and its earlier turns. Each distinct word counts once (at
    /// its highest weight); synonyms of prompt words that tools use are added at
    /// `synonymWeight` unless the prompt has them itself.
    public func query(_ prompt: String, context: [String] = []) -> WeightedQuery {
        var weights: [String: Double] = [:]
        var order: [String] = []
        func add(_ text: String, weight: Double, leading: Int = 0) {
            for (position, term) in splitter.terms(text).enumerated() {
                let weight = position < leading ? weight * (1 + options.leadingBoost) : weight
                if let old = weights[term] {
                    weights[term] = max(old, weight)
                } else {
                    weights[term] = weight
                    order.append(term)
                }
            }
        }
        add(prompt, weight: 1, leading: options.leadingBoost > 0 ? options.leadingTerms : 0)
        for turn in context { add(turn, weight: options.contextWeight) }
        var terms: [(id: Int, weight: Double)] = []
        var seen: [Int: Int] = [:]
        var unknown = 0.0
        var mass = 0.0
        for term in order {
            let weight = weights[term]!
            if let id = vocabulary[term] {
                seen[id] = terms.count
                terms.append((id, weight))
                mass += weight * idf[id]
            } else {
                unknown += weight
                mass += weight * unseenIDF
            }
        }
        if options.synonyms {
            let direct = terms
            for (id, weight) in direct {
                for other in synonyms[id] ?? [] {
                    let w = weight * options.synonymWeight
                    if let at = seen[other] {
                        if terms[at].weight < w { terms[at].weight = w }
                    } else {
                        seen[other] = terms.count
                        terms.append((other, w))
                    }
                }
            }
        }
        return WeightedQuery(terms: terms, unknownWeight: unknown, idfMass: mass)
    }

    /// BM25 score of every tool, in tool order.
    public func scores(_ query: WeightedQuery, nameCoverage: Bool = true) -> [Double] {
        var scores = [Double](repeating: 0, count: toolCount)
        scores.withUnsafeMutableBufferPointer { buffer in
            for (id, weight) in query.terms {
                for posting in postings[id] {
                    buffer[Int(posting.tool)] += weight * posting.contribution
                }
            }
        }
        if nameCoverage && options.nameCoverageBoost > 0 {
            var inQuery = Set<Int>()
            for (id, weight) in query.terms where weight >= 1 { inQuery.insert(id) }
            for tool in 0..<toolCount where scores[tool] > 0 {
                var present = 0.0
                var total = 0.0
                for id in nameTerms[tool] {
                    total += idf[id]
                    if inQuery.contains(id) { present += idf[id] }
                }
                if total > 0 { scores[tool] *= 1 + options.nameCoverageBoost * present / total }
            }
        }
        return scores
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
        let mine = Set(toolTerms[tool].map(\.id))
        return query.terms.filter { mine.contains($0.id) }.sorted { idf[$0.id] > idf[$1.id] }.map { surface[$0.id] }
    }
}
