import JSON
import ToolModel

/// Words of prose and identifiers, lower-cased, for the catalogue's keyword patterns. The
/// patterns are matched on words rather than with regular expressions: every description of
/// every tool goes through dozens of them, and word lists make that a few comparisons each.
/// Word and pattern rules read at most the first MiB of one string. No real description comes
/// near it (OpenAI rejects more than 1,024 characters; `desc-length-limit` reports the length),
/// and a 50 MB string must not keep every text rule busy for minutes. Byte-level scans
/// (`sec-hidden-text`) still read all of it.
enum TextBudget {
    static let maximumBytes = 1 << 20

    static func prefix(_ text: String) -> String {
        guard text.utf8.count > maximumBytes else { return text }
        return String(decoding: text.utf8.prefix(maximumBytes), as: UTF8.self)
    }
}

enum Words {
    /// Lower-cased runs of letters, digits and apostrophes (`don't` stays one word).
    static func of(_ text: String) -> [String] {
        let text = TextBudget.prefix(text)
        // ASCII text (nearly all tool text) is split byte by byte; Unicode case mapping
        // allocates per scalar and dominated the catalogue's run time.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(text) }
        // Mixed text: ASCII scalars (most of it) take the byte path; only the others ask for
        // Unicode properties. Words are collected as UTF-8, which spells the same scalars.
        var words: [String] = []
        var current: [UInt8] = []
        func flush() {
            words.append(trimApostrophes(String(decoding: current, as: UTF8.self)))
            current.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                switch byte {
                case 0x61...0x7A, 0x30...0x39: current.append(byte)
                case 0x41...0x5A: current.append(byte + 0x20)
                case UInt8(ascii: "'") where !current.isEmpty: current.append(byte)
                default: if !current.isEmpty { flush() }
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else if !current.isEmpty {
                flush()
            }
        }
        if !current.isEmpty { flush() }
        return words
    }

    private static func asciiWords(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        func flush() {
            if current.last == UInt8(ascii: "'") { current.removeLast() }
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case 0x61...0x7A, 0x30...0x39: current.append(byte)
            case 0x41...0x5A: current.append(byte + 0x20)
            case UInt8(ascii: "'") where !current.isEmpty: current.append(byte)
            default: flush()
            }
        }
        flush()
        return words
    }

    private static func trimApostrophes(_ word: String) -> String {
        word.hasSuffix("'") ? String(word.dropLast()) : word
    }

    /// An identifier split into lower-case tokens: `getUserID` → get, user, id;
    /// `files.read-all` → files, read, all.
    static func identifierTokens(_ name: String) -> [String] {
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return asciiIdentifierTokens(name) }
        var tokens: [String] = []
        var current = ""
        let scalars = Array(name.unicodeScalars)
        func flush() {
            if !current.isEmpty { tokens.append(current.lowercased()) }
            current = ""
        }
        for (index, scalar) in scalars.enumerated() {
            let isUpper = scalar.properties.isUppercase
            let isAlnum = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            guard isAlnum else {
                flush()
                continue
            }
            if isUpper, let last = current.unicodeScalars.last {
                let nextIsLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
                if last.properties.isLowercase || last.properties.numericType != nil
                    || (last.properties.isUppercase && nextIsLower)
                {
                    flush()
                }
            }
            current.unicodeScalars.append(scalar)
        }
        flush()
        return tokens
    }

    private static func asciiIdentifierTokens(_ name: String) -> [String] {
        let bytes = Array(name.utf8)
        var tokens: [String] = []
        var current: [UInt8] = []
        func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func flush() {
            if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        for (index, byte) in bytes.enumerated() {
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                flush()
                continue
            }
            if isUpper(byte), let last = current.last {
                let nextIsLower = index + 1 < bytes.count && isLower(bytes[index + 1])
                // `current` holds lower-cased bytes; an upper-case run is remembered by position.
                let lastWasUpper = index > 0 && isUpper(bytes[index - 1])
                if isLower(last) && !lastWasUpper || isDigit(last) || (lastWasUpper && nextIsLower) { flush() }
            }
            current.append(isUpper(byte) ? byte + 0x20 : byte)
        }
        flush()
        return tokens
    }

    /// Words that carry no meaning on their own, dropped before comparing texts.
    static let stopwords: Set<String> = [
        "a", "an", "the", "of", "to", "for", "in", "on", "at", "by", "with", "and", "or", "is", "are", "be", "it",
        "this", "that", "from", "as", "its", "into", "if", "can", "will", "which", "all", "any", "given", "specified",
        "specific", "provided", "tool", "function", "using", "use", "used", "was", "were", "has", "have", "not", "no",
        "e", "g", "i", "you", "your", "s", "t",
    ]

    /// A crude English singular, enough to equate `files`/`file` and `entries`/`entry`.
    static func singular(_ word: String) -> String {
        if word.count > 4, word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.count > 4, word.hasSuffix("sses") { return String(word.dropLast(2)) }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            return String(word.dropLast())
        }
        return word
    }
}

