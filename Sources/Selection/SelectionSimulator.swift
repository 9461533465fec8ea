import CSelectionKernels
import JSON
import ToolModel

/// One candidate in a ranking.
public struct RankedTool: Sendable, Hashable {
    public var name: String
    public var score: Double
    /// Index into the simulator's tool list.
    public var index: Int
}

/// Where a tool of the simulator's list is defined.
public struct ToolReference: Sendable {
    public var name: String
    public var uri: String
    /// The tool's object.
    public var pointer: JSONPointer
    /// Where its name is written.
    public var namePointer: JSONPointer

    public init(name: String, uri: String, pointer: JSONPointer, namePointer: JSONPointer? = nil) {
        self.name = name
        self.uri = uri
        self.pointer = pointer
        self.namePointer = namePointer ?? pointer / "name"
    }
}

/// How one prompt was scored.
public struct PromptRanking: Sendable {
    /// Best first, at most `SelectionSimulator.maxRanked` entries (ties broken by tool order).
    public var ranking: [RankedTool]
    /// s1 − s2 (0 with fewer than two tools).
    public var margin: Double
    /// (s1 − s2) / s1; 1 with a single tool, 0 when nothing scores.
    public var relativeMargin: Double
    /// Share of the prompt's IDF mass that the winner covers (see `SelectionIndex.coverage`).
    public var coverage: Double
    /// Prompt words the winner shares, most specific first.
    public var sharedWords: [String]
    /// The best lexical (BM25) score: 0 when no tool shares a word with the prompt, even if
    /// the semantic layer still ranks them.
    public var lexicalTop: Double = 0

    public var top: RankedTool? { ranking.first }
}

/// The outcome for one prompt of a prompt set.
public struct PromptResult: Sendable {
    public var prompt: PromptCase
    public var ranking: PromptRanking
    /// 0-based rank and score of the expected tool, when one is expected and known.
    public var expectedRank: Int?
    public var expectedScore: Double?
    public var flags: [SelectionFlag]
}

public struct SimulationReport: Sendable {
    public var promptSetURI: String
    public var tools: [ToolReference]
    public var results: [PromptResult]
    /// Flags and prompt-file problems as findings located in the prompt file.
    public var findings: [Finding]
}

/// Predicts which tool a model picks for a prompt, from the tool text alone.
public struct SelectionSimulator: Sendable {
    public static let maxRanked = 10

    public let tools: [ToolReference]
    public let index: SelectionIndex
    public let thresholds: SelectionThresholds
    let toolsByName: [String: Int]
    /// Names apart from the references, so ranking copies one string, not a whole reference.
    let toolNames: [String]

    public init(
        toolSets: [ToolSet], options: ScorerOptions = .default, thresholds: SelectionThresholds = .default
    ) {
        var references: [ToolReference] = []
        var total = 0
        for set in toolSets { total += set.tools.count }
        references.reserveCapacity(total)
        for set in toolSets {
            // Definitions are read in place: a copy of each is a retain and release per field.
            set.tools.withUnsafeBufferPointer { tools in
                for i in 0..<tools.count {
                    guard let name = tools[i].name else { continue }
                    references.append(
                        ToolReference(
                            name: name.value, uri: set.uri, pointer: tools[i].pointer, namePointer: name.pointer))
                }
            }
        }
        // The index reads the definitions' text in place (no `ToolText` per tool).
        self.init(
            tools: references, index: SelectionIndex(toolSets: toolSets, options: options), thresholds: thresholds)
    }

    public init(
        tools: [ToolReference], texts: [ToolText], options: ScorerOptions = .default,
        thresholds: SelectionThresholds = .default
    ) {
        self.init(tools: tools, index: SelectionIndex(texts: texts, options: options), thresholds: thresholds)
    }

