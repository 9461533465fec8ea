import JSON
import TestSupport
import Testing

@testable import Rules

/// The near-duplicate rules keep their TF-IDF vectors and pairs between analyses and update
/// them for the tools whose terms changed (`SimilarityVectors.updated`). After any edit the
/// pairs and cosines must be bit for bit those of a build from scratch, and those of the
/// straightforward implementation the index replaced (kept below as `Reference`).
@Suite struct IncrementalSimilarityTests {
    typealias Random = SplitMix64

    typealias Term = SimilarityIndex.Term

    static let names = ["get", "list", "user", "issue", "file", "create", "order", "email", "send", "search"]
    static let words =
        ["the", "user", "file", "record", "return", "account", "list", "issue", "message", "order"]
        + (0..<150).map { "word\($0)" }

    struct Tools {
        var terms: [[Term]]
        var isLocal: [Bool]
        var groups: [JSONPointer]
    }

    static func tool(_ random: inout Random) -> [Term] {
        var terms: [Term] = []
        for _ in 0..<(1 + random.below(3)) { terms.append(Term(text: names[random.below(names.count)], weight: 2)) }
        for _ in 0..<random.below(14) {
            // A fresh word now and then: a term only one tool holds, as typing makes.
            let text = random.chance(5) ? "new\(random.next() % 100_000)" : random.word(from: words)
            terms.append(Term(text: text, weight: 1))
        }
        return terms
    }

    static func tools(_ random: inout Random, count: Int) -> Tools {
        let local = random.chance(20) ? count : max(1, count - random.below(count))
        return Tools(
            terms: (0..<count).map { _ in tool(&random) },
            isLocal: (0..<count).map { $0 < local },
            groups: (0..<count).map { $0 < local && random.chance(10) ? JSONPointer.root / "other" : JSONPointer.root })
    }

    /// One random edit of the kinds an editor makes.
    static func edit(_ tools: inout Tools, _ random: inout Random) {
        let position = random.chance(25) ? 0 : random.below(tools.terms.count)
        switch random.below(10) {
        case 0:  // add a local tool
            let at = random.below(tools.isLocal.filter { $0 }.count + 1)
            tools.terms.insert(tool(&random), at: at)
            tools.isLocal.insert(true, at: at)
            tools.groups.insert(.root, at: at)
        case 1 where tools.terms.count > 2:  // remove one
            tools.terms.remove(at: position)
            tools.isLocal.remove(at: position)
            tools.groups.remove(at: position)
            if !tools.isLocal.contains(true) { tools.isLocal[0] = true }
        case 2:  // rename: the name tokens change
            let description = tools.terms[position].filter { $0.weight == 1 }
            tools.terms[position] = [Term(text: names[random.below(names.count)], weight: 2)] + description
        case 3:  // move to another list
            tools.groups[position] = tools.groups[position] == .root ? JSONPointer.root / "other" : .root
        case 4:  // words moved around: the same terms, first places differ
            tools.terms[position].shuffle(using: &random)
        case 5:  // several tools at once
            for _ in 0..<(2 + random.below(3)) {
                tools.terms[random.below(tools.terms.count)] = tool(&random)
            }
        case 6:  // a letter typed into a word
            if let at = tools.terms[position].indices.randomElement(using: &random) {
                tools.terms[position][at].text += "x"
            }
        default:  // the description rewritten
            let name = tools.terms[position].filter { $0.weight == 2 }
            tools.terms[position] = name + tool(&random).filter { $0.weight == 1 }
        }
    }

    static let thresholds = [0.8, 0.5, 0.2]

    @Test func updatedPairsAreThoseOfAFreshBuild() {
        var random = Random(seed: 42)
        var incrementalUpdates = 0
        var vectorsSpared = 0
        for round in 0..<10 {
            var tools = Self.tools(&random, count: [3, 20, 80, 150, 240][round % 5])
            var kept = SimilarityVectors(terms: tools.terms, isLocal: tools.isLocal, groups: tools.groups)
            for threshold in Self.thresholds { _ = kept.pairs(threshold: threshold) }
            for _ in 0..<30 {
                Self.edit(&tools, &random)
                kept = kept.updated(terms: tools.terms, isLocal: tools.isLocal, groups: tools.groups)
                if case .incremental(let rebuilt) = kept.lastUpdate {
                    incrementalUpdates += 1
                    vectorsSpared += tools.terms.count - rebuilt
                }
                var fresh = SimilarityVectors(terms: tools.terms, isLocal: tools.isLocal, groups: tools.groups)
                let reference = Reference(terms: tools.terms, isLocal: tools.isLocal, groups: tools.groups)
                for threshold in Self.thresholds {
                    let expected = reference.pairs(threshold: threshold)
                    #expect(fresh.pairs(threshold: threshold) == expected)
                    #expect(kept.pairs(threshold: threshold) == expected)
                }
                // Every cosine, not only those above a threshold.
                for _ in 0..<50 {
                    let a = random.below(tools.terms.count)
                    let b = random.below(tools.terms.count)
                    #expect(kept.cosine(a, b).bitPattern == reference.cosine(a, b).bitPattern)
                }
            }
        }
        // The incremental path must actually have been taken, and have spared work.
        #expect(incrementalUpdates > 120)
        #expect(vectorsSpared > 5_000)
    }

