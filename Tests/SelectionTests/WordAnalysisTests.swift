import TestSupport
import Testing

@testable import Selection

/// The byte-level word analysis (`WordAnalyzer`, `ByteStemmer`, `TermIds`) against the
/// `String` path it replaces for ASCII words (`TermSplitter.isContentWord`, `normalize`,
/// the first `String` stemmer (kept below as `ReferenceStemmer`), a `[String: Int]` vocabulary),
/// on every listed word and generated ones.
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
            #expect(String(decoding: bytes[0..<length], as: UTF8.self) == ReferenceStemmer.stem(word), "word: \(word)")
            #expect(Stemmer.stem(word) == ReferenceStemmer.stem(word), "word: \(word)")
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

/// The stemmer as first written on `[UInt8]` arrays, before `ByteStemmer` became the one
/// implementation: the reference both forms are held to.
private enum ReferenceStemmer {
    static func stem(_ word: String) -> String {
        guard word.utf8.count > 3, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        var w = Array(word.utf8)
        stripPlural(&w)
        stripVerbEnding(&w)
        if ends(w, "ation"), w.count > 6 {
            w.removeLast(5)
            w.append(contentsOf: Array("ate".utf8))
        } else if ends(w, "tion") || ends(w, "sion"), w.count - 3 >= 4 {
            w.removeLast(3)
        }
        if w.last == UInt8(ascii: "e"), w.count > 3, !ends(w, "ee") { w.removeLast() }
        return String(decoding: w, as: UTF8.self)
    }

    private static func stripPlural(_ w: inout [UInt8]) {
        if ends(w, "ies"), !ends(w, "eies"), !ends(w, "aies"), w.count > 4 {
            w.removeLast(3)
            w.append(UInt8(ascii: "y"))
        } else if ends(w, "es"), !ends(w, "aes"), !ends(w, "ees"), !ends(w, "oes") {
            w.removeLast()
        } else if ends(w, "s"), !ends(w, "us"), !ends(w, "ss"), !ends(w, "is") {
            w.removeLast()
        }
    }

    private static func stripVerbEnding(_ w: inout [UInt8]) {
        var stripped = false
        if ends(w, "ing"), w.count - 3 >= 3, hasVowel(w.dropLast(3)) {
            w.removeLast(3)
            stripped = true
        } else if ends(w, "ed"), !ends(w, "eed"), w.count - 2 >= 3, hasVowel(w.dropLast(2)) {
            w.removeLast(2)
            stripped = true
        }
        if stripped, w.count >= 2, w[w.count - 1] == w[w.count - 2], isConsonant(w[w.count - 1]),
            !"lsz".utf8.contains(w[w.count - 1])
        {
            w.removeLast()
        }
    }

    private static func ends(_ w: [UInt8], _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard w.count >= count else { return false }
        let bytes = suffix.utf8Start
        let start = w.count - count
        for k in 0..<count where w[start + k] != bytes[k] { return false }
        return true
    }

    private static func hasVowel(_ w: ArraySlice<UInt8>) -> Bool {
        w.contains { "aeiouy".utf8.contains($0) }
    }

    private static func isConsonant(_ c: UInt8) -> Bool { !"aeiou".utf8.contains(c) }
}