/// A phrase pattern over words. Slots are separated by spaces:
/// `a|b` one of the words, `re*` a word starting with `re`, a trailing `?` makes a slot
/// optional, `~3` skips up to three words. `always call|use this tool|function`.
struct WordPattern: Sendable {
    private enum Slot: Sendable {
        case word(exact: Set<String>, prefixes: [String], optional: Bool)
        case gap(Int)
    }

    private let slots: [Slot]
    let source: String
    /// The words a match must start with, when the first slot is a plain word list.
    let anchors: Set<String>?

    init(_ source: String) {
        self.source = source
        slots = source.split(separator: " ").map { part in
            if part.hasPrefix("~"), let count = Int(part.dropFirst()) { return .gap(count) }
            var text = Substring(part)
            let optional = text.hasSuffix("?")
            if optional { text = text.dropLast() }
            var exact = Set<String>()
            var prefixes: [String] = []
            for alternative in text.split(separator: "|") {
                if alternative.hasSuffix("*") {
                    prefixes.append(String(alternative.dropLast()))
                } else {
                    exact.insert(String(alternative))
                }
            }
            return .word(exact: exact, prefixes: prefixes, optional: optional)
        }
        if case .word(let exact, let prefixes, false) = slots.first, prefixes.isEmpty {
            anchors = exact
        } else {
            anchors = nil
        }
    }

    /// The word range of the first match.
    func firstMatch(in words: [String]) -> Range<Int>? {
        guard !words.isEmpty else { return nil }
        for start in words.indices where anchors?.contains(words[start]) ?? true {
            if let end = match(slot: 0, at: start, in: words) { return start..<end }
        }
        return nil
    }

    func matches(_ words: [String]) -> Bool { firstMatch(in: words) != nil }

    /// The end of a match starting at word `start`, if one does.
    func match(from start: Int, in words: [String]) -> Int? { match(slot: 0, at: start, in: words) }

    private func match(slot: Int, at index: Int, in words: [String]) -> Int? {
        guard slot < slots.count else { return index }
        switch slots[slot] {
        case .gap(let count):
            for skip in 0...count where index + skip <= words.count {
                if let end = match(slot: slot + 1, at: index + skip, in: words) { return end }
            }
            return nil
        case .word(let exact, let prefixes, let optional):
            if index < words.count {
                let word = words[index]
                if exact.contains(word) || prefixes.contains(where: { word.hasPrefix($0) }),
                    let end = match(slot: slot + 1, at: index + 1, in: words)
                {
                    return end
                }
            }
            return optional ? match(slot: slot + 1, at: index, in: words) : nil
        }
    }
}

extension Array where Element == WordPattern {
    /// The first pattern that matches, with the matched words.
    func firstMatch(in words: [String]) -> (pattern: WordPattern, text: String)? {
        for pattern in self {
            if let range = pattern.firstMatch(in: words) {
                return (pattern, words[range].joined(separator: " "))
            }
        }
        return nil
    }
}

