/// Word patterns tried in order over one word list, as `[WordPattern]` would try them, but
/// with each word hashed once: a table maps every pattern's anchor words (the words its first
/// slot accepts) to the patterns they can start, instead of each pattern hashing every word.
struct WordPatternList: Sendable {
    let patterns: [WordPattern]
    /// Bit `p` set: the word can start pattern `p`.
    private let starts: [String: UInt64]
    /// Patterns whose first slot is not a plain word list: any word can start them.
    private let unanchored: UInt64

    init(_ sources: [String]) {
        precondition(sources.count <= 64, "one bit per pattern")
        patterns = sources.map(WordPattern.init)
        var starts: [String: UInt64] = [:]
        var unanchored: UInt64 = 0
        for (position, pattern) in patterns.enumerated() {
            guard let anchors = pattern.anchors else {
                unanchored |= 1 << UInt64(position)
                continue
            }
            for word in anchors { starts[word, default: 0] |= 1 << UInt64(position) }
        }
        self.starts = starts
        self.unanchored = unanchored
    }

    /// The first pattern (in list order) that matches, with the words of its first match.
    func firstMatch(in words: [String]) -> (pattern: WordPattern, text: String)? {
        guard !words.isEmpty else { return nil }
        var masks: [UInt64] = []
        masks.reserveCapacity(words.count)
        var any = unanchored
        for word in words {
            let mask = (starts[word] ?? 0) | unanchored
            masks.append(mask)
            any |= mask
        }
        guard any != 0 else { return nil }
        for (position, pattern) in patterns.enumerated() {
            let bit: UInt64 = 1 << UInt64(position)
            guard any & bit != 0 else { continue }
            for start in words.indices where masks[start] & bit != 0 {
                if let end = pattern.match(from: start, in: words) {
                    return (pattern, words[start..<end].joined(separator: " "))
                }
            }
        }
        return nil
    }

    /// Whether any pattern matches.
    func matches(_ words: [String]) -> Bool { firstMatch(in: words) != nil }
}
