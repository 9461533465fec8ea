import JSON
import TestSupport
import Testing
import ToolModel

@testable import Rules

/// The text rules' fast paths (one hash per word for pattern lists, one pass for many byte
/// needles, byte-level secret search, byte prefilters) must answer exactly as the plain
/// implementations they replaced, which are kept here as references, on generated texts.
@Suite struct TextFastPathTests {
    typealias Random = SplitMix64

    /// Pieces that make the rules' patterns, needles and secrets match, half-match or miss.
    static let pieces = [
        "ignore", "previous", "instructions", "you", "are", "now", "do", "not", "tell", "the", "user", "users",
        "before", "using", "any", "other", "tool", "this", "always", "call", "very", "important", "highest",
        "priority", "otherwise", "will", "work", "must", "know", "history", "chat", "conversation", "system",
        "prompt", "send", "include", "in", "parameter", "sidenote", "base64", "encode", "hex", "note", "default",
        "to", "optional", "return", "all", "list", "error", "not found", "~/.ssh", "id_rsa", "xid_rsa", ".env",
        ".envelope", "mcp.json", "private key", "keychain", "webhook.site", "pastebin.com", "oast.", "http://",
        "https://10.0.0.1/x", "http://1.2.3", "a@b.io", "x@example.com", "+1 555 123 4567", "+12",
        "AKIAABCDEFGHIJKLMNOP", "AKIAabc", "ghp_0123456789abcdefghij0123456789abcdef", "ghx_0123",
        "sk-abcdefabcdefabcdefabcdef", "sk-short", "xoxb-1234567890", "xoxq-1", "eyJhbGci.eyJzdWIi.c2lnbmF0",
        "eyJ.a.b", "-----BEGIN", "RSA", "PRIVATE KEY-----", "send_email", "bash", "shell", "read_file", "readFile",
        "when", "whenever", "é", "İ", "K", "🙂", "\u{200B}", "_", "-", ".", ",", "'", "don't", "Don't", "ALWAYS",
        "Use", "when", "1", "42",
    ]
    static let separators = [" ", " ", " ", "", "\n", ", ", "/", "_", "-", "."]

    static func text(_ random: inout Random) -> String {
        var text = ""
        for _ in 0..<random.below(24) { text += random.pick(pieces) + random.pick(separators) }
        return text
    }

    static func texts(count: Int, seed: UInt64) -> [String] {
        var random = Random(seed: seed)
        return (0..<count).map { _ in text(&random) }
    }

    @Test func patternListsMatchLikeTheirPatternsInOrder() {
        let lists = [
            SecCoerciveDirectiveRule.patterns, SecSensitiveResourceReferenceRule.modelData,
            SecExfiltrationTargetRule.encodeAndSend, ParamDefaultIssuesRule.defaultCues,
            DescMissingDisambiguationRule.cues, OutputErrorGuidanceMissingRule.cues,
        ]
        var matched = 0
        for text in Self.texts(count: 3000, seed: 1) {
            let words = Words.of(text)
            for list in lists {
                let expected = Self.firstMatch(list.patterns, in: words)
                let actual = list.firstMatch(in: words)
                #expect(actual?.pattern.source == expected?.pattern.source, "\(text)")
                #expect(actual?.text == expected?.text, "\(text)")
                #expect(list.matches(words) == (expected != nil))
                if expected != nil { matched += 1 }
            }
        }
        // The generated texts must exercise the matching side too.
        #expect(matched > 300)
    }

    /// The plain loop `WordPatternList` replaced.
    static func firstMatch(_ patterns: [WordPattern], in words: [String]) -> (pattern: WordPattern, text: String)? {
        for pattern in patterns {
            if let range = pattern.firstMatch(in: words) { return (pattern, words[range].joined(separator: " ")) }
        }
        return nil
    }

    @Test func byteNeedlesFindTheFirstNeedleAsOneSearchPerNeedleDoes() {
        let needles = ["id_rsa", ".env", "env", "e", "http", "https://", "sk-", "é", "oast.", "xx"].map {
            Array($0.utf8)
        }
        let search = ByteNeedles(needles)
        var found = 0
        for text in Self.texts(count: 3000, seed: 2) {
            let bytes = Array(text.utf8)
            // Accept only occurrences at even offsets, so that `accept` is checked too.
            let accept: (Int, Int) -> Bool = { _, start in start % 2 == 0 }
            let expected = needles.indices.first { needle in
                Bytes.occurrences(of: needles[needle], in: bytes).contains { accept(needle, $0) }
            }
            #expect(search.first(in: bytes, where: accept) == expected, "\(text)")
            let any = needles.indices.first { !Bytes.occurrences(of: needles[$0], in: bytes).isEmpty }
            #expect(search.first(in: bytes) == any)
            #expect(search.occur(in: text) == (any != nil))
            if expected != nil { found += 1 }
        }
        #expect(found > 500)
    }

