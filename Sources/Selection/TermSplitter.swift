/// Turns prompts and tool text into index terms: identifiers are split (camelCase, snake_case,
/// dots, letter/digit boundaries), lower-cased, stop words and one-letter pieces dropped, and
/// each word is stemmed so that `create`, `creates` and `created` meet.
public struct TermSplitter: Sendable {
    public var stemming: Bool
    public var abbreviations: Bool

    public init(stemming: Bool = true, abbreviations: Bool = true) {
        self.stemming = stemming
        self.abbreviations = abbreviations
    }

    /// The words of `text` in order, split and lower-cased but neither filtered nor stemmed.
    public static func words(_ text: String) -> [String] {
        if let ascii = asciiWords(text) { return ascii }
        var out: [String] = []
        var current: [UInt8] = []
        var previous: CharClass = .separator
        let scalars = Array(text.unicodeScalars)
        func flush() {
            if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        for (i, scalar) in scalars.enumerated() {
            let kind = CharClass(scalar)
            if kind == .separator {
                flush()
                previous = .separator
                continue
            }
            var boundary = false
            switch (previous, kind) {
            case (.lower, .upper), (.digit, .upper), (.digit, .lower), (.upper, .digit), (.lower, .digit):
                boundary = true
            case (.upper, .upper):
                // "HTMLParser": the last capital of a run starts the next word.
                if i + 1 < scalars.count, CharClass(scalars[i + 1]) == .lower { boundary = true }
            default:
                break
            }
            if boundary { flush() }
            appendLowercased(scalar, to: &current)
            previous = kind
        }
        flush()
        return out
    }

    /// The same split on raw bytes, for the common all-ASCII text (no per-character strings).
    private static func asciiWords(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var out: [String] = []
            var previous: UInt8 = 0  // 0 separator, 1 upper, 2 lower, 3 digit
            var buffer: [UInt8] = []
            buffer.reserveCapacity(32)
            func flush() {
                if !buffer.isEmpty { out.append(String(decoding: buffer, as: UTF8.self)) }
                buffer.removeAll(keepingCapacity: true)
            }
            for i in 0..<bytes.count {
                let c = bytes[i]
                if c >= 0x80 { return nil }
                let kind: UInt8 =
                    (c >= 0x41 && c <= 0x5A) ? 1 : (c >= 0x61 && c <= 0x7A) ? 2 : (c >= 0x30 && c <= 0x39) ? 3 : 0
                if kind == 0 {
                    flush()
                    previous = 0
                    continue
                }
                var boundary = false
                switch (previous, kind) {
                case (2, 1), (3, 1), (3, 2), (1, 3), (2, 3):
                    boundary = true
                case (1, 1):
                    if i + 1 < bytes.count, bytes[i + 1] >= 0x61 && bytes[i + 1] <= 0x7A { boundary = true }
                default:
                    break
                }
                if boundary { flush() }
                buffer.append(kind == 1 ? c + 0x20 : c)
                previous = kind
            }
            flush()
            return out
        }
    }

    /// Index terms: words minus stop words, one-character pieces and bare numbers (values, not
    /// intent), stemmed when enabled.
    public func terms(_ text: String) -> [String] {
        termsWithWords(text).map(\.term)
    }

    /// Pairs of (surface word, term) so that messages can show words people wrote.
    /// Abbreviations (`info`, `repo`, `config`) become their full words first.
    public func termsWithWords(_ text: String) -> [(word: String, term: String)] {
        var out: [(word: String, term: String)] = []
        for word in Self.words(text) where Self.isContentWord(word) {
            for term in normalize(word) { out.append((word, term)) }
        }
        return out
    }

    /// The terms of one content word: its abbreviation expansion, stemmed.
    public func normalize(_ word: String) -> [String] {
        if abbreviations, let full = Abbreviations.table[word] {
            return full.split(separator: " ").map { stemming ? Stemmer.stem(String($0)) : String($0) }
        }
        return [stemming ? Stemmer.stem(word) : word]
    }

    static func isContentWord(_ word: String) -> Bool {
        guard word.unicodeScalars.count >= 2, !StopWords.contains(word) else { return false }
        return !word.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func appendLowercased(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        if scalar.isASCII {
            let v = UInt8(scalar.value)
            bytes.append((v >= 0x41 && v <= 0x5A) ? v + 0x20 : v)
        } else {
            bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
        }
    }
}

private enum CharClass: Equatable {
    case upper, lower, digit, separator

    init(_ scalar: Unicode.Scalar) {
        if scalar.isASCII {
            switch scalar.value {
            case 0x41...0x5A: self = .upper
            case 0x61...0x7A: self = .lower
            case 0x30...0x39: self = .digit
            default: self = .separator
            }
            return
        }
        let properties = scalar.properties
        if properties.isUppercase {
            self = .upper
        } else if properties.isAlphabetic || properties.numericType != nil {
            // Caseless scripts read as lower case: no camelCase boundaries inside them.
            self = properties.numericType == nil ? .lower : .digit
        } else {
            self = .separator
        }
    }
}

/// Function words that carry no intent. General English plus request filler ("please",
/// "want"); `get` and `use` are here because nearly every tool says them.
enum StopWords {
    static let words: Set<String> = [
        "a", "an", "the", "of", "to", "for", "in", "on", "at", "by", "with", "from", "and", "or", "is", "are",
        "be", "as", "it", "its", "this", "that", "these", "those", "into", "via", "using", "use", "used",
        "your", "you", "me", "my", "we", "our", "can", "could", "would", "should", "will", "please", "want",
        "need", "get", "given", "some", "any", "all", "each", "which", "what", "when", "where", "who", "how",
        "do", "does", "if", "then", "than", "so", "such", "not", "no", "yes", "also", "more", "most", "about",
        "over", "under", "per", "eg", "etc", "ie", "was", "were", "been", "has", "have", "had", "i", "am",
        "him", "her", "his", "she", "he", "they", "them", "their", "there", "here", "let", "lets", "like",
    ]

    static func contains(_ word: String) -> Bool { words.contains(word) }
}