    init(tools: [ToolReference], index: SelectionIndex, thresholds: SelectionThresholds) {
        self.tools = tools
        self.thresholds = thresholds
        self.index = index
        // Names only (a copy of a whole reference is a retain per field); the first tool of a
        // name wins, so the names are entered last to first, one lookup each.
        var names: [String] = []
        names.reserveCapacity(tools.count)
        var byName = [String: Int](minimumCapacity: tools.count)
        tools.withUnsafeBufferPointer { tools in
            for i in 0..<tools.count { names.append(tools[i].name) }
        }
        for i in stride(from: names.count - 1, through: 0, by: -1) { byName[names[i]] = i }
        toolsByName = byName
        // Copies, made one after another: ranking retains ten names per prompt, and names
        // that sit together in memory stay in cache (the originals lie scattered among the
        // tool definitions).
        toolNames = names.map { String(decoding: Array($0.utf8), as: UTF8.self) }
    }

    public func toolIndex(named name: String) -> Int? { toolsByName[name] }

    /// Ranks the tools for one prompt.
    public func rank(_ prompt: String, context: [String] = []) -> PromptRanking {
        var buffers = ScoringBuffers(index: index)
        return rank(query: index.query(prompt, context: context), buffers: &buffers)
    }

    /// Ranks into reused buffers; the full scores are `buffers.ranked` afterwards.
    func rank(query: WeightedQuery, buffers: inout ScoringBuffers) -> PromptRanking {
        let lexicalTop = index.rankingScores(query, into: &buffers)
        // The closures capture the names, not `self` (a copy of the simulator is a retain per
        // array it holds).
        let names = toolNames
        let top =
            buffers.semantic
            ? buffers.mixed.withUnsafeBufferPointer { Self.best($0, names: names) }
            : buffers.lexical.withUnsafeBufferPointer { Self.best($0, names: names) }
        let s1 = top.first?.score ?? 0
        let s2 = top.count > 1 ? top[1].score : 0
        let relative: Double = s1 > 0 ? (top.count > 1 ? (s1 - s2) / s1 : 1) : 0
        var coverage = 0.0
        var shared: [String] = []
        if let winner = top.first, lexicalTop > 0 {
            buffers.markTerms(of: winner.index, in: index)
            coverage = index.coverage(ofMarked: buffers, for: query)
            shared = index.sharedWords(query, marked: buffers)
        }
        return PromptRanking(
            ranking: top, margin: top.count > 1 ? s1 - s2 : 0, relativeMargin: relative, coverage: coverage,
            sharedWords: shared, lexicalTop: lexicalTop)
    }