/// Verb vocabularies shared by the description, output and security rules.
enum Verbs {
    static let mutating: Set<String> = [
        "delete", "remove", "create", "update", "write", "send", "post", "overwrite", "move", "rename", "execute",
        "edit", "modify", "set", "insert", "add", "put", "patch", "upload", "publish", "drop", "truncate", "purge",
        "destroy", "kill", "terminate", "revoke", "pay", "transfer", "deploy", "exec", "run", "commit", "push",
        "merge", "reset", "checkout", "archive", "cancel", "close", "book", "reserve", "submit", "apply", "install",
    ]
    static let destructive: Set<String> = [
        "delete", "remove", "drop", "truncate", "purge", "destroy", "overwrite", "kill", "terminate", "revoke",
        "send", "post", "publish", "pay", "transfer", "deploy", "exec", "execute", "wipe", "erase", "reset",
    ]
    static let readOnly: Set<String> = [
        "get", "list", "search", "find", "read", "fetch", "query", "lookup", "show", "describe", "retrieve",
        "view", "check", "count", "inspect", "browse", "status", "diff", "log",
    ]
    /// Verbs a description may open with (imperative or third person).
    static let opening: Set<String> = readOnly.union(mutating).union([
        "calculate", "compute", "convert", "generate", "return", "analyze", "analyse", "validate", "verify",
        "translate", "summarize", "summarise", "estimate", "predict", "fetch", "download", "open", "start", "stop",
        "schedule", "navigate", "click", "type", "take", "capture", "record", "track", "monitor", "compare",
        "sort", "filter", "format", "parse", "resolve", "evaluate", "measure", "perform", "provide", "load", "save",
        "store", "copy", "clone", "sync", "stage", "unstage", "initialize", "init", "register", "approve", "assign",
        "notify", "invite", "share", "link", "tag", "label", "mark", "encode", "decode", "encrypt", "decrypt",
        "hash", "sign", "scan", "test", "simulate", "plan", "recommend", "identify", "detect", "extract",
        "determine", "look", "send", "retrieves", "visualize", "draw", "plot", "render", "play", "pause",
        "wait", "think", "reflect", "request", "ask", "answer", "explain", "build", "make", "select", "choose",
        "upsert", "replace", "append", "enable", "disable", "toggle", "fill", "press", "hover", "drag", "resize",
        "solve", "discover", "explore", "switch", "convert", "merge", "rebase", "fork", "star", "watch",
        "subscribe", "unsubscribe", "log", "login", "logout", "authenticate", "authorize", "upgrade", "downgrade",
        "migrate", "backup", "restore", "import", "export", "print", "echo", "ping", "poll", "wrap", "split", "join",
        "count", "sum", "average", "rank", "score", "grade", "review", "approve", "reject", "accept", "decline",
        "connect", "disconnect", "attach", "detach", "mount", "unmount", "lock", "unlock", "pin", "unpin", "rotate",
        "crop", "scale", "zoom", "scroll", "focus", "select", "highlight", "annotate", "comment", "reply", "forward",
        "ban", "mute", "block", "report", "flag", "cache", "refresh", "reload", "retry", "cancel", "complete",
        "finish", "end", "begin", "launch", "spawn", "invoke", "call", "trigger", "emit", "broadcast", "dispatch",
        "route", "redirect", "map", "reduce", "aggregate", "group", "deduplicate", "normalize", "sanitize",
        "clean", "clear", "empty", "reverse", "shuffle", "transform", "resize", "compress", "decompress", "zip",
        "unzip", "extract", "book", "order", "buy", "sell", "purchase", "rent", "hire", "locate", "suggest",
    ])
    static let vague: Set<String> = ["handles", "manages", "processes", "performs", "does", "helps", "allows"]

    /// A verb in its base form: `gets` → get, `lists` → list, `searches` → search.
    static func base(_ word: String) -> String {
        if opening.contains(word) { return word }
        if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("es"), opening.contains(String(word.dropLast(2))) { return String(word.dropLast(2)) }
        if word.hasSuffix("s"), opening.contains(String(word.dropLast())) { return String(word.dropLast()) }
        return word
    }
}

extension ToolDefinition {
    /// Name tokens (`get_user_id` → get, user, id).
    var nameTokens: [String] { Words.identifierTokens(name?.value ?? "") }

