import CSelectionKernels
import JSON
import TestSupport
import Testing

@testable import Selection

/// The optimised scorer (byte-level word table, inverted index, blocked SIMD cosines, per-run
/// memo of unknown words) against `ReferenceScorer` and plain re-implementations of its parts,
/// on generated tools and prompts: scores must be bit-identical, not just close.
@Suite struct FastScorerEquivalenceTests {
    typealias Generator = SplitMix64

    /// Tool-ish and prompt-ish words: stems, abbreviations, synonyms, stop words, numbers,
    /// number words, camelCase and snake_case, non-ASCII.
    static let words = [
        "search", "issues", "repository", "create", "created", "creating", "delete", "remove", "file", "files",
        "weather", "forecast", "city", "cities", "convert", "conversion", "currency", "euro", "USD", "getUserInfo",
        "list_pull_requests", "HTMLParser", "calc", "repo", "config", "info", "mkdir", "the", "of", "a", "is", "for",
        "please", "get", "42", "2024", "x", "café", "naïve", "Straße", "東京", "running", "boxes", "make", "price",
        "cost", "book", "reservation", "photo", "image", "number", "one", "hundred", "temperature", "Paris",
        "flight", "hotel", "email", "send", "message", "user", "account", "v2", "OAuth2Token", "db.query", "run",
        "runs", "stock", "quote", "translate", "French", "distance", "between", "area", "circle", "radius",
    ]

    static func word(_ g: inout Generator) -> String {
        if Int.random(in: 0..<6, using: &g) == 0 {
            // A word no list holds (mostly unknown to the tools).
            let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789é")
            return String((0..<Int.random(in: 1...9, using: &g)).map { _ in letters.randomElement(using: &g)! })
        }
        return words.randomElement(using: &g)!
    }

    static func sentence(_ g: inout Generator, _ range: ClosedRange<Int>) -> String {
        let separators = [" ", " ", " ", ", ", ". ", "-", "_", "/", " (", ") "]
        var out = ""
        for i in 0..<Int.random(in: range, using: &g) {
            if i > 0 { out += separators.randomElement(using: &g)! }
            out += word(&g)
        }
        return out
    }

    static func tools(_ g: inout Generator, count: Int) -> [ToolText] {
        (0..<count).map { i in
            var name = word(&g)
            for _ in 0..<Int.random(in: 0...2, using: &g) {
                let next = word(&g)
                name += Bool.random(using: &g) ? "_" + next : next.prefix(1).uppercased() + next.dropFirst()
            }
            let parameters = (0..<Int.random(in: 0...3, using: &g)).map { _ in word(&g) }
            let types = ["integer", "string", "number", nil]
            return ToolText(
                name: name + (i % 7 == 0 ? "" : String(i)), description: sentence(&g, 0...14),
                parameterNames: parameters, parameterText: parameters.map { _ in sentence(&g, 0...6) },
                requiredParameters: parameters.prefix(1).map { ($0, types.randomElement(using: &g)!) })
        }
    }

    static var optionVariants: [ScorerOptions] {
        var leading = ScorerOptions.default
        leading.leadingBoost = 0.5
        leading.unsatisfiedNumberPenalty = 0.3
        var plain = ScorerOptions.lexical
        plain.stemming = false
        plain.abbreviations = false
        plain.synonyms = false
        plain.nameCoverageBoost = 0
        return [.default, .lexical, leading, plain]
    }

    @Test(arguments: 0..<4) func scoresMatchTheReferenceBitForBit(variant: Int) {
        let options = Self.optionVariants[variant]
        var g = Generator(seed: 7 + UInt64(variant))
        let texts = Self.tools(&g, count: 61)
        let index = SelectionIndex(texts: texts, options: options)
        let reference = ReferenceScorer(texts: texts, options: options)
        // The semantic variants really run the vector path (the bundled table is found).
        #expect((index.vectors != nil) == (options.semanticWeight > 0))
        let memo = PromptWordMemo()
        var scored = 0
        for _ in 0..<60 {
            let prompt = Self.sentence(&g, 1...18)
            let context = (0..<Int.random(in: 0...2, using: &g)).map { _ in Self.sentence(&g, 1...8) }
            let expected = reference.rankingScores(prompt, context: context)
            let query = index.query(prompt, context: context)
            let actual = index.rankingScores(query).scores
            #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "prompt: \(prompt) context: \(context)")
            let plain = reference.query(prompt, context: context)
            #expect(query.idfMass.bitPattern == plain.idfMass.bitPattern)
            #expect(query.unknownWeight == plain.unknownWeight)
            #expect(query.terms.map { index.termText[$0.id] } == plain.terms.map(\.term))
            // The memo shared across prompts changes nothing.
            let memoised = index.query(prompt, context: context, memo: memo)
            #expect(index.rankingScores(memoised).scores.map(\.bitPattern) == actual.map(\.bitPattern))
            if expected.contains(where: { $0 > 0 }) { scored += 1 }
        }
        // The generated prompts must exercise the scoring, not just score nothing.
        #expect(scored > 30)
    }

