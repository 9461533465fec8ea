import Foundation

@testable import Selection

/// The scorer written the plain way, as the equivalence tests' yardstick for `SelectionIndex`:
/// `String` words from `TermSplitter.words`, dictionaries of term frequencies per tool, BM25
/// tool by tool, word vectors summed one dimension at a time, and the row-by-row dot product
/// that the blocked kernel replaced. It repeats the scorer's order of floating-point additions
/// (query terms in first-seen order, fields in reading order), so results must be equal, not
/// merely close.
struct ReferenceScorer {
    let options: ScorerOptions
    let splitter: TermSplitter
    let vectors: WordVectors?
    /// Per tool: term → weighted frequency, and the terms in first-seen order.
    var frequencies: [[String: Double]] = []
    var order: [[String]] = []
    var nameTerms: [[String]] = []
    var lengths: [Double] = []
    var requiresNumber: [Bool] = []
    var toolVectors: [[Float]?] = []
    var documentFrequency: [String: Int] = [:]
    let count: Int

    init(texts: [ToolText], options: ScorerOptions) {
        self.options = options
        splitter = TermSplitter(stemming: options.stemming, abbreviations: options.abbreviations)
        vectors = options.semanticWeight > 0 ? WordVectors.bundled : nil
        count = texts.count
        for text in texts {
            var tf: [String: Double] = [:]
            var seen: [String] = []
            var sum = [Float](repeating: 0, count: vectors?.dimension ?? 0)
            var anyPiece = false
            var names: [String] = []
            let fields: [(String, Double)] =
                [
                    (text.name, options.nameWeight), (text.description, 1),
                    (text.parameterNames.joined(separator: " "), 1),
                ]
                + text.parameterText.map { ($0, 1.0) }
            for (at, (field, weight)) in fields.enumerated() {
                for word in TermSplitter.words(field) where TermSplitter.isContentWord(word) {
                    if let vectors {
                        let pieces = vectors.pieces(of: word)
                        for piece in pieces { Self.add(piece, of: vectors, weight: 1, to: &sum) }
                        anyPiece = anyPiece || !pieces.isEmpty
                    }
                    for term in splitter.normalize(word) {
                        if tf[term] == nil { seen.append(term) }
                        tf[term, default: 0] += weight
                    }
                }
                if at == 0 { names = seen }
            }
            for term in seen { documentFrequency[term, default: 0] += 1 }
            frequencies.append(tf)
            order.append(seen)
            nameTerms.append(names)
            lengths.append(seen.reduce(0) { $0 + tf[$1]! })
            toolVectors.append(anyPiece ? Self.unit(sum) : nil)
            let numeric: Set<String> = ["integer", "number", "float", "int", "double"]
            requiresNumber.append(text.requiredParameters.contains { numeric.contains($0.type ?? "") })
        }
    }