    @Test func asciiSecretSearchAgreesWithTheScalarSearch() {
        var secrets = 0
        for text in Self.texts(count: 4000, seed: 3) where text.utf8.count >= 16 {
            let expected = SecSecretLiteralRule.scalarSecret(in: text)
            #expect(SecSecretLiteralRule.secret(in: text) == expected, "\(text)")
            if expected != nil { secrets += 1 }
        }
        #expect(secrets > 300)
    }

    @Test func sensitiveReferencesAsBeforeThePrefilters() {
        var hits = 0
        for text in Self.texts(count: 3000, seed: 4) {
            let expected = Self.referenceSensitive(text)
            #expect(SecSensitiveResourceReferenceRule.sensitive(in: text) { Words.of(text) } == expected, "\(text)")
            if expected != nil { hits += 1 }
        }
        #expect(hits > 300)
    }

    /// `sensitive(in:)` as it was: each fragment searched in turn, every text split into words.
    static func referenceSensitive(_ text: String) -> String? {
        let lower = Bytes.asciiLowercased(text)
        for (fragment, bounded) in SecSensitiveResourceReferenceRule.fragments {
            let needle = Array(fragment.utf8)
            for start in Bytes.occurrences(of: needle, in: lower) {
                let end = start + needle.count
                if !bounded || (Bytes.isBoundary(lower, start - 1) && Bytes.isBoundary(lower, end)) {
                    return "`\(fragment)`"
                }
            }
        }
        let words = Words.of(text)
        let cues: Set<String> = ["history", "prompt", "instructions", "thought", "messages"]
        guard words.contains(where: cues.contains) else { return nil }
        if let match = firstMatch(SecSensitiveResourceReferenceRule.modelData.patterns, in: words) {
            return "model context (\"\(match.text.quotedExcerpt(40))\")"
        }
        return nil
    }

    @Test func exfiltrationTargetsAsBeforeThePrefilters() {
        var hits = 0
        for text in Self.texts(count: 3000, seed: 5) {
            let expected = Self.referenceTarget(text)
            #expect(SecExfiltrationTargetRule.target(in: text) { Words.of(text) } == expected, "\(text)")
            if expected != nil { hits += 1 }
        }
        #expect(hits > 300)
    }

    /// `target(in:)` as it was: each paste site searched in turn, no byte prefilters.
    static func referenceTarget(_ text: String) -> String? {
        typealias Rule = SecExfiltrationTargetRule
        let lower = Bytes.asciiLowercased(text)
        if let site = Rule.pasteSites.first(where: { !Bytes.occurrences(of: Array($0.utf8), in: lower).isEmpty }) {
            return "a paste or webhook site (`\(site)`)"
        }
        if lower.contains(UInt8(ascii: ":")), let ip = Rule.ipURL(String(decoding: lower, as: UTF8.self)) {
            return "a URL to a raw IP address (`\(ip)`)"
        }
        if lower.contains(UInt8(ascii: "@")), let email = Rule.email(in: text) {
            return "an e-mail address (`\(email)`)"
        }
        if lower.contains(UInt8(ascii: "+")), let phone = Rule.phone(in: text) { return "a phone number (`\(phone)`)" }
        let words = Words.of(text)
        let cues: Set<String> = ["base64", "hex", "encode", "encoded", "parameter", "argument", "sidenote", "note"]
        if words.contains(where: cues.contains), let match = firstMatch(Rule.encodeAndSend.patterns, in: words) {
            return "an encode-and-send instruction (\"\(match.text.quotedExcerpt(40))\")"
        }
        return nil
    }

    @Test func theKelvinSignIsTheOnlyFoldToASCIIAndIsSeen() {
        #expect(Bytes.mayFoldToASCII("a\u{212A}b".utf8))
        #expect(!Bytes.mayFoldToASCII("é日本語🙂İ".utf8))
        // No other scalar lower-cases to ASCII letters or digits.
        var foldsToASCII: [UInt32] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let lower = scalar.properties.lowercaseMapping.unicodeScalars
            if lower.allSatisfy({ $0.isASCII }) { foldsToASCII.append(value) }
        }
        #expect(foldsToASCII == [0x212A])
    }

    @Test func shadowingIsOnlyFoundInTextsThatContainAName() {
        let foreign: [String: WorkspaceTool?] = Dictionary(
            uniqueKeysWithValues: SecCrossToolShadowingRule.builtins.map { ($0, nil) } + [("readFile", nil)])
        let needles = ByteNeedles(foreign.keys.sorted().map { Array($0.utf8) })
        var found = 0
        for text in Self.texts(count: 3000, seed: 6) {
            guard SecCrossToolShadowingRule.shadowing(in: text, names: foreign) != nil else { continue }
            found += 1
            #expect(needles.occur(in: text) || Bytes.mayFoldToASCII(text.utf8), "\(text)")
        }
        #expect(found > 100)
    }
}
