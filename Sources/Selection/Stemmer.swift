/// A light English suffix stripper: plurals (Harman's S-stemmer), `-ing`/`-ed` with
/// undoubling, `-ation` → `-ate`, `-tion`/`-sion` → `-t`/`-s`, then a final `e`, so that inflected forms of one word meet.
/// Deliberately weaker than Porter: tool vocabularies are full of technical words that
/// aggressive stemming merges wrongly. Non-ASCII words are returned unchanged.
public enum Stemmer {
    public static func stem(_ word: String) -> String {
        guard word.utf8.count > 3, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        var w = Array(word.utf8)
        stripPlural(&w)
        stripVerbEnding(&w)
        if ends(w, "ation"), w.count > 6 {
            w.removeLast(5)
            w.append(contentsOf: Array("ate".utf8))
        } else if ends(w, "tion") || ends(w, "sion"), w.count - 3 >= 4 {
            // "intersection" → "intersect", "prediction" → "predict".
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
        // "getting" → "get", but "billing" keeps its "ll".
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