    /// A whole run through one simulator reuses its score buffers from prompt to prompt (only
    /// what the last prompt wrote is cleared): every prompt must still rank, cover, share words
    /// and place its expected tool exactly as the reference scores it on its own.
    @Test(arguments: 0..<4) func aRunOfPromptsMatchesTheReferencePromptByPrompt(variant: Int) {
        let options = Self.optionVariants[variant]
        var g = Generator(seed: 41 + UInt64(variant))
        let texts = Self.tools(&g, count: 53)
        let references = texts.enumerated().map { i, text in
            ToolReference(name: text.name + "#\(i)", uri: "file:///t.json", pointer: .root / i)
        }
        let simulator = SelectionSimulator(tools: references, texts: texts, options: options)
        let reference = ReferenceScorer(texts: texts, options: options)
        var lexicalOptions = options
        lexicalOptions.semanticWeight = 0
        let lexicalReference = ReferenceScorer(texts: texts, options: lexicalOptions)
        let prompts = (0..<80).map { i -> PromptCase in
            let context = (0..<Int.random(in: 0...1, using: &g)).map { _ in Self.sentence(&g, 1...6) }
            let expect: String? =
                i % 3 == 0 ? references.randomElement(using: &g)!.name : i % 3 == 1 ? "none" : nil
            return PromptCase(Self.sentence(&g, 1...14), expect: expect, context: context)
        }
        let report = simulator.simulate(PromptSet(uri: "file:///p.json", prompts: prompts))
        #expect(report.results.count == prompts.count)
        var ranked = 0
        for (prompt, result) in zip(prompts, report.results) {
            let text = prompt.text.value
            let scores = reference.rankingScores(text, context: prompt.context)
            let lexicalTop = lexicalReference.rankingScores(text, context: prompt.context).max() ?? 0
            let order = scores.indices.sorted { (a: Int, b: Int) -> Bool in
                if scores[a] != scores[b] { return scores[a] > scores[b] }
                return a < b
            }
            let top = Array(order.prefix(SelectionSimulator.maxRanked))
            #expect(result.ranking.ranking.map { $0.index } == top, "prompt: \(text)")
            #expect(result.ranking.ranking.map { $0.score.bitPattern } == top.map { scores[$0].bitPattern })
            #expect(result.ranking.lexicalTop.bitPattern == lexicalTop.bitPattern)
            let query = simulator.index.query(text, context: prompt.context)
            if let winner = top.first, lexicalTop > 0 {
                ranked += 1
                #expect(result.ranking.coverage == simulator.index.coverage(of: winner, for: query))
                #expect(result.ranking.sharedWords == simulator.index.sharedWords(query, tool: winner))
            } else {
                #expect(result.ranking.coverage == 0 && result.ranking.sharedWords.isEmpty)
            }
            if let name = prompt.expectation?.toolName, let expected = simulator.toolIndex(named: name) {
                let score = scores[expected]
                var rank = 0
                for (i, other) in scores.enumerated() where other > score || (other == score && i < expected) {
                    rank += 1
                }
                #expect(result.expectedRank == rank)
                #expect(result.expectedScore?.bitPattern == scores[expected].bitPattern)
            } else {
                #expect(result.expectedRank == nil)
            }
        }
        // Enough prompts share words with the tools for the comparison to mean something.
        #expect(ranked > 40)
    }

