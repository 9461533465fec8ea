/// Which tiktoken split pattern to reproduce.
enum SplitPattern: Sendable {
    /// `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`
    case cl100k
    /// The seven-alternative o200k pattern (case-group words with optional contractions, digits
    /// in threes, punctuation runs with trailing `[\r\n/]*`, whitespace as cl100k minus `\s++$`).
    case o200k
}

/// Hand-written equivalent of the tiktoken split regexes: each call returns the end of the
/// leftmost-first match starting at a position, as the backtracking engine would find it.
struct PreTokenizer {
    let reader: ScalarReader
    let pattern: SplitPattern

    /// End (exclusive byte offset) of the piece starting at `i` (`i < reader.count`).
    @inline(__always) func pieceEnd(from i: Int) -> Int {
        switch pattern {
        case .cl100k: return cl100kEnd(from: i)
        case .o200k: return o200kEnd(from: i)
        }
    }

    private func cl100kEnd(from i: Int) -> Int {
        let r = reader
        if let e = r.contraction(at: i) { return e }
        let (f, l) = r.scalar(at: i)
        if f & ScalarClass.letter != 0 { return r.run(from: i + l, while: ScalarClass.letter) }
        if f & ScalarClass.number != 0 { return numberEnd(from: i + l) }
        // Possessive `[^\r\n\p{L}\p{N}]?+\p{L}++`: the prefix only counts if a letter follows.
        if ScalarClass.isPrefix(f) && r.scalar(at: i + l).flags & ScalarClass.letter != 0 {
            return r.run(from: i + l, while: ScalarClass.letter)
        }
        if let e = punctuationEnd(from: i, flags: f, length: l, slash: false) { return e }
        return whitespaceEnd(from: i, endAnchored: true)
    }

    private func o200kEnd(from i: Int) -> Int {
        let r = reader
        let (f, l) = r.scalar(at: i)
        let isPrefix = ScalarClass.isPrefix(f)
        // Alternative 1, then 2, each first with the optional prefix scalar and then without.
        if isPrefix, let e = lowerWordEnd(from: i + l) { return withContraction(e) }
        if f & (ScalarClass.upper | ScalarClass.lower) != 0, let e = lowerWordEnd(from: i) {
            return withContraction(e)
        }
        if isPrefix, let e = upperWordEnd(from: i + l) { return withContraction(e) }
        if let e = upperWordEnd(from: i) { return withContraction(e) }
        if f & ScalarClass.number != 0 { return numberEnd(from: i + l) }
        if let e = punctuationEnd(from: i, flags: f, length: l, slash: true) { return e }
        return whitespaceEnd(from: i, endAnchored: false)
    }

    /// `\p{N}{1,3}` given the first digit already matched up to `i`.
    @inline(__always) private func numberEnd(from i: Int) -> Int {
        var j = i
        for _ in 0..<2 {
            let (f, l) = reader.scalar(at: j)
            guard f & ScalarClass.number != 0 else { break }
            j += l
        }
        return j
    }

    /// `[U]*[W]+` with greedy backtracking (U = Lu Lt Lm Lo M, W = Ll Lm Lo M). Greedy `U*`
    /// takes the whole U run; if the next scalar is not in W the engine gives back U scalars
    /// until one in W (Lm/Lo/M) ends the match.
    private func lowerWordEnd(from p: Int) -> Int? {
        let r = reader
        var j = p
        var lastLowerEnd: Int?
        while true {
            let (f, l) = r.scalar(at: j)
            if f & ScalarClass.upper == 0 {
                if f & ScalarClass.lower != 0 { return r.run(from: j + l, while: ScalarClass.lower) }
                return lastLowerEnd
            }
            j += l
            if f & ScalarClass.lower != 0 { lastLowerEnd = j }
        }
    }

    /// `[U]+[W]*`, greedy with nothing after it that can fail.
    private func upperWordEnd(from p: Int) -> Int? {
        let r = reader
        let (f, l) = r.scalar(at: p)
        guard f & ScalarClass.upper != 0 else { return nil }
        let j = r.run(from: p + l, while: ScalarClass.upper)
        return r.run(from: j, while: ScalarClass.lower)
    }

    @inline(__always) private func withContraction(_ e: Int) -> Int {
        reader.contraction(at: e) ?? e
    }

    /// ` ?[^\s\p{L}\p{N}]+[\r\n]*` (cl100k, possessive) or `... [\r\n/]*` (o200k).
    @inline(__always) private func punctuationEnd(from i: Int, flags f: UInt8, length l: Int, slash: Bool) -> Int? {
        var start = i
        if !ScalarClass.isOther(f) {
            guard reader.base[i] == 0x20, ScalarClass.isOther(reader.scalar(at: i + 1).flags) else { return nil }
            start = i + 1
        }
        return reader.newlineRun(from: reader.otherRun(from: start), slash: slash)
    }

    /// The whitespace alternatives, `i` being the start of a whitespace run:
    /// cl100k `\s++$|\s*[\r\n]|\s+(?!\S)|\s`, o200k `\s*[\r\n]+|\s+(?!\S)|\s+`.
    private func whitespaceEnd(from i: Int, endAnchored: Bool) -> Int {
        let r = reader
        var j = i
        var lastNewlineEnd = -1
        var lastStart = i
        var scalars = 0
        while true {
            let (f, l) = r.scalar(at: j)
            guard f & ScalarClass.space != 0 else { break }
            lastStart = j
            scalars += 1
            j += l
            if f & ScalarClass.newline != 0 { lastNewlineEnd = j }
        }
        if endAnchored && j == r.count { return j }
        // `\s*[\r\n]` backtracks to the last newline of the run.
        if lastNewlineEnd >= 0 { return lastNewlineEnd }
        // `\s+(?!\S)`: the run minus its last scalar, unless the run reaches the end.
        if j == r.count { return j }
        if scalars >= 2 { return lastStart }
        return j
    }
}