    /// The `maxRanked` best scores with their tools, best first; of equal scores the earlier
    /// tool comes first (`tw_best`).
    static func best(_ scores: UnsafeBufferPointer<Double>, names: [String]) -> [RankedTool] {
        let capacity = min(maxRanked, scores.count)
        guard capacity > 0 else { return [] }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: capacity) { best in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { tools in
                let count = tw_best(scores.baseAddress, scores.count, capacity, best.baseAddress, tools.baseAddress)
                return (0..<count).map { RankedTool(name: names[tools[$0]], score: best[$0], index: tools[$0]) }
            }
        }
    }

    /// Scores one prompt case and decides its flags.
    public func evaluate(_ prompt: PromptCase) -> PromptResult {
        var buffers = ScoringBuffers(index: index)
        return evaluate(prompt, memo: nil, buffers: &buffers)
    }

    func evaluate(_ prompt: PromptCase, memo: PromptWordMemo?, buffers: inout ScoringBuffers) -> PromptResult {
        evaluate(prompt, query: index.query(prompt.text.value, context: prompt.context, memo: memo), buffers: &buffers)
    }

    func evaluate(_ prompt: PromptCase, query: WeightedQuery, buffers: inout ScoringBuffers) -> PromptResult {
        let ranking = rank(query: query, buffers: &buffers)
        var flags: [SelectionFlag] = []
        var expectedRank: Int?
        var expectedScore: Double?
        if let name = prompt.expectation?.toolName, let expected = toolsByName[name] {
            let count = { (scores: UnsafeBufferPointer<Double>) -> (Int, Double) in
                let score = scores[expected]
                var rank = 0
                for i in 0..<scores.count where scores[i] > score || (scores[i] == score && i < expected) {
                    rank += 1
                }
                return (rank, score)
            }
            let (rank, score) =
                buffers.semantic
                ? buffers.mixed.withUnsafeBufferPointer(count) : buffers.lexical.withUnsafeBufferPointer(count)
            expectedRank = rank
            expectedScore = score
            if rank > 0 { flags.append(.wrongToolWins) }
        }
        if ranking.lexicalTop <= 0 {
            if prompt.expectation?.toolName != nil || prompt.expectation == nil { flags.append(.noSignal) }
        } else {
            if ranking.ranking.count > 1 && ranking.relativeMargin < thresholds.nearTieRelativeMargin {
                flags.append(.nearTie)
            }
            let fits = ranking.coverage >= thresholds.noFitCoverage
            if case .noTool = prompt.expectation {
                if fits { flags.append(.noToolFits) }
            } else if !fits {
                flags.append(.noToolFits)
            }
        }
        return PromptResult(
            prompt: prompt, ranking: ranking, expectedRank: expectedRank, expectedScore: expectedScore, flags: flags)
    }

    /// Simulates a whole prompt set against the given tools.
    public static func simulate(
        promptSet: PromptSet, toolSets: [ToolSet], options: ScorerOptions = .default,
        thresholds: SelectionThresholds = .default
    ) -> SimulationReport {
        let simulator = SelectionSimulator(toolSets: toolSets, options: options, thresholds: thresholds)
        return simulator.simulate(promptSet)
    }

    /// How many prompts' queries are built before any of them is ranked.
    static let queryChunk = 1024

    public func simulate(_ promptSet: PromptSet) -> SimulationReport {
        var findings = promptSet.findings
        var results: [PromptResult] = []
        results.reserveCapacity(promptSet.prompts.count)
        let memo = PromptWordMemo()
        var buffers = ScoringBuffers(index: index)
        let prompts = promptSet.prompts
        // Reused from chunk to chunk (their arrays keep their storage).
        var queries = [WeightedQuery](
            repeating: WeightedQuery(terms: [], unknownWeight: 0, idfMass: 0),
            count: min(Self.queryChunk, prompts.count))
        var start = 0
        // Many prompts' queries first, while the word memo is all the run touches (between
        // rankings the tool vectors, cosines and postings push it out of the caches), then a
        // few prompts at a time: their cosines come from one pass over the tool vectors.
        while start < prompts.count {
            let end = min(start + Self.queryChunk, prompts.count)
            // By index, not by element: iterating copies each prompt (a retain per field).
            for i in start..<end {
                index.query(prompts[i].text.value, context: prompts[i].context, memo: memo, into: &queries[i - start])
            }
            var batch = start
            while batch < end {
                let batchEnd = min(batch + ScoringBuffers.cosineBatch, end)
                buffers.precomputeCosines(queries[(batch - start)..<(batchEnd - start)], index: index)
                for i in batch..<batchEnd {
                    if case .tool(let name, let at) = prompts[i].expectation, toolsByName[name] == nil {
                        findings.append(unknownToolFinding(name, at: at))
                    }
                    buffers.cosineSlot = i - batch
                    let result = evaluate(prompts[i], query: queries[i - start], buffers: &buffers)
                    SelectionFindings.findings(for: result, simulator: self, into: &findings)
                    results.append(result)
                }
                buffers.cosineSlot = nil
                batch = batchEnd
            }
            start = end
        }
        return SimulationReport(promptSetURI: promptSet.uri, tools: tools, results: results, findings: findings)
    }

    private func unknownToolFinding(_ name: String, at pointer: JSONPointer) -> Finding {
        let suggestion = NameSuggestion.closest(to: name, among: tools.map(\.name))
        var message = "No tool named `\(name)` in the simulated tool files."
        var fixes: [Fix] = []
        if let suggestion {
            message += " Did you mean `\(suggestion)`?"
            fixes.append(
                Fix(title: "Expect `\(suggestion)`", operations: [.replace(pointer, .string(suggestion))]))
        }
        return Finding(
            ruleId: PromptSetReader.unknownToolRuleId, severity: .error, message: message, pointer: pointer,
            fixes: fixes)
    }
}