    /// A threshold first asked for after an update is computed over the updated vectors.
    @Test func aNewThresholdAfterAnUpdate() {
        var random = Random(seed: 7)
        var tools = Self.tools(&random, count: 60)
        var kept = SimilarityVectors(terms: tools.terms, isLocal: tools.isLocal, groups: tools.groups)
        _ = kept.pairs(threshold: 0.8)
        for _ in 0..<10 { Self.edit(&tools, &random) }
        kept = kept.updated(terms: tools.terms, isLocal: tools.isLocal, groups: tools.groups)
        let reference = Reference(terms: tools.terms, isLocal: tools.isLocal, groups: tools.groups)
        #expect(kept.pairs(threshold: 0.3) == reference.pairs(threshold: 0.3))
        #expect(!reference.pairs(threshold: 0.3).isEmpty)
    }

    /// The state a memo keeps is a value: updating a copy leaves it as it was.
    @Test func updatingLeavesTheOldStateAlone() {
        var random = Random(seed: 99)
        var tools = Self.tools(&random, count: 50)
        var old = SimilarityVectors(terms: tools.terms, isLocal: tools.isLocal, groups: tools.groups)
        let before = old.pairs(threshold: 0.2)
        let oldTools = tools
        tools.terms[0] = Self.tool(&random)
        tools.terms[1] = []
        var new = old.updated(terms: tools.terms, isLocal: tools.isLocal, groups: tools.groups)
        #expect(new.lastUpdate != .rebuilt)
        #expect(old.pairs(threshold: 0.2) == before)
        let reference = Reference(terms: oldTools.terms, isLocal: oldTools.isLocal, groups: oldTools.groups)
        #expect(before == reference.pairs(threshold: 0.2))
        let newReference = Reference(terms: tools.terms, isLocal: tools.isLocal, groups: tools.groups)
        #expect(new.pairs(threshold: 0.2) == newReference.pairs(threshold: 0.2))
    }

    /// The index as it was before it was kept between analyses: vocabulary ids by first
    /// appearance, vectors rebuilt and every local tool's candidates scored on every call.
    struct Reference {
        typealias Pair = SimilarityVectors.Pair

        var isLocal: [Bool]
        var groups: [JSONPointer]
        var vectors: [[(term: Int, weight: Double)]] = []
        var postings: [[Int]] = []

        init(terms: [[Term]], isLocal: [Bool], groups: [JSONPointer]) {
            self.isLocal = isLocal
            self.groups = groups
            var vocabulary: [String: Int] = [:]
            var counts: [[Int: Double]] = []
            var documentFrequency: [Int] = []
            for tool in terms {
                var termCounts: [Int: Double] = [:]
                for term in tool {
                    let id: Int
                    if let known = vocabulary[term.text] {
                        id = known
                    } else {
                        id = vocabulary.count
                        vocabulary[term.text] = id
                        documentFrequency.append(0)
                    }
                    if termCounts[id] == nil { documentFrequency[id] += 1 }
                    termCounts[id, default: 0] += term.weight
                }
                counts.append(termCounts)
            }
            let total = Double(max(terms.count, 1))
            vectors = counts.map { termCounts in
                var vector = termCounts.map { term, count in
                    (term: term, weight: (1 + log(count)) * log(1 + total / Double(documentFrequency[term])))
                }
                vector.sort { $0.term < $1.term }
                var norm = 0.0
                for entry in vector { norm += entry.weight * entry.weight }
                let length = norm.squareRoot()
                if length > 0 { for index in vector.indices { vector[index].weight /= length } }
                return vector
            }
            postings = Array(repeating: [], count: vocabulary.count)
            for (index, vector) in vectors.enumerated() {
                for entry in vector { postings[entry.term].append(index) }
            }
        }

        func pairs(threshold: Double) -> [Pair] {
            let maxPosting = max(64, Int(Double(vectors.count).squareRoot() * 4))
            var result: [Pair] = []
            for local in vectors.indices where isLocal[local] {
                var candidates = Set<Int>()
                for term in vectors[local] where postings[term.term].count <= maxPosting {
                    for other in postings[term.term] where other != local { candidates.insert(other) }
                }
                for other in candidates.sorted() {
                    if isLocal[other], groups[other] != groups[local] { continue }
                    let cosine = self.cosine(local, other)
                    if cosine >= threshold { result.append(Pair(local: local, other: other, cosine: cosine)) }
                }
            }
            return result
        }

        func cosine(_ a: Int, _ b: Int) -> Double {
            var sum = 0.0
            var i = 0
            var j = 0
            let a = vectors[a]
            let b = vectors[b]
            while i < a.count, j < b.count {
                if a[i].term == b[j].term {
                    sum += a[i].weight * b[j].weight
                    i += 1
                    j += 1
                } else if a[i].term < b[j].term {
                    i += 1
                } else {
                    j += 1
                }
            }
            return sum
        }
    }
}

extension SplitMix64 {
    /// Skewed towards the start: a few words are in most tools, most words in few.
    fileprivate mutating func word(from words: [String]) -> String {
        words[min(below(words.count), below(words.count), below(words.count))]
    }
}
