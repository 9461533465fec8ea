import JSON
import ToolModel

/// Turns a prompt's flags into findings at the prompt's place in the prompt file.
enum SelectionFindings {
    /// Appends them to `out` (the run's list: no array per prompt, no copy of each finding).
    static func findings(for result: PromptResult, simulator: SelectionSimulator, into out: inout [Finding]) {
        let prompt = result.prompt
        let ranking = result.ranking
        let top = ranking.top
        // Nested functions capture this array, not the simulator (a copy of it per call).
        let tools = simulator.tools
        func location(_ tool: RankedTool, _ note: String) -> RelatedLocation {
            let reference = tools[tool.index]
            return RelatedLocation(uri: reference.uri, pointer: reference.pointer, message: note)
        }
        func related(_ tool: RankedTool?, _ note: String) -> [RelatedLocation] {
            guard let tool else { return [] }
            return [location(tool, note)]
        }
        for flag in result.flags {
            switch flag {
            case .wrongToolWins:
                guard let top, let name = prompt.expectation?.toolName, let rank = result.expectedRank else { continue }
                let expectedScore = result.expectedScore ?? 0
                let gap = top.score - expectedScore
                let how = gap > 0 ? "by \(format(gap)) (\(format(top.score)) vs \(format(expectedScore)))" : "on a tie"
                var locations = related(top, "`\(top.name)` wins this prompt")
                if let expected = simulator.toolIndex(named: name) {
                    let reference = tools[expected]
                    locations.append(
                        RelatedLocation(
                            uri: reference.uri, pointer: reference.pointer, message: "expected tool `\(name)`"))
                }
                out.append(
                    Finding(
                        ruleId: flag.rawValue, severity: .warning,
                        message: "`\(top.name)` beats the expected `\(name)` \(how); `\(name)` ranks \(rank + 1). "
                            + "Make `\(name)`'s description use the words such prompts use.",
                        pointer: prompt.pointer, related: locations))
            case .nearTie:
                guard let top, ranking.ranking.count > 1 else { continue }
                let second = ranking.ranking[1]
                out.append(
                    Finding(
                        ruleId: flag.rawValue, severity: .info,
                        message: "`\(top.name)` (\(format(top.score))) and `\(second.name)` (\(format(second.score))) "
                            + "nearly tie (margin \(percent(ranking.relativeMargin))); a model may pick either.",
                        pointer: prompt.pointer,
                        related: [location(top, "first: `\(top.name)`"), location(second, "second: `\(second.name)`")]))
            case .noSignal:
                out.append(
                    Finding(
                        ruleId: flag.rawValue, severity: .warning,
                        message: top.flatMap { $0.score > 0 ? $0 : nil }.map { top in
                            "No tool shares a word with this prompt; only word meaning ranks `\(top.name)` first, "
                                + "so the choice is a guess."
                        } ?? "No tool shares a word with this prompt; the choice would be a guess.",
                        pointer: prompt.pointer))
            case .noToolFits:
                if case .noTool = prompt.expectation, let top {
                    out.append(
                        Finding(
                            ruleId: flag.rawValue, severity: .warning,
                            message: "Expected no tool to fit, but `\(top.name)` covers "
                                + "\(percent(ranking.coverage)) of the prompt (\(words(ranking.sharedWords))).",
                            pointer: prompt.expectation?.pointer ?? prompt.pointer,
                            related: related(top, "`\(top.name)` fits")))
                } else {
                    let covers = percent(ranking.coverage)
                    let message =
                        top.map { "No tool fits this prompt well. The best candidate, `\($0.name)`, covers \(covers)." }
                        ?? "No tool fits this prompt well."
                    out.append(
                        Finding(
                            ruleId: flag.rawValue, severity: prompt.expectation == nil ? .info : .warning,
                            message: message, pointer: prompt.pointer, related: related(top, "best candidate")))
                }
            }
        }
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return String(rounded)
    }

    static func percent(_ value: Double) -> String {
        "\(Int((value * 100).rounded()))%"
    }

    static func words(_ words: [String]) -> String {
        words.isEmpty ? "no shared words" : words.prefix(5).map { "`\($0)`" }.joined(separator: ", ")
    }
}

/// The closest name by edit distance, when close enough to be a likely typo.
enum NameSuggestion {
    static func closest(to name: String, among names: [String]) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in names {
            let d = distance(target, Array(candidate.lowercased().unicodeScalars))
            if d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        guard let best, best.distance <= max(2, target.count / 3) else { return nil }
        return best.name
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
