/// Byte values the JSON scanner and parser switch on.
enum JSONByte {
    static let quote: UInt8 = 0x22  // "
    static let apostrophe: UInt8 = 0x27  // '
    static let backslash: UInt8 = 0x5C
    static let slash: UInt8 = 0x2F
    static let star: UInt8 = 0x2A
    static let comma: UInt8 = 0x2C
    static let colon: UInt8 = 0x3A
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D
    static let minus: UInt8 = 0x2D
    static let plus: UInt8 = 0x2B
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- zero < 10 }

    @inline(__always) static func isWhitespace(_ b: UInt8) -> Bool {
        b == space || b == newline || b == carriageReturn || b == tab
    }

    /// Bytes that end a bare word (an unquoted literal or a run of garbage).
    @inline(__always) static func endsWord(_ b: UInt8) -> Bool {
        switch b {
        case space, newline, carriageReturn, tab, quote, comma, colon, openBrace, closeBrace, openBracket,
            closeBracket, slash:
            true
        default:
            false
        }
    }
}

/// Byte-level lexing for `JSONSyntaxParser`: trivia, strings, numbers and bare words over a
/// UTF-8 buffer. Every problem becomes a diagnostic with the range of the offending bytes and
/// the scanner carries on, so one typo never hides the rest of the document.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var pos: Int
    /// Exclusive limit: the end of the text, or of the current line in JSON Lines mode.
    var end: Int
    var diagnostics: [SyntaxDiagnostic] = []
    /// Where the last unterminated string was cut off (at its line end), or -1.
    var unterminatedStringEnd = -1
    /// Reused buffer for strings that need unescaping or repair.
    private var scratch: [UInt8] = []

    /// Diagnostics kept per document; one more says that the rest were dropped.
    static let diagnosticLimit = 1_000

    init(_ bytes: UnsafeBufferPointer<UInt8>, start: Int) {
        self.bytes = bytes
        self.pos = start
        self.end = bytes.count
    }

    mutating func report(
        _ code: SyntaxDiagnostic.Code, _ message: String, _ range: ByteRange,
        severity: SyntaxDiagnostic.Severity = .error
    ) {
        // One bad token often trips two checks (the second while recovering); keep the first.
        if code == .syntax, let last = diagnostics.last, last.code == .syntax,
            last.range.lowerBound == range.lowerBound
        {
            return
        }
        // A binary file opened as JSON would give one error per byte or so.
        if diagnostics.count >= JSONScanner.diagnosticLimit {
            if diagnostics.count == JSONScanner.diagnosticLimit {
                diagnostics.append(
                    SyntaxDiagnostic(.syntax, "too many problems; the rest are not reported", range: range))
            }
            return
        }
        diagnostics.append(SyntaxDiagnostic(code, message, range: range, severity: severity))
    }

    func text(_ range: ByteRange, limit: Int = 24) -> String {
        let clipped = range.lowerBound..<min(range.upperBound, range.lowerBound + limit)
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[clipped]), as: UTF8.self)
        return clipped.upperBound < range.upperBound ? s + "…" : s
    }

    // MARK: Trivia

    /// Skips whitespace and comments; comments are reported (JSON has none) but do not stop
    /// the parse, since JSONC-style files are common in editors.
    mutating func skipTrivia() {
        while pos < end {
            let b = bytes[pos]
            if JSONByte.isWhitespace(b) {
                pos += 1
            } else if b == JSONByte.slash && pos + 1 < end
                && (bytes[pos + 1] == JSONByte.slash || bytes[pos + 1] == JSONByte.star)
            {
                skipComment()
            } else {
                return
            }
        }
    }

    /// Offset of the first byte at or after `start` that is not whitespace or comment, without
    /// reporting anything; nil at the end. Lets recovery look a token or two ahead.
    func nextSignificant(from start: Int) -> Int? {
        var i = start
        while i < end {
            let b = bytes[i]
            if JSONByte.isWhitespace(b) {
                i += 1
            } else if b == JSONByte.slash && i + 1 < end && bytes[i + 1] == JSONByte.slash {
                while i < end && bytes[i] != JSONByte.newline && bytes[i] != JSONByte.carriageReturn { i += 1 }
            } else if b == JSONByte.slash && i + 1 < end && bytes[i + 1] == JSONByte.star {
                i += 2
                while i < end && !(bytes[i] == JSONByte.star && i + 1 < end && bytes[i + 1] == JSONByte.slash) {
                    i += 1
                }
                i += 2
            } else {
                return i
            }
        }
        return nil
    }

    private mutating func skipComment() {
        let start = pos
        var i = pos + 2
        if bytes[pos + 1] == JSONByte.slash {
            while i < end && bytes[i] != JSONByte.newline && bytes[i] != JSONByte.carriageReturn { i += 1 }
            report(.syntax, "comments are not allowed in JSON", start..<i)
        } else {
            var closed = false
            while i < end {
                if bytes[i] == JSONByte.star && i + 1 < end && bytes[i + 1] == JSONByte.slash {
                    i += 2
                    closed = true
                    break
                }
                i += 1
            }
            report(.syntax, closed ? "comments are not allowed in JSON" : "unterminated comment", start..<i)
        }
        reportInvalidUTF8(in: (start + 2)..<i)
        pos = i
    }

    // MARK: UTF-8

    /// Length of the well-formed UTF-8 sequence starting with the non-ASCII byte at `i`, or the
    /// negated length of its maximal ill-formed subpart (Unicode 3.9, "U+FFFD substitution").
    @inline(__always) func utf8Sequence(at i: Int) -> Int {
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        let trailing: Int
        switch bytes[i] {
        case 0xC2...0xDF: trailing = 1
        case 0xE0:
            trailing = 2
            lower = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: trailing = 2
        case 0xED:
            trailing = 2
            upper = 0x9F
        case 0xF0:
            trailing = 3
            lower = 0x90
        case 0xF1...0xF3: trailing = 3
        case 0xF4:
            trailing = 3
            upper = 0x8F
        default: return -1
        }
        var j = i + 1
        guard j < end, bytes[j] >= lower, bytes[j] <= upper else { return -1 }
        j += 1
        while j <= i + trailing {
            guard j < end, bytes[j] & 0xC0 == 0x80 else { return -(j - i) }
            j += 1
        }
        return trailing + 1
    }

    mutating func reportInvalidUTF8(at i: Int, length: Int) {
        // Past the limit the message is dropped anyway; building it is most of a binary file's cost.
        guard diagnostics.count < JSONScanner.diagnosticLimit else {
            report(.invalidUTF8, "", i..<(i + length))
            return
        }
        var message = "invalid UTF-8 ("
        for k in i..<(i + length) {
            if k > i { message += " " }
            message += "0x" + String(bytes[k], radix: 16, uppercase: true)
        }
        report(.invalidUTF8, message + ")", i..<(i + length))
    }

    /// Reports each ill-formed sequence in `range`; returns whether any well-formed
    /// non-whitespace text was found too.
    @discardableResult
    mutating func reportInvalidUTF8(in range: ByteRange) -> Bool {
        var i = range.lowerBound
        var sawValid = false
        while i < range.upperBound {
            if bytes[i] < 0x80 {
                if !JSONByte.isWhitespace(bytes[i]) { sawValid = true }
                i += 1
                continue
            }
            let n = utf8Sequence(at: i)
            if n > 0 {
                sawValid = true
                i += n
            } else {
                reportInvalidUTF8(at: i, length: -n)
                i += -n
            }
        }
        return sawValid
    }

    // MARK: Words

    /// End of the bare word at `pos` (at least one whole character).
    func wordEnd(from start: Int) -> Int {
        var i = wordRunEnd(from: start)
        if i == start {
            i += 1
            while i < end && bytes[i] & 0xC0 == 0x80 { i += 1 }
        }
        return i
    }

    /// End of the run of word bytes at `start` (possibly empty).
    func wordRunEnd(from start: Int) -> Int {
        var i = start
        while i < end && !JSONByte.endsWord(bytes[i]) { i += 1 }
        return i
    }

    /// End of whatever token starts at `start`, for a diagnostic about that token.
    func tokenEnd(from start: Int) -> Int {
        let b = bytes[start]
        if b == JSONByte.quote { return stringEnd(from: start) }
        if b == JSONByte.openBrace || b == JSONByte.closeBrace || b == JSONByte.openBracket
            || b == JSONByte.closeBracket || b == JSONByte.comma || b == JSONByte.colon
        {
            return start + 1
        }
        return wordEnd(from: start)
    }

    /// End of the string token at `start` (past its closing quote, or at the line end when it
    /// is unterminated), without decoding it.
    func stringEnd(from start: Int) -> Int {
        var i = start + 1
        while i < end {
            let b = bytes[i]
            if b == JSONByte.quote { return i + 1 }
            if b == JSONByte.newline || b == JSONByte.carriageReturn { return i }
            let escapesNext =
                b == JSONByte.backslash && i + 1 < end && bytes[i + 1] != JSONByte.newline
                && bytes[i + 1] != JSONByte.carriageReturn
            i += escapesNext ? 2 : 1
        }
        return min(i, end)
    }

    // MARK: Strings

    /// Scans the string whose opening quote is at `pos`; leaves `pos` after the closing quote
    /// (or at the end of the line when the string is unterminated).
    mutating func scanString() -> String {
        let start = pos
        var i = pos + 1
        // Fast path: ASCII without escapes, the bulk of any tools file.
        while i < end {
            let b = bytes[i]
            if b == JSONByte.quote {
                pos = i + 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<i]), as: UTF8.self)
            }
            if b == JSONByte.backslash || b < 0x20 || b >= 0x80 { break }
            i += 1
        }
        return scanStringSlowly(start: start, from: i)
    }

    private mutating func scanStringSlowly(start: Int, from: Int) -> String {
        var i = from
        // Bytes in copied..<i are verbatim and not yet in `scratch`; `rewritten` says whether
        // `scratch` holds the earlier part of the value.
        var copied = start + 1
        var rewritten = false
        scratch.removeAll(keepingCapacity: true)

        func flush(_ upTo: Int) {
            rewritten = true
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<upTo]))
        }

        while i < end {
            let b = bytes[i]
            if b == JSONByte.quote {
                pos = i + 1
                return finishString(copied: copied, upTo: i, rewritten: rewritten)
            }
            if b == JSONByte.backslash {
                flush(i)
                i = scanEscape(at: i)
                copied = i
            } else if b < 0x20 {
                if b == JSONByte.newline || b == JSONByte.carriageReturn { break }
                report(
                    .syntax, "control character U+\(fourHexDigits(UInt32(b))) must be escaped in a string", i..<(i + 1))
                i += 1
            } else if b >= 0x80 {
                let n = utf8Sequence(at: i)
                if n > 0 {
                    i += n
                } else {
                    flush(i)
                    reportInvalidUTF8(at: i, length: -n)
                    scratch.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    i += -n
                    copied = i
                }
            } else {
                i += 1
            }
        }
        report(.syntax, "unterminated string", start..<i)
        unterminatedStringEnd = i
        pos = i
        return finishString(copied: copied, upTo: i, rewritten: rewritten)
    }

    private mutating func finishString(copied: Int, upTo: Int, rewritten: Bool) -> String {
        if !rewritten {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[copied..<upTo]), as: UTF8.self)
        }
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<upTo]))
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Decodes the escape at `i` (a backslash) into `scratch`; returns the offset after it.
    private mutating func scanEscape(at i: Int) -> Int {
        guard i + 1 < end else { return i + 1 }
        let c = bytes[i + 1]
        switch c {
        case JSONByte.quote, JSONByte.backslash, JSONByte.slash: scratch.append(c)
        case 0x62: scratch.append(0x08)  // b
        case 0x66: scratch.append(0x0C)  // f
        case 0x6E: scratch.append(0x0A)  // n
        case 0x72: scratch.append(0x0D)  // r
        case 0x74: scratch.append(0x09)  // t
        case 0x75: return scanUnicodeEscape(at: i)  // u
        case JSONByte.newline, JSONByte.carriageReturn:
            // A backslash at the end of the line: the string is unterminated, reported there.
            return i + 1
        default:
            let length = c < 0x80 ? 1 : max(1, abs(utf8Sequence(at: i + 1)))
            let range = i..<(i + 1 + length)
            report(.syntax, "invalid escape sequence '\(text(range))'", range)
            // Keep the character and drop the backslash: the likeliest intent.
            return i + 1
        }
        return i + 2
    }

    private func hex4(at j: Int) -> (value: UInt32, digits: Int) {
        var value: UInt32 = 0
        var k = 0
        while k < 4 && j + k < end {
            let b = bytes[j + k]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: return (value, k)
            }
            value = value << 4 | digit
            k += 1
        }
        return (value, k)
    }

    private mutating func scanUnicodeEscape(at i: Int) -> Int {
        let (unit, digits) = hex4(at: i + 2)
        guard digits == 4 else {
            let range = i..<(i + 2 + digits)
            report(.syntax, "invalid \\u escape '\(text(range))': expected four hex digits", range)
            appendScalar(0xFFFD)
            return range.upperBound
        }
        switch unit {
        case 0xD800...0xDBFF:
            if i + 11 < end && bytes[i + 6] == JSONByte.backslash && bytes[i + 7] == 0x75 {
                let (low, lowDigits) = hex4(at: i + 8)
                if lowDigits == 4 && (0xDC00...0xDFFF).contains(low) {
                    appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    return i + 12
                }
            }
            fallthrough
        case 0xDC00...0xDFFF:
            report(
                .syntax, "lone surrogate '\(text(i..<(i + 6)))' in string (read as U+FFFD)", i..<(i + 6))
            appendScalar(0xFFFD)
        default:
            appendScalar(unit)
        }
        return i + 6
    }

    private mutating func appendScalar(_ v: UInt32) {
        switch v {
        case 0..<0x80:
            scratch.append(UInt8(v))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | v >> 6))
            scratch.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | v >> 12))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | v >> 18))
            scratch.append(UInt8(0x80 | v >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        }
    }
}

func fourHexDigits(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}
