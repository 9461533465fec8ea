import JSON

/// The TF-IDF vectors of a list of tools and their near-duplicate pairs, in a form that a later
/// list differing in a few tools' terms updates instead of rebuilding (an edit changes one tool
/// of a thousand). Every value is bit-identical to a build from scratch:
///
/// - a term's IDF depends only on its document frequency (and the list's length), so a vector
///   changes only when its own terms change or one of its terms gains or loses a tool;
/// - a vector is summed in the order a fresh build numbers terms (by first appearance: first
///   tool holding the term, then first place in that tool's terms). That order is kept as a key
///   per term, `first tool << 32 | first place`, and only terms of changed tools can get a new
///   key; a vector holding such a term is rebuilt;
/// - a cosine depends only on its two vectors, and whether a pair is a candidate only on the
///   tools' terms and those terms' frequencies, so pairs of two unchanged vectors stay.
///
/// A value type: the copy a memo holds is never touched by the next update.
struct SimilarityVectors: Sendable {
    struct Pair: Sendable, Equatable {
        /// Position of the local tool.
        var local: Int
        var other: Int
        var cosine: Double
    }

    struct Weight: Sendable {
        /// The term's place in a fresh build's numbering (see the type's note).
        var key: Int
        var value: Double
    }

    private struct Count: Sendable {
        var term: Int
        var count: Double
        /// Index in the tool's term sequence where the term first occurs.
        var first: Int
    }

    /// Each tool's terms as given (compared on update).
    private(set) var terms: [[SimilarityIndex.Term]] = []
    private(set) var isLocal: [Bool] = []
    private(set) var groups: [JSONPointer] = []
    /// Per tool, its terms' summed weights in first-occurrence order.
    private var counts: [[Count]] = []
    private var vocabulary: [String: Int] = [:]
    /// By term id: the text (to drop it from `vocabulary`), the tools holding it (ascending)
    /// and its key. Ids are never reused; a term no tool holds keeps an empty posting.
    private var texts: [String] = []
    private var postings: [[Int]] = []
    private var keys: [Int] = []
    private var deadTerms = 0
    /// Unit vectors sorted by key, so a dot product is a merge.
    private(set) var vectors: [[Weight]] = []
    /// Pairs per local tool (sorted by `other`), for each threshold asked for.
    private var pairLists: [(threshold: Double, byTool: [[Pair]])] = []
    /// `log` is a series: each IDF (by document frequency) and each count's log are worked out
    /// once (the same calls with the same arguments give the same values).
    private var idfByFrequency: [Double] = []
    private var countLogs: [Double: Double] = [:]

    /// What the last `updated` did (tests check that the incremental path is taken).
    enum Update: Equatable {
        case none
        /// Rebuilt this many vectors and worked out their pairs again.
        case incremental(vectors: Int)
        case rebuilt
    }

    private(set) var lastUpdate = Update.none

    /// How many thresholds' pairs are kept.
    static let keptThresholds = 4

    var count: Int { terms.count }

    init() {}

    init(terms: [[SimilarityIndex.Term]], isLocal: [Bool], groups: [JSONPointer]) {
        precondition(terms.count == isLocal.count && terms.count == groups.count)
        self.terms = terms
        self.isLocal = isLocal
        self.groups = groups
        idfByFrequency = Array(repeating: .nan, count: terms.count + 1)
        counts.reserveCapacity(terms.count)
        var slot: [Int] = []
        for (position, sequence) in terms.enumerated() {
            let tool = foldCounts(sequence, slot: &slot) { place in position << 32 | place }
            // Positions come in ascending order, so each posting stays sorted.
            for entry in tool { postings[entry.term].append(position) }
            counts.append(tool)
        }
        vectors.reserveCapacity(terms.count)
        for position in terms.indices { vectors.append(vector(at: position)) }
    }

    // MARK: Update

    /// The vectors (and kept pairs) for a new list. Only tools whose terms or group differ are
    /// read again when the list has the same length and the same local tools; otherwise, or when
    /// more than an eighth of the tools changed, everything is built again.
    func updated(terms newTerms: [[SimilarityIndex.Term]], isLocal newLocal: [Bool], groups newGroups: [JSONPointer])
        -> SimilarityVectors
    {
        guard newTerms.count == terms.count, newLocal == isLocal, deadTerms <= texts.count / 2 + 1024 else {
            return rebuilt(terms: newTerms, isLocal: newLocal, groups: newGroups)
        }
        var changed: [Int] = []
        for position in newTerms.indices
        where newGroups[position] != groups[position] || newTerms[position] != terms[position] {
            changed.append(position)
            if changed.count * 8 > terms.count + 8 {
                return rebuilt(terms: newTerms, isLocal: newLocal, groups: newGroups)
            }
        }
        var next = self
        next.lastUpdate = .incremental(vectors: 0)
        if changed.isEmpty { return next }
        next.apply(changed, terms: newTerms, groups: newGroups)
        return next
    }