    @Test func blockedDotsEqualTheRowByRowDotProduct() {
        var g = Generator(seed: 99)
        for dimension in [128, 64, 40, 13, 8, 1] {
            for toolCount in [1, 7, 8, 9, 15, 16, 17, 31, 33] {
                let rows = (0..<(toolCount * dimension)).map { _ in Float.random(in: -1...1, using: &g) }
                let v = (0..<dimension).map { _ in Float.random(in: -1...1, using: &g) }
                let blocked = BlockedCosines(rows: rows, toolCount: toolCount, dimension: dimension)
                var out = [Float](repeating: .nan, count: blocked.paddedCount)
                v.withUnsafeBufferPointer { v in out.withUnsafeMutableBufferPointer { blocked.dots(v, into: $0) } }
                for tool in 0..<toolCount {
                    let row = Array(rows[(tool * dimension)..<((tool + 1) * dimension)])
                    let expected = ReferenceScorer.rowDot(v, row)
                    #expect(out[tool].bitPattern == expected.bitPattern, "dimension \(dimension) tool \(tool)")
                    // And the reference itself is a dot product.
                    let exact = zip(v, row).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                    #expect(abs(Double(expected) - exact) < 1e-4)
                }
            }
        }
    }

    /// The plain C, AVX2 and AVX-512 paths compute the same bits (each path this CPU has; the
    /// plain one always), so scores do not depend on the machine.
    @Test func everyInstructionSetComputesTheSameDots() {
        var g = Generator(seed: 7)
        var pathsRun = Set<Int32>()
        for dimension in [128, 64, 13, 3, 1] {
            for toolCount in [1, 16, 17, 40] {
                let rows = (0..<(toolCount * dimension)).map { _ in Float.random(in: -1...1, using: &g) }
                let v = (0..<dimension).map { _ in Float.random(in: -1...1, using: &g) }
                let blocked = BlockedCosines(rows: rows, toolCount: toolCount, dimension: dimension)
                for path: Int32 in 0...2 {
                    var out = [Float](repeating: .nan, count: blocked.paddedCount)
                    let ran = blocked.values.withUnsafeBufferPointer { table in
                        out.withUnsafeMutableBufferPointer { out in
                            tw_blocked_dots_on(
                                path, v, table.baseAddress, blocked.blocks, dimension, out.baseAddress)
                        }
                    }
                    guard ran == 1 else { continue }
                    pathsRun.insert(path)
                    for tool in 0..<toolCount {
                        let row = Array(rows[(tool * dimension)..<((tool + 1) * dimension)])
                        #expect(
                            out[tool].bitPattern == ReferenceScorer.rowDot(v, row).bitPattern,
                            "path \(path) dimension \(dimension) tool \(tool)")
                    }
                }
            }
        }
        #expect(pathsRun.contains(0))
    }

    /// The top-ten selection equals a stable sort by score (ties: the earlier tool first), for
    /// lists shorter than ten, full of ties, sparse (mostly zero) and dense.
    @Test func bestScoresEqualAStableSort() {
        var g = Generator(seed: 11)
        for count in [0, 1, 5, 10, 11, 17, 64, 1000, 1003] {
            for kind in 0..<3 {
                let scores: [Double] = (0..<count).map { _ in
                    switch kind {
                    case 0: Double(Int.random(in: 0..<4, using: &g))
                    case 1: Int.random(in: 0..<10, using: &g) == 0 ? Double.random(in: 0...5, using: &g) : 0
                    default: Double.random(in: -1...1, using: &g)
                    }
                }
                let ranked = scores.withUnsafeBufferPointer {
                    SelectionSimulator.best($0, names: (0..<count).map { "t\($0)" })
                }
                let expected = scores.indices.sorted {
                    scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1)
                }
                .prefix(SelectionSimulator.maxRanked)
                #expect(ranked.map(\.index) == Array(expected), "count \(count) kind \(kind)")
                #expect(ranked.map(\.score) == expected.map { scores[$0] })
                #expect(ranked.map(\.name) == expected.map { "t\($0)" })
            }
        }
    }

    /// The AVX-512 word split (64 bytes at a time from bit masks) gives the words and ends of
    /// the byte-at-a-time split, on texts that cross chunk edges mid-word, in camelCase runs and
    /// capitals ("HTMLParser"), and rejects the same non-ASCII texts.
    @Test func wordSplitPathsAgree() {
        var g = Generator(seed: 64)
        let alphabet = Array("aAbBzZ09_ .-xXyYmM1HTMLParserget".utf8)
        var checked = 0
        for round in 0..<3000 {
            let count = Int.random(in: 0..<300, using: &g)
            var text = (0..<count).map { _ in
                round % 2 == 0 ? alphabet.randomElement(using: &g)! : UInt8.random(in: 32..<127, using: &g)
            }
            if round % 40 == 0 && count > 0 { text[Int.random(in: 0..<count, using: &g)] = 0xC3 }
            var bytes = [[UInt8]](repeating: [UInt8](repeating: 0, count: max(1, count)), count: 2)
            var ends = [[Int]](repeating: [Int](repeating: 0, count: max(1, count)), count: 2)
            var found = [0, 0]
            for path in 0..<2 {
                found[path] = text.withUnsafeBufferPointer { text in
                    bytes[path].withUnsafeMutableBufferPointer { out in
                        ends[path].withUnsafeMutableBufferPointer { ends in
                            tw_split_ascii_words_on(
                                Int32(path), text.baseAddress, count, out.baseAddress, ends.baseAddress)
                        }
                    }
                }
            }
            guard found[1] != -2 else { return }  // no AVX-512 here: nothing to compare
            #expect(found[0] == found[1], "\(String(decoding: text, as: UTF8.self))")
            guard found[0] == found[1], found[0] > 0 else { continue }
            let words = found[0]
            #expect(Array(ends[0][0..<words]) == Array(ends[1][0..<words]))
            #expect(Array(bytes[0][0..<ends[0][words - 1]]) == Array(bytes[1][0..<ends[0][words - 1]]))
            checked += 1
        }
        #expect(checked > 1000)
    }

    /// Four prompts per pass over the tool vectors give each prompt exactly its single pass.
    @Test func batchedDotsEqualSinglePasses() {
        var g = Generator(seed: 123)
        for dimension in [128, 64, 40, 13, 8, 1] {
            for toolCount in [1, 16, 17, 33, 100] {
                let rows = (0..<(toolCount * dimension)).map { _ in Float.random(in: -1...1, using: &g) }
                let blocked = BlockedCosines(rows: rows, toolCount: toolCount, dimension: dimension)
                let vectors = (0..<4).map { _ in (0..<dimension).map { _ in Float.random(in: -1...1, using: &g) } }
                let padded = blocked.paddedCount
                var batched = [Float](repeating: .nan, count: 4 * padded)
                let flat = vectors.flatMap { $0 }
                flat.withUnsafeBufferPointer { all in
                    batched.withUnsafeMutableBufferPointer { out in
                        blocked.dots4((0..<4).map { all.baseAddress! + $0 * dimension }, into: out.baseAddress!)
                    }
                }
                for (k, v) in vectors.enumerated() {
                    var single = [Float](repeating: .nan, count: padded)
                    v.withUnsafeBufferPointer { v in
                        single.withUnsafeMutableBufferPointer { blocked.dots(v, into: $0) }
                    }
                    #expect(
                        batched[(k * padded)..<((k + 1) * padded)].map(\.bitPattern) == single.map(\.bitPattern),
                        "dimension \(dimension) tools \(toolCount) prompt \(k)")
                }
            }
        }
    }

    @Test func byteWordSplitMatchesTermSplitterWords() {
        var g = Generator(seed: 3)
        let pieces = [
            "get", "User", "ID", "HTML", "Parser", "v2", "42", "_", ".", " ", "-", "é", "Straße", "東京", "ÉCOLE", "x",
        ]
        var split = WordSplit()
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...8, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            split.split(text)
            var words: [String] = []
            split.forEachWord { words.append(String(decoding: $0, as: UTF8.self)) }
            #expect(words == TermSplitter.words(text), "text: \(text)")
        }
    }

    @Test func wordTableFindsExactlyWhatWasInserted() {
        var table = WordTable(minimumCapacity: 4)
        let words = (0..<3000).map { "w\($0)" } + ["", "a", "ab", "abc"]
        func withBytes<T>(_ word: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
            var word = word
            return word.withUTF8(body)
        }
        for (i, word) in words.enumerated() {
            #expect(withBytes(word) { table.find($0) } == nil)
            #expect(withBytes(word) { table.insert($0, hash: WordTable.hash($0)) } == i)
        }
        for (i, word) in words.enumerated() { #expect(withBytes(word) { table.find($0) } == i) }
        #expect(withBytes("w3000") { table.find($0) } == nil)
        #expect(table.count == words.count)
    }
}