    /// Description words, lower-cased.
    var descriptionWords: [String] { Words.of(description?.value ?? "") }

    /// Whether the tool is declared as OpenAI strict (`strict: true` on the function).
    var declaresStrict: Bool { extras["strict"]?.value.boolValue == true || raw["strict"]?.boolValue == true }

    /// The top-level properties of the input schema, in order.
    var topLevelProperties: [JSONMember] {
        inputSchema?.value["properties"]?.effectiveMembers ?? []
    }

    /// The parameter names that appear anywhere in the input schema.
    var allPropertyNames: Set<String> {
        guard let schema = inputSchema else { return [] }
        var names = Set<String>()
        SchemaWalker.walk(schema.value, at: schema.pointer) { node in
            if let name = node.propertyName { names.insert(name) }
        }
        return names
    }

    /// Whether the name or description shows a verb from `verbs` (the name's tokens, or a
    /// description word in base form).
    func mentions(verbs: Set<String>, inDescription: Bool = true) -> String? {
        if let verb = nameTokens.first(where: { verbs.contains($0) }) { return verb }
        guard inDescription else { return nil }
        return descriptionWords.first { verbs.contains(Verbs.base($0)) }.map(Verbs.base)
    }
}

extension RuleDescribed {
    /// A finding at a severity other than the rule's default (target-dependent severities).
    func finding(
        _ message: String, at pointer: JSONPointer, severity: Severity, preferKey: Bool = false,
        related: [RelatedLocation] = [], fixes: [Fix] = []
    ) -> Finding {
        Finding(
            ruleId: metadata.id, severity: severity, message: message, pointer: pointer, preferKey: preferKey,
            related: related, fixes: fixes)
    }
}

extension RuleContext {
    func doubleOption(_ key: String, default value: Double) -> Double {
        option(key)?.numberValue ?? value
    }

    func stringOption(_ key: String) -> String? { option(key)?.stringValue }

    /// Strict OpenAI rules apply under the `openai-strict` target or to tools marked `strict: true`.
    func strictOpenAI(_ tool: ToolDefinition) -> Bool {
        targets.contains(.openaiStrict)
            || (tool.declaresStrict && (tool.dialect == .openaiChat || tool.dialect == .openaiResponses))
    }
}

/// Byte-level helpers for scanning every string of every tool: searching UTF-8 bytes avoids
/// `Character` work on texts that almost never match.
enum Bytes {
    /// The UTF-8 bytes with ASCII letters lower-cased (other bytes unchanged, so offsets hold).
    static func asciiLowercased(_ text: String) -> [UInt8] {
        text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    }

    /// Start offsets of `needle` in `haystack`.
    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard let first = needle.first, needle.count <= haystack.count else { return [] }
        var result: [Int] = []
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { result.append(index) }
            }
            index += 1
        }
        return result
    }

    /// Whether the text may hold a non-ASCII scalar that Unicode equates with, or lower-cases
    /// to, an ASCII letter: the Kelvin sign (U+212A, UTF-8 E2 84 AA) is the only one. Without
    /// it, a word of ASCII letters found by `Words` or compared with `==` is a byte substring
    /// of the text (lower-cased), which is what the byte prefilters rely on.
    static func mayFoldToASCII<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        var state = 0
        for byte in bytes {
            switch (state, byte) {
            case (_, 0xE2): state = 1
            case (1, 0x84): state = 2
            case (2, 0xAA): return true
            default: state = 0
            }
        }
        return false
    }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0, count <= haystack.count else { return count == 0 }
        let first = needle.utf8Start[0]
        var index = 0
        while index <= haystack.count - count {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<count where haystack[index + offset] != needle.utf8Start[offset] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            index += 1
        }
        return false
    }

    /// Whether the byte at `index` is outside the text or not part of an identifier.
    static func isBoundary(_ bytes: [UInt8], _ index: Int) -> Bool {
        guard index >= 0, index < bytes.count else { return true }
        let byte = bytes[index]
        let isWord =
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x5F || byte >= 0x80
        return !isWord
    }
}