    private func rebuilt(terms: [[SimilarityIndex.Term]], isLocal: [Bool], groups: [JSONPointer]) -> SimilarityVectors {
        var fresh = SimilarityVectors(terms: terms, isLocal: isLocal, groups: groups)
        fresh.lastUpdate = .rebuilt
        for kept in pairLists { _ = fresh.pairs(threshold: kept.threshold) }
        return fresh
    }

    private mutating func apply(
        _ changed: [Int], terms newTerms: [[SimilarityIndex.Term]], groups newGroups: [JSONPointer]
    ) {
        // Each touched term's frequency and key before the change.
        var before: [Int: (frequency: Int, key: Int)] = [:]
        func touch(_ id: Int) {
            if before[id] == nil { before[id] = (postings[id].count, keys[id]) }
        }
        var slot: [Int] = []
        for position in changed {
            groups[position] = newGroups[position]
            terms[position] = newTerms[position]
            let old = counts[position]
            // A new term's key is set below, once its first tool is known.
            let tool = foldCounts(newTerms[position], slot: &slot) { _ in Int.max }
            let newIds = Set(tool.map(\.term))
            for entry in old where !newIds.contains(entry.term) {
                touch(entry.term)
                remove(position, from: entry.term)
            }
            let oldIds = Set(old.map(\.term))
            for entry in tool {
                touch(entry.term)
                if !oldIds.contains(entry.term) { insert(position, into: entry.term) }
            }
            counts[position] = tool
        }
        var dirty = Set(changed)
        for (id, old) in before {
            guard let first = postings[id].first else {
                // No tool holds the term any more; the tools that did are among the changed.
                vocabulary[texts[id]] = nil
                keys[id] = Int.max
                deadTerms += 1
                continue
            }
            let place = counts[first].first(where: { $0.term == id })!.first
            keys[id] = first << 32 | place
            if postings[id].count != old.frequency || keys[id] != old.key { dirty.formUnion(postings[id]) }
        }
        let rebuilt = dirty.sorted()
        for position in rebuilt { vectors[position] = vector(at: position) }
        lastUpdate = .incremental(vectors: rebuilt.count)
        for index in pairLists.indices {
            if rebuilt.count * 4 > terms.count {
                pairLists[index].byTool = allPairs(threshold: pairLists[index].threshold)
            } else {
                updatePairs(at: index, rebuilt: rebuilt, dirty: dirty)
            }
        }
    }

    /// A tool's terms as summed counts in first-occurrence order. A term new to the
    /// vocabulary gets the next id and `newTermKey(place)` as its key. `slot` is scratch
    /// space by term id, all -1 between calls.
    private mutating func foldCounts(
        _ sequence: [SimilarityIndex.Term], slot: inout [Int], newTermKey: (_ place: Int) -> Int
    ) -> [Count] {
        var tool: [Count] = []
        for (place, term) in sequence.enumerated() {
            let id: Int
            if let known = vocabulary[term.text] {
                id = known
            } else {
                id = texts.count
                vocabulary[term.text] = id
                texts.append(term.text)
                postings.append([])
                keys.append(newTermKey(place))
            }
            if slot.count <= id { slot.append(contentsOf: repeatElement(-1, count: texts.count - slot.count)) }
            if slot[id] < 0 {
                slot[id] = tool.count
                tool.append(Count(term: id, count: 0, first: place))
            }
            tool[slot[id]].count += term.weight
        }
        for entry in tool { slot[entry.term] = -1 }
        return tool
    }

    private mutating func remove(_ position: Int, from id: Int) {
        if let at = lowerBound(position, in: postings[id]), postings[id][at] == position { postings[id].remove(at: at) }
    }

    private mutating func insert(_ position: Int, into id: Int) {
        postings[id].insert(position, at: lowerBound(position, in: postings[id]) ?? postings[id].count)
    }

    /// The first index whose element is not below `value`, `nil` when there is none.
    private func lowerBound(_ value: Int, in sorted: [Int]) -> Int? {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count ? low : nil
    }

