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
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var previous: CharClass = .separator
        let scalars = Array(text.unicodeScalars)
        func flush() {
            if !current.isEmpty { out.append(String(current)) }
            current = String.UnicodeScalarView()
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
            current.append(contentsOf: lowercased(scalar))
            previous = kind
        }
        flush()
        return out
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
            if abbreviations, let full = Abbreviations.table[word] {
                for part in full.split(separator: " ") {
                    out.append((word, stemming ? Stemmer.stem(String(part)) : String(part)))
                }
            } else {
                out.append((word, stemming ? Stemmer.stem(word) : word))
            }
        }
        return out
    }

    static func isContentWord(_ word: String) -> Bool {
        guard word.unicodeScalars.count >= 2, !StopWords.contains(word) else { return false }
        return !word.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> String.UnicodeScalarView {
        if scalar.isASCII {
            let v = scalar.value
            let lower = (v >= 0x41 && v <= 0x5A) ? v + 0x20 : v
            return String.UnicodeScalarView([Unicode.Scalar(lower)!])
        }
        return scalar.properties.lowercaseMapping.unicodeScalars
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
