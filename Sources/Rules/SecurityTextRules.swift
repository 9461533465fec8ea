import JSON
import ToolModel

/// Every string value of a tool (descriptions, titles, enum values, defaults, examples).
/// Pointers are built only for the texts a rule reports: most texts match nothing.
struct ToolText {
    var text: String
    var pointer: JSONPointer

    /// The first finding-worthy result per text, with the text's pointer.
    static func scan<Result>(_ tool: ToolDefinition, _ inspect: (String) -> Result?) -> [(ToolText, Result)] {
        scan(tool) { text, _ in inspect(text) }
    }

    /// The same, with the text's words (`Words.of`), split once for all the rules that ask.
    static func scan<Result>(_ tool: ToolDefinition, _ inspect: (String, () -> [String]) -> Result?) -> [(
        ToolText, Result
    )] {
        var hits: [(ToolText, Result)] = []
        let texts = ToolTexts.of(tool)
        for index in texts.texts.indices {
            let text = texts.texts[index]
            if let result = inspect(text, { texts.words(at: index) }) {
                hits.append((ToolText(text: text, pointer: texts.pointer(at: index)), result))
            }
        }
        return hits
    }
}

/// `sec-coercive-directive`: instructions aimed at the model rather than descriptions of the tool.
public struct SecCoerciveDirectiveRule: ToolRule {
    public init() {}

    static let patterns = WordPatternList([
        "ignore|disregard|forget all|any? the? previous|prior|above|earlier instructions|rules|messages",
        "you are now", "do|don't not? tell|mention|inform|reveal|notify|alert ~6 user|users",
        "without telling|informing|notifying|alerting ~2 user|users",
        "before|prior to? using|calling|invoking|running any other? tool|tools|function|functions",
        "before|prior to? using|calling|invoking this tool|function ~8 read|send|pass|include|provide|call|fetch|open",
        "otherwise|or else ~2 tool|function|server will not|won't work|fail",
        "always call|use|run|execute|invoke this tool|function", "very very important", "highest priority",
        "this is very|extremely important", "the user must not|mustn't know|see|notice",
    ])