    /// Pairs that touch a rebuilt vector are worked out again; the others stay.
    private mutating func updatePairs(at index: Int, rebuilt: [Int], dirty: Set<Int>) {
        let threshold = pairLists[index].threshold
        var byTool = pairLists[index].byTool
        var added: [Int: [Pair]] = [:]
        var candidates: [Int] = []
        var listedFor = [Int](repeating: -1, count: terms.count)
        for position in rebuilt {
            self.candidates(of: position, into: &candidates, listedFor: &listedFor)
            var own: [Pair] = []
            for other in candidates {
                if isLocal[other], isLocal[position], groups[other] != groups[position] { continue }
                // Only the side that is not rebuilt takes the pair here; a rebuilt other gets
                // its own list when its turn comes.
                let forOther = isLocal[other] && !dirty.contains(other)
                guard isLocal[position] || forOther else { continue }
                let cosine = dot(vectors[position], vectors[other])
                guard cosine >= threshold else { continue }
                if isLocal[position] { own.append(Pair(local: position, other: other, cosine: cosine)) }
                if forOther { added[other, default: []].append(Pair(local: other, other: position, cosine: cosine)) }
            }
            if isLocal[position] { byTool[position] = own }
        }
        for local in byTool.indices where isLocal[local] && !dirty.contains(local) {
            let extra = added[local] ?? []
            guard !extra.isEmpty || byTool[local].contains(where: { dirty.contains($0.other) }) else { continue }
            var list = byTool[local].filter { !dirty.contains($0.other) }
            list += extra
            list.sort { $0.other < $1.other }
            byTool[local] = list
        }
        pairLists[index].byTool = byTool
    }

    // MARK: Vectors and pairs

    private mutating func vector(at position: Int) -> [Weight] {
        let tool = counts[position]
        var vector: [Weight] = []
        vector.reserveCapacity(tool.count)
        for entry in tool {
            vector.append(
                Weight(key: keys[entry.term], value: (1 + countLog(entry.count)) * idf(postings[entry.term].count)))
        }
        vector.sort { $0.key < $1.key }
        var norm = 0.0
        for entry in vector { norm += entry.value * entry.value }
        let length = norm.squareRoot()
        if length > 0 { for index in vector.indices { vector[index].value /= length } }
        return vector
    }

    private mutating func idf(_ frequency: Int) -> Double {
        let known = idfByFrequency[frequency]
        if !known.isNaN { return known }
        let value = log(1 + Double(max(terms.count, 1)) / Double(frequency))
        idfByFrequency[frequency] = value
        return value
    }

    private mutating func countLog(_ count: Double) -> Double {
        if let known = countLogs[count] { return known }
        let value = log(count)
        countLogs[count] = value
        return value
    }

    /// Pairs of a local tool with any other tool of the same tool list (same group) or of
    /// another document, at or above `threshold`, by local tool then other tool. Kept for the
    /// next update.
    mutating func pairs(threshold: Double) -> [Pair] {
        if let kept = pairLists.first(where: { $0.threshold == threshold }) { return Array(kept.byTool.joined()) }
        let byTool = allPairs(threshold: threshold)
        if pairLists.count >= Self.keptThresholds { pairLists.removeFirst() }
        pairLists.append((threshold, byTool))
        return Array(byTool.joined())
    }

    /// Candidates come from terms held by at most `maxPosting` tools: a pair that similar shares
    /// rarer words too, and skipping the common ones keeps the work near-linear.
    private var maxPosting: Int { max(64, Int(Double(terms.count).squareRoot() * 4)) }

    private func allPairs(threshold: Double) -> [[Pair]] {
        var byTool = [[Pair]](repeating: [], count: terms.count)
        // Which tool last listed each tool as a candidate: no set to hash into.
        var listedFor = [Int](repeating: -1, count: terms.count)
        var candidates: [Int] = []
        for local in terms.indices where isLocal[local] {
            self.candidates(of: local, into: &candidates, listedFor: &listedFor)
            for other in candidates {
                if isLocal[other], groups[other] != groups[local] { continue }
                let cosine = dot(vectors[local], vectors[other])
                if cosine >= threshold { byTool[local].append(Pair(local: local, other: other, cosine: cosine)) }
            }
        }
        return byTool
    }

    /// The tools sharing a not-too-common term with `position`, ascending.
    private func candidates(of position: Int, into candidates: inout [Int], listedFor: inout [Int]) {
        candidates.removeAll(keepingCapacity: true)
        let limit = maxPosting
        for entry in counts[position] where postings[entry.term].count <= limit {
            for other in postings[entry.term] where other != position && listedFor[other] != position {
                listedFor[other] = position
                candidates.append(other)
            }
        }
        candidates.sort()
    }

    func cosine(_ a: Int, _ b: Int) -> Double { dot(vectors[a], vectors[b]) }

    private func dot(_ a: [Weight], _ b: [Weight]) -> Double {
        var sum = 0.0
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i].key == b[j].key {
                sum += a[i].value * b[j].value
                i += 1
                j += 1
            } else if a[i].key < b[j].key {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }
}