    func idf(_ term: String) -> Double {
        let n = Double(count)
        let df = Double(documentFrequency[term] ?? 0)
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// The prompt's weighted terms (synonyms included), its unknown-word weight and IDF mass,
    /// and its unit vector.
    func query(_ prompt: String, context: [String]) -> (
        terms: [(term: String, weight: Double)], unknownWeight: Double, idfMass: Double, vector: [Float]?
    ) {
        var terms: [(term: String, weight: Double)] = []
        var unknown: [(term: String, weight: Double)] = []
        var sum = [Float](repeating: 0, count: vectors?.dimension ?? 0)
        var anyPiece = false
        let texts =
            [(prompt, 1.0, options.leadingBoost > 0 ? options.leadingTerms : 0)]
            + context.map { ($0, options.contextWeight, 0) }
        for (text, base, leading) in texts {
            var position = 0
            for word in TermSplitter.words(text) where TermSplitter.isContentWord(word) {
                let weight = position < leading ? base * (1 + options.leadingBoost) : base
                position += 1
                if let vectors {
                    for piece in vectors.pieces(of: word) {
                        Self.add(piece, of: vectors, weight: Float(base), to: &sum)
                        anyPiece = true
                    }
                }
                for term in splitter.normalize(word) {
                    let known = documentFrequency[term] != nil
                    if let at = (known ? terms : unknown).firstIndex(where: { $0.term == term }) {
                        if known {
                            terms[at].weight = max(terms[at].weight, weight)
                        } else {
                            unknown[at].weight = max(unknown[at].weight, weight)
                        }
                    } else if known {
                        terms.append((term, weight))
                    } else {
                        unknown.append((term, weight))
                    }
                }
            }
        }
        var mass = 0.0
        var unknownWeight = 0.0
        for (term, weight) in terms { mass += weight * idf(term) }
        let unseen = log(1 + (Double(count) + 0.5) / 0.5)
        for (_, weight) in unknown {
            unknownWeight += weight
            mass += weight * unseen
        }
        if options.synonyms {
            let table = Synonyms.table(stemming: options.stemming)
            for (term, weight) in terms {
                for other in table[term] ?? [] where documentFrequency[other] != nil {
                    let w = weight * options.synonymWeight
                    if let at = terms.firstIndex(where: { $0.term == other }) {
                        if terms[at].weight < w { terms[at].weight = w }
                    } else {
                        terms.append((other, w))
                    }
                }
            }
        }
        return (terms, unknownWeight, mass, anyPiece ? Self.unit(sum) : nil)
    }

    /// What the simulator ranks by (see `SelectionIndex.rankingScores`).
    func rankingScores(_ prompt: String, context: [String] = []) -> [Double] {
        let q = query(prompt, context: context)
        let average = count == 0 ? 1 : max(1, lengths.reduce(0, +) / Double(count))
        var hasNumber = false
        if options.unsatisfiedNumberPenalty > 0 {
            hasNumber = ([prompt] + context).contains { text in
                text.unicodeScalars.contains { $0.properties.numericType != nil }
                    || TermSplitter.words(text).contains { SelectionIndex.numberWords.contains($0) }
            }
        }
        var scores: [Double] = []
        for tool in 0..<count {
            let tf = frequencies[tool]
            let norm = options.k1 * (1 - options.b + options.b * lengths[tool] / average)
            var score = 0.0
            for (term, weight) in q.terms {
                guard let f = tf[term] else { continue }
                score += weight * (idf(term) * f * (options.k1 + 1) / (f + norm))
            }
            if options.nameCoverageBoost > 0 {
                var covered = 0.0
                var nameIDF = 0.0
                for term in nameTerms[tool] { nameIDF += idf(term) }
                for (term, weight) in q.terms where weight >= 1 && nameTerms[tool].contains(term) {
                    covered += idf(term)
                }
                if covered > 0 && nameIDF > 0 { score *= 1 + options.nameCoverageBoost * covered / nameIDF }
            }
            if options.unsatisfiedNumberPenalty > 0 && !hasNumber && requiresNumber[tool] {
                score *= 1 - options.unsatisfiedNumberPenalty
            }
            scores.append(score)
        }
        guard vectors != nil, let vector = q.vector else { return scores }
        let top = scores.max() ?? 0
        let scale = top > 0 ? 1 / top : 0
        for tool in 0..<count {
            let cosine =
                toolVectors[tool].map { Self.rowDot(vector, $0) }
                ?? Self.rowDot(vector, [Float](repeating: 0, count: vector.count))
            scores[tool] = scores[tool] * scale + options.semanticWeight * Double(cosine)
        }
        return scores
    }

    /// `sum += weight × row`, one dimension at a time.
    static func add(_ piece: Int32, of vectors: WordVectors, weight: Float, to sum: inout [Float]) {
        let base = vectors.rowsOffset + Int(piece) * vectors.dimension
        let factor = weight * vectors.scales[Int(piece)]
        for d in 0..<vectors.dimension {
            sum[d] += factor * Float(Int8(bitPattern: vectors.table.bytes[base + d]))
        }
    }

    static func unit(_ v: [Float]) -> [Float]? {
        var norm: Float = 0
        for x in v { norm += x * x }
        guard norm > 0 else { return nil }
        let inverse = 1 / norm.squareRoot()
        return v.map { $0 * inverse }
    }

    /// The scorer's dot product, plainly: what the blocked kernel computes for each tool.
    static func rowDot(_ a: [Float], _ b: [Float]) -> Float {
        // Four partial sums, dimension d fused into sum d % 4 (see `tw_blocked_dots`).
        var sums: [Float] = [0, 0, 0, 0]
        for d in a.indices { sums[d % 4] = sums[d % 4].addingProduct(b[d], a[d]) }
        return (sums[0] + sums[1]) + (sums[2] + sums[3])
    }
}
