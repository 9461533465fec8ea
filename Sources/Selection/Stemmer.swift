/// A light English suffix stripper: plurals (Harman's S-stemmer), `-ing`/`-ed` with
/// undoubling, `-ation` → `-ate`, `-tion`/`-sion` → `-t`/`-s`, then a final `e`, so that inflected forms of one word meet.
/// Deliberately weaker than Porter: tool vocabularies are full of technical words that
/// aggressive stemming merges wrongly. Non-ASCII words are returned unchanged.
public enum Stemmer {
    /// `ByteStemmer.stem` (the one implementation) on a `String`.
    public static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        let length = bytes.withUnsafeMutableBufferPointer { ByteStemmer.stem($0) }
        // Every rewrite also shortens the word: same length, same word.
        guard length < bytes.count else { return word }
        return String(decoding: bytes[0..<length], as: UTF8.self)
    }
}
