import TestSupport
import Testing

@testable import Selection

/// The byte-level word analysis (`WordAnalyzer`, `ByteStemmer`, `TermIds`) against the
/// `String` path it replaces for ASCII words (`TermSplitter.isContentWord`, `normalize`,
/// `Stemmer.stem`, a `[String: Int]` vocabulary), on every listed word and generated ones.
@Suite struct WordAnalysisTests {
    /// Words built to hit every suffix rule of the stemmer, and plain random ones.
    static func generatedWords(count: Int, seed: UInt64) -> [String] {
        var g = SplitMix64(seed: seed)
        let stems = ["creat", "stop", "bill", "buzz", "pass", "box", "quer", "intersect", "calcul", "agre", "a", "xy"]
        let suffixes = [
            "", "s", "es", "ies", "eies", "aies", "aes", "ees", "oes", "us", "ss", "is", "ing", "ed", "eed", "ation",
            "tion", "sion", "e", "ee", "ings", "eds", "ations", "pping", "lled", "zzed", "ssing", "y", "2", "42s",
        ]
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return (0..<count).map { i in
            if i % 3 == 0 {
                return String((0..<Int.random(in: 1...10, using: &g)).map { _ in letters.randomElement(using: &g)! })
            }
            return stems.randomElement(using: &g)! + suffixes.randomElement(using: &g)!
                + (i % 5 == 0 ? suffixes.randomElement(using: &g)! : "")
        }
    }

    static var listedWords: [String] {
        Array(StopWords.words) + Array(Abbreviations.table.keys)
            + Abbreviations.table.values.flatMap { $0.split(separator: " ").map(String.init) }
            + Synonyms.groups.flatMap { $0 } + ["", "a", "1", "12", "a1", "1a", "2024", "x2"]
    }

    @Test func stemmerOnBytesMatchesStemmer() {
        for word in Self.listedWords + Self.generatedWords(count: 5000, seed: 11) {
            var bytes = Array(word.utf8)
            let length = bytes.withUnsafeMutableBufferPointer { ByteStemmer.stem($0) }
            #expect(String(decoding: bytes[0..<length], as: UTF8.self) == Stemmer.stem(word), "word: \(word)")
        }
    }

    @Test(arguments: zip([true, true, false, false], [true, false, true, false]))
    func analyzerMatchesTermSplitter(stemming: Bool, abbreviations: Bool) {
        let analyzer = WordAnalyzer(stemming: stemming, abbreviations: abbreviations)
        let splitter = TermSplitter(stemming: stemming, abbreviations: abbreviations)
        var terms = TermBytes()
        var contentWords = 0
        for word in Self.listedWords + Self.generatedWords(count: 3000, seed: 5) {
            var copy = word
            copy.withUTF8 { bytes in
                #expect(WordAnalyzer.isPlain(bytes))
                let content = analyzer.isContent(bytes)
                #expect(content == TermSplitter.isContentWord(word), "word: \(word)")
                guard content else { return }
                contentWords += 1
                analyzer.normalize(bytes, into: &terms)
                let actual = (0..<terms.count).map { i in terms.withTerm(i) { String(decoding: $0, as: UTF8.self) } }
                #expect(actual == splitter.normalize(word), "word: \(word)")
            }
        }
        #expect(contentWords > 2000)
    }

    @Test func onlyLowerCaseLettersAndDigitsArePlain() {
        for (word, plain) in [("abc", true), ("a1", true), ("", true), ("aB", false), ("a-b", false), ("café", false)] {
            var copy = word
            #expect(copy.withUTF8 { WordAnalyzer.isPlain($0) } == plain, "word: \(word)")
        }
    }

    /// Term ids behave as a `[String: Int]` keyed by term text, whose equality is canonical
    /// equivalence: "é" as one scalar and as "e" + combining accent are one term.
    @Test func termIdsActLikeAStringDictionary() {
        var g = SplitMix64(seed: 8)
        var ids = TermIds(minimumCapacity: 4)
        var reference: [String: Int] = [:]
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        let terms = Self.generatedWords(count: 2000, seed: 9) + [composed, decomposed, "stra\u{DF}e", "東京", "k"]
        for _ in 0..<3000 {
            let term = terms.randomElement(using: &g)!
            #expect(ids.find(term) == reference[term], "term: \(term)")
            if reference[term] == nil {
                let id = reference.count
                reference[term] = id
                ids.insert(term, id: id)
            }
        }
        for (term, id) in reference {
            #expect(ids.find(term) == id)
            var bytes = term
            if bytes.withUTF8({ TermIds.isASCII($0) }) {
                #expect(bytes.withUTF8 { ids.find(ascii: $0) } == id)
            }
        }
        ids.insert(composed, id: 99_999)
        #expect(ids.find(decomposed) == 99_999)
    }
}