    public let metadata = RuleMetadata(
        id: "sec-coercive-directive", category: .security, defaultSeverity: .error,
        summary: "Tool text must not give the model orders (ignore instructions, hide things from the user).",
        explanation: """
            "Line jumping" (Trail of Bits): instructions in tool metadata take effect as soon as the \
            tool list loads, before any call could be approved. Matched in every string of the tool: \
            "ignore previous instructions", "you are now", "do not tell … the user", "before using any \
            other tool", "otherwise the tool will not work", "always call this tool", "very very \
            important", "highest priority" (Cisco coercive_injection.yara).
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        ToolText.scan(tool) { text, words in
            text.utf8.count >= 8 ? Self.patterns.firstMatch(in: words()) : nil
        }.map { field, match in
            let place = FieldLabel.relative(field.pointer, to: tool.definitionPointer)
            return finding(
                "`\(place)` of `\(tool.displayName)` contains a directive to the model (\"\(match.text.quotedExcerpt(50))\"); "
                    + "tool text should describe the tool, not instruct the agent.", at: field.pointer)
        }
    }
}

/// `sec-sensitive-resource-reference`: SSH keys, cloud credentials, MCP config, system prompts.
public struct SecSensitiveResourceReferenceRule: ToolRule {
    public init() {}

    /// Lower-case fragments and whether they need a non-identifier character on both sides.
    static let fragments: [(String, Bool)] = [
        ("~/.ssh", false), ("/.ssh/", false), (".ssh/", false), ("id_rsa", true), ("id_ed25519", true),
        ("id_ecdsa", true), ("id_dsa", true), (".aws/credentials", false), (".npmrc", true), (".netrc", true),
        ("mcp.json", true), ("claude_desktop_config", false), ("/etc/passwd", false), ("/etc/shadow", false),
        ("keychain", true), ("wallet.dat", true), (".env", true), (".pem", true), (".git-credentials", false),
        (".kube/config", false), (".docker/config.json", false), ("private key", false), ("seed phrase", false),
    ]
    static let modelData = WordPatternList([
        "include|send|pass|provide|share|append|add|copy|output|reveal|print|repeat|read|put ~6 conversation|chat history",
        "include|send|pass|provide|share|append|add|copy|output|reveal|print|repeat|read|put ~6 system prompt|instructions",
        "include|send|pass|provide|share|append|add|copy|output|reveal|print|repeat ~6 chain of thought",
        "your system prompt", "previous messages",
    ])

    public let metadata = RuleMetadata(
        id: "sec-sensitive-resource-reference", category: .security, defaultSeverity: .error,
        summary: "Tool text must not point the model at keys, credentials, client config or its own prompt.",
        explanation: """
            Invariant's proof of concept made the model read ~/.cursor/mcp.json and ~/.ssh/id_rsa into \
            a `sidenote` parameter. Matched in every string: ~/.ssh, id_rsa/id_ed25519/id_ecdsa, .pem, \
            .aws/credentials, .env, .npmrc, .netrc, mcp.json, claude_desktop_config, /etc/passwd, \
            /etc/shadow, keychain, wallet.dat, and requests to pass on the conversation history, the \
            system prompt or the chain of thought (Cisco $file_access_coercion, $model_data_coercion).
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        ToolText.scan(tool) { text, words in Self.sensitive(in: text, words: words) }.map { field, hit in
            let place = FieldLabel.relative(field.pointer, to: tool.definitionPointer)
            return finding(
                "`\(place)` of `\(tool.displayName)` refers to \(hit); tool text has no reason to point the model "
                    + "at secrets or its own context.", at: field.pointer)
        }
    }

    private static let fragmentNeedles = ByteNeedles(fragments.map { Array($0.0.utf8) })
    private static let modelDataCues: Set<String> = ["history", "prompt", "instructions", "thought", "messages"]
    private static let modelDataCueNeedles = ByteNeedles(modelDataCues.sorted().map { Array($0.utf8) })

    static func sensitive(in text: String, words: () -> [String]) -> String? {
        let lower = Bytes.asciiLowercased(text)
        let hit = fragmentNeedles.first(in: lower) { position, start in
            let end = start + fragmentNeedles.needles[position].count
            return !fragments[position].1 || (Bytes.isBoundary(lower, start - 1) && Bytes.isBoundary(lower, end))
        }
        if let hit { return "`\(fragments[hit].0)`" }
        // A cue word is a substring of the lower-cased text (see `Bytes.mayFoldToASCII`): a byte
        // search rules most texts out without hashing their words.
        if modelDataCueNeedles.first(in: lower) == nil, !Bytes.mayFoldToASCII(lower) { return nil }
        let words = words()
        guard words.contains(where: modelDataCues.contains) else { return nil }
        if let match = modelData.firstMatch(in: words) { return "model context (\"\(match.text.quotedExcerpt(40))\")" }
        return nil
    }
}

/// `sec-non-ascii-identifier`: homoglyphs in names.
public struct SecNonASCIIIdentifierRule: ToolRule {
    public init() {}

    /// Cyrillic and Greek letters that look like Latin ones.
    static let confusables: [Unicode.Scalar: Character] = [
        "\u{0430}": "a", "\u{0435}": "e", "\u{043E}": "o", "\u{0440}": "p", "\u{0441}": "c", "\u{0443}": "y",
        "\u{0445}": "x", "\u{0456}": "i", "\u{0458}": "j", "\u{0455}": "s", "\u{04BB}": "h", "\u{0410}": "A",
        "\u{0412}": "B", "\u{0415}": "E", "\u{041A}": "K", "\u{041C}": "M", "\u{041D}": "H", "\u{041E}": "O",
        "\u{0420}": "P", "\u{0421}": "C", "\u{0422}": "T", "\u{0425}": "X", "\u{03BF}": "o", "\u{03B1}": "a",
        "\u{03B9}": "i", "\u{03BD}": "v", "\u{0391}": "A", "\u{0392}": "B", "\u{0395}": "E", "\u{0397}": "H",
        "\u{0399}": "I", "\u{039A}": "K", "\u{039C}": "M", "\u{039D}": "N", "\u{039F}": "O", "\u{03A1}": "P",
        "\u{03A4}": "T", "\u{03A7}": "X", "\u{03A5}": "Y", "\u{0396}": "Z",
    ]

    public let metadata = RuleMetadata(
        id: "sec-non-ascii-identifier", category: .security, defaultSeverity: .error,
        summary: "Tool and parameter names are ASCII; identifier-like enum values do not mix scripts.",
        explanation: """
            Every provider's name grammar is ASCII-only, and a Cyrillic "а" in `reаd_file` makes a \
            tool that looks like another one (homoglyph spoofing). Tool and property names with \
            non-ASCII letters, and identifier-like enum values that mix Latin with Cyrillic or Greek, \
            are reported; the quick fix replaces look-alike letters with their Latin twins.
            """,
        fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        if let name = tool.name, !name.value.unicodeScalars.allSatisfy(\.isASCII) {
            findings.append(report("Tool name", name.value, at: name.pointer, isKey: false))
        }
        for property in PropertyVisit.all(in: tool) where !property.name.unicodeScalars.allSatisfy(\.isASCII) {
            findings.append(report("Parameter name", property.name, at: property.pointer, isKey: true))
        }
        guard let schema = tool.inputSchema else { return findings }
        SchemaWalker.walk(schema.value, at: schema.pointer) { node in
            for (index, option) in (node.value["enum"]?.arrayValue ?? []).enumerated() {
                guard let text = option.stringValue, !text.contains(" "), Self.mixesScripts(text) else { continue }
                findings.append(report("Enum value", text, at: node.pointer / "enum" / index, isKey: false))
            }
        }
        return findings
    }

    private func report(_ kind: String, _ text: String, at pointer: JSONPointer, isKey: Bool) -> Finding {
        let odd = text.unicodeScalars.first { !$0.isASCII }.map(SecHiddenTextRule.codePoint) ?? ""
        var fixes: [Fix] = []
        if let ascii = Self.latinized(text) {
            let operation: FixOperation = isKey ? .renameKey(pointer, to: ascii) : .replace(pointer, .string(ascii))
            fixes.append(
                Fix(title: "Replace look-alike letters: `\(ascii)`", operations: [operation], isPreferred: true))
        }
        let mixed =
            Self.mixesScripts(text) ? " mixes Latin with Cyrillic or Greek letters" : " has non-ASCII characters"
        return finding(
            "\(kind) `\(text.quotedExcerpt())`\(mixed) (first: \(odd)); look-alike letters let one name pose as another.",
            at: pointer, preferKey: isKey, fixes: fixes)
    }

    static func latinized(_ text: String) -> String? {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else if let latin = confusables[scalar] {
                result.append(latin)
            } else {
                return nil
            }
        }
        return result
    }

    static func mixesScripts(_ text: String) -> Bool {
        var latin = false
        var other = false
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A: latin = true
            case 0x0370...0x03FF, 0x0400...0x04FF: other = true
            default: break
            }
        }
        return latin && other
    }
}

/// `sec-exfiltration-target`: addresses and encode-and-send instructions in tool text.
public struct SecExfiltrationTargetRule: ToolRule {
    public init() {}

    static let pasteSites = [
        "webhook.site", "pastebin.com", "requestbin", "pipedream.net", "ngrok.io", "ngrok-free.app", "hookbin",
        "discord.com/api/webhooks", "hooks.slack.com", "transfer.sh", "paste.ee", "hastebin", "interact.sh",
        "burpcollaborator", "oast.",
    ]
    static let encodeAndSend = WordPatternList([
        "base64|hex encode|encoded", "encode ~3 base64|hex",
        "include|put|embed|pass|add ~6 in|into|as the? parameter|argument|sidenote|note",
    ])
    static let exampleDomains = ["example.com", "example.org", "example.net", "example", "domain.com", "test.com"]

    public let metadata = RuleMetadata(
        id: "sec-exfiltration-target", category: .security, defaultSeverity: .warning,
        summary:
            "Tool text must not carry exfiltration targets: paste sites, raw IPs, e-mail addresses, phone numbers.",
        explanation: """
            The proofs of concept sent mail to attkr@pwnd.com and WhatsApp messages to a +1… number. \
            Reported in descriptions and defaults: webhook and paste-site addresses, URLs to raw IP \
            addresses, e-mail addresses (not example.com), E.164 phone numbers, and encode-and-send \
            instructions ("base64 encode", "include … in the parameter"). Ordinary documentation links \
            are not reported (Cisco data_exfiltration.yara).
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        ToolText.scan(tool) { text, words in Self.target(in: text, words: words) }.compactMap { field, hit in
            let key = field.pointer.lastToken ?? ""
            guard key == "description" || key == "default" || key == "title" || JSONPointer.arrayIndex(key) != nil
            else { return nil }
            let place = FieldLabel.relative(field.pointer, to: tool.definitionPointer)
            return finding(
                "`\(place)` of `\(tool.displayName)` contains \(hit); data sent there leaves the user's control.",
                at: field.pointer)
        }
    }

    private static let pasteSiteNeedles = ByteNeedles(pasteSites.map { Array($0.utf8) })
    private static let encodeCues: Set<String> = [
        "base64", "hex", "encode", "encoded", "parameter", "argument", "sidenote", "note",
    ]
    /// `ipURL` looks for http:// and https://.
    private static let httpNeedle = ByteNeedles([Array("http".utf8)])
    private static let encodeCueNeedles = ByteNeedles(encodeCues.sorted().map { Array($0.utf8) })

    static func target(in text: String, words: () -> [String]) -> String? {
        let lower = Bytes.asciiLowercased(text)
        if let site = pasteSiteNeedles.first(in: lower) {
            return "a paste or webhook site (`\(pasteSites[site])`)"
        }
        if lower.contains(UInt8(ascii: ":")), httpNeedle.first(in: lower) != nil,
            let ip = ipURL(String(decoding: lower, as: UTF8.self))
        {
            return "a URL to a raw IP address (`\(ip)`)"
        }
        if lower.contains(UInt8(ascii: "@")), let email = email(in: text) { return "an e-mail address (`\(email)`)" }
        if lower.contains(UInt8(ascii: "+")), let phone = phone(in: text) { return "a phone number (`\(phone)`)" }
        if encodeCueNeedles.first(in: lower) == nil, !Bytes.mayFoldToASCII(lower) { return nil }
        let words = words()
        if words.contains(where: encodeCues.contains), let match = encodeAndSend.firstMatch(in: words) {
            return "an encode-and-send instruction (\"\(match.text.quotedExcerpt(40))\")"
        }
        return nil
    }

    static func ipURL(_ lower: String) -> String? {
        for scheme in ["http://", "https://"] {
            var rest = lower[...]
            while let range = rest.firstRange(of: scheme) {
                let host = rest[range.upperBound...].prefix { $0.isNumber || $0 == "." }
                if host.split(separator: ".").count == 4 { return String(host) }
                rest = rest[range.upperBound...]
            }
        }
        return nil
    }

    static func email(in text: String) -> String? {
        let characters = Array(text)
        for (index, character) in characters.enumerated() where character == "@" {
            var start = index
            while start > 0,
                characters[start - 1].isLetter || characters[start - 1].isNumber
                    || ".+_-".contains(characters[start - 1])
            {
                start -= 1
            }
            var end = index + 1
            while end < characters.count,
                characters[end].isLetter || characters[end].isNumber || ".-".contains(characters[end])
            {
                end += 1
            }
            let local = String(characters[start..<index])
            let domain = String(characters[(index + 1)..<end]).trimmingDots
            guard !local.isEmpty, domain.contains("."), domain.last?.isLetter == true,
                !ProseEnum.introducedAsExample(text, beforeOffset: start)
            else { continue }
            if exampleDomains.contains(where: { domain.lowercased() == $0 || domain.lowercased().hasSuffix("." + $0) })
            {
                continue
            }
            return local + "@" + domain
        }
        return nil
    }

    /// `+` and 8 to 15 digits, spaces and dashes allowed between digit groups.
    static func phone(in text: String) -> String? {
        let characters = Array(text)
        for (index, character) in characters.enumerated() where character == "+" {
            if index > 0, characters[index - 1].isNumber || characters[index - 1].isLetter { continue }
            var end = index + 1
            var digits = 0
            while end < characters.count,
                characters[end].isNumber || ((characters[end] == " " || characters[end] == "-") && digits > 0)
            {
                if characters[end].isNumber { digits += 1 }
                end += 1
            }
            if (8...15).contains(digits), !ProseEnum.introducedAsExample(text, beforeOffset: index) {
                return String(characters[index..<end]).trimmingCharacters
            }
        }
        return nil
    }
}

extension String {
    fileprivate var trimmingDots: String {
        var text = self
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    fileprivate var trimmingCharacters: String {
        var text = self
        while let last = text.last, last == " " || last == "-" { text.removeLast() }
        return text
    }
}

/// `sec-secret-literal`: credentials shipped inside the definition.
public struct SecSecretLiteralRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "sec-secret-literal", category: .security, defaultSeverity: .error,
        summary: "Tool definitions must not contain credentials.",
        explanation: """
            A secret in tool metadata reaches every client and every model that loads the tool. \
            Matched in every string: AWS access keys (AKIA…), GitHub tokens (ghp_, gho_, ghu_, ghs_, \
            ghr_), OpenAI-style keys (sk-…), Slack tokens (xox[abprs]-), PEM private keys and JWTs.
            """)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        ToolText.scan(tool, Self.secret).map { field, kind in
            let place = FieldLabel.relative(field.pointer, to: tool.definitionPointer)
            return finding(
                "`\(place)` of `\(tool.displayName)` contains what looks like \(kind); remove it and rotate the "
                    + "credential.", at: field.pointer)
        }
    }

    static func secret(in text: String) -> String? {
        guard text.utf8.count >= 16 else { return nil }
        // In ASCII text (nearly all) bytes are scalars: the same search without decoding.
        let ascii: (handled: Bool, found: String?)? = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? (true, asciiSecret(in: bytes)) : (false, nil)
        }
        if let ascii, ascii.handled { return ascii.found }
        return scalarSecret(in: text)
    }

    /// `secret(in:)` over Unicode scalars, for any text.
    static func scalarSecret(in text: String) -> String? {
        if text.contains("-----BEGIN"), text.contains("PRIVATE KEY-----") { return "a private key" }
        let scalars = Array(text.unicodeScalars)
        func isAlnum(_ s: Unicode.Scalar) -> Bool { NamePattern.isAlnum(s) }
        func run(from start: Int, _ allowed: (Unicode.Scalar) -> Bool) -> Int {
            var end = start
            while end < scalars.count, allowed(scalars[end]) { end += 1 }
            return end - start
        }
        func startsWord(_ index: Int) -> Bool { index == 0 || !isAlnum(scalars[index - 1]) }
        for index in scalars.indices where startsWord(index) {
            let rest = scalars.count - index
            if rest >= 20, scalars[index] == "A", hasPrefix(scalars, index, "AKIA"),
                run(from: index + 4, { ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }) >= 16
            {
                return "an AWS access key"
            }
            if rest >= 40, scalars[index] == "g", hasPrefix(scalars, index, "gh"),
                "pousr".unicodeScalars.contains(scalars[index + 2]),
                scalars[index + 3] == "_", run(from: index + 4, isAlnum) >= 36
            {
                return "a GitHub token"
            }
            if rest >= 23, scalars[index] == "s", hasPrefix(scalars, index, "sk-"),
                run(from: index + 3, { isAlnum($0) || $0 == "_" || $0 == "-" }) >= 20
            {
                return "an API secret key"
            }
            if rest >= 15, scalars[index] == "x", hasPrefix(scalars, index, "xox"),
                "abprs".unicodeScalars.contains(scalars[index + 3]),
                scalars[index + 4] == "-", run(from: index + 5, { isAlnum($0) || $0 == "-" }) >= 10
            {
                return "a Slack token"
            }
            if rest >= 30, scalars[index] == "e", hasPrefix(scalars, index, "eyJ") {
                let token = run(from: index, { isAlnum($0) || $0 == "_" || $0 == "-" || $0 == "." })
                let parts = String(String.UnicodeScalarView(scalars[index..<(index + token)])).split(separator: ".")
                if parts.count == 3, parts.allSatisfy({ $0.count >= 4 }) { return "a JSON Web Token" }
            }
        }
        return nil
    }

    /// `secret(in:)` for ASCII text, byte by byte: the same checks at the same positions in the
    /// same order.
    private static func asciiSecret(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if Bytes.contains(bytes, "-----BEGIN"), Bytes.contains(bytes, "PRIVATE KEY-----") { return "a private key" }
        func isAlnum(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
        }
        func isUpperOrDigit(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) }
        func run(from start: Int, _ allowed: (UInt8) -> Bool) -> Int {
            var end = start
            while end < bytes.count, allowed(bytes[end]) { end += 1 }
            return end - start
        }
        func has(_ prefix: StaticString, at index: Int) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != prefix.utf8Start[offset] { return false }
            return true
        }
        for index in bytes.indices {
            let byte = bytes[index]
            // The only bytes a secret starts with: A(KIA), g(h), s(k-), x(ox), e(yJ).
            guard byte == 0x41 || byte == 0x67 || byte == 0x73 || byte == 0x78 || byte == 0x65,
                index == 0 || !isAlnum(bytes[index - 1])
            else { continue }
            let rest = bytes.count - index
            if rest >= 20, has("AKIA", at: index), run(from: index + 4, isUpperOrDigit) >= 16 {
                return "an AWS access key"
            }
            if rest >= 40, has("gh", at: index), Array("pousr".utf8).contains(bytes[index + 2]),
                bytes[index + 3] == 0x5F, run(from: index + 4, isAlnum) >= 36
            {
                return "a GitHub token"
            }
            if rest >= 23, has("sk-", at: index),
                run(from: index + 3, { isAlnum($0) || $0 == 0x5F || $0 == 0x2D }) >= 20
            {
                return "an API secret key"
            }
            if rest >= 15, has("xox", at: index), Array("abprs".utf8).contains(bytes[index + 3]),
                bytes[index + 4] == 0x2D, run(from: index + 5, { isAlnum($0) || $0 == 0x2D }) >= 10
            {
                return "a Slack token"
            }
            if rest >= 30, has("eyJ", at: index) {
                let token = run(from: index, { isAlnum($0) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E })
                let text = String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[index..<(index + token)]), as: UTF8.self)
                let parts = text.split(separator: ".")
                if parts.count == 3, parts.allSatisfy({ $0.count >= 4 }) { return "a JSON Web Token" }
            }
        }
        return nil
    }

    private static func hasPrefix(_ scalars: [Unicode.Scalar], _ index: Int, _ prefix: String) -> Bool {
        var position = index
        for scalar in prefix.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }
}

/// `sec-destructive-unannotated`: a destructive tool without the annotations clients rely on.
public struct SecDestructiveUnannotatedRule: ToolRule {
    public init() {}

    public let metadata = RuleMetadata(
        id: "sec-destructive-unannotated", category: .security, defaultSeverity: .warning,
        summary: "Destructive MCP tools say so in their annotations; read-only ones set readOnlyHint.",
        explanation: """
            Clients decide on confirmations from annotations. A tool whose name or leading verb is \
            destructive or has external effects (delete, drop, send, publish, pay, deploy, execute…) \
            with no annotations, destructiveHint: false or readOnlyHint: true is a warning. A tool that \
            looks read-only (get_, list_, search_…) without readOnlyHint: true is info: the defaults \
            for absent hints are pessimistic (not read-only, destructive, open-world), so clients will \
            ask before every call (MCP blog 2026-03-16).
            """,
        targets: [.mcp, .claudeCode], fixable: true)

    public func check(_ tool: ToolDefinition, in set: ToolSet, context: RuleContext) -> [Finding] {
        guard tool.dialect == .mcp, let name = tool.name else { return [] }
        let lead = Words.of(DescWeakOpeningRule.firstSentence(tool.description?.value ?? "")).first.map(Verbs.base)
        let destructive =
            tool.nameTokens.first(where: Verbs.destructive.contains)
            ?? lead.flatMap { Verbs.destructive.contains($0) ? $0 : nil }
        if let destructive {
            let problem: String?
            if tool.annotations == nil {
                problem = "has no annotations"
            } else if tool.annotation("destructiveHint") == false {
                problem = "is marked destructiveHint: false"
            } else if tool.annotation("readOnlyHint") == true {
                problem = "is marked readOnlyHint: true"
            } else {
                problem = nil
            }
            guard let problem else { return [] }
            let fix = Self.annotate(tool, ["readOnlyHint": false, "destructiveHint": true])
            return [
                finding(
                    "`\(name.value.quotedExcerpt())` \(destructive)s but \(problem); set destructiveHint: true so "
                        + "clients confirm before running it.", at: tool.annotations?.pointer ?? name.pointer,
                    fixes: [fix])
            ]
        }
        guard let first = tool.nameTokens.first, Verbs.readOnly.contains(first),
            tool.annotation("readOnlyHint") != true,
            tool.mentions(verbs: Verbs.mutating, inDescription: false) == nil
        else { return [] }
        return [
            finding(
                "`\(name.value.quotedExcerpt())` looks read-only but does not set readOnlyHint: true, so clients "
                    + "treat it as destructive.", at: tool.annotations?.pointer ?? name.pointer, severity: .info,
                fixes: [ReadOnlyHintFix.fix(for: tool)])
        ]
    }

    static func annotate(_ tool: ToolDefinition, _ values: [(String, JSONValue)]) -> Fix {
        var operations: [FixOperation] = []
        if let annotations = tool.annotations, annotations.value.objectMembers != nil {
            for (key, value) in values {
                operations.append(
                    annotations.value[key] != nil
                        ? .replace(annotations.pointer / key, value)
                        : .addMember(object: annotations.pointer, key: key, value: value))
            }
        } else {
            operations.append(
                .addMember(
                    object: tool.definitionPointer, key: "annotations",
                    value: .object(values.map { JSONMember($0.0, $0.1) })))
        }
        return Fix(title: "Annotate as destructive", operations: operations)
    }
}

extension SecDestructiveUnannotatedRule {
    static func annotate(_ tool: ToolDefinition, _ values: KeyValuePairs<String, JSONValue>) -> Fix {
        annotate(tool, values.map { ($0.key, $0.value) })
    }
}
