/// Finds text a human reviewer does not see but a model reads: invisible and control
/// characters, and whitespace padding that pushes a payload out of view.
enum HiddenTextScanner {
    struct Hit {
        var scalar: Unicode.Scalar
        /// Position in Unicode scalars from the start of the text.
        var offset: Int
        var name: String
    }

    struct CharacterReport {
        var first: Hit
        var count: Int
        /// ASCII smuggled in Unicode tag characters (U+E0020–U+E007E), decoded.
        var tagText: String
        var cleaned: String
    }

    struct PaddingReport {
        var description: String
        var offset: Int
        /// Visible characters after the run.
        var trailing: Int
    }

    static let paddingSpaces = 40
    static let paddingBlankLines = 8

    static func hiddenCharacters(in text: String) -> CharacterReport? {
        // Fast path: nearly all text has no candidate at all, and a byte scan says so without
        // decoding scalars or building the cleaned copy.
        guard mayHideCharacters(text) else { return nil }
        let scalars = Array(text.unicodeScalars)
        var first: Hit?
        var count = 0
        var tagText = ""
        var cleaned = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            let previous = index > 0 ? scalars[index - 1] : nil
            guard let name = name(of: scalar, previous: previous, next: next) else {
                cleaned.append(scalar)
                continue
            }
            count += 1
            if first == nil { first = Hit(scalar: scalar, offset: index, name: name) }
            if (0xE0020...0xE007E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xE0000) {
                tagText.unicodeScalars.append(ascii)
            }
        }
        guard let first else { return nil }
        return CharacterReport(first: first, count: count, tagText: tagText, cleaned: String(cleaned))
    }

    /// False when the UTF-8 bytes cannot encode any character `name(of:)` reports: C0 controls
    /// other than tab/LF/CR, DELETE, C1 controls (C2 80–9F), U+2000–U+207F (E2 80/81 …), U+FEFF
    /// (EF BB BF) and tag characters (F3 A0 …). A conservative filter: true may still find nothing.
    static func mayHideCharacters(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let count = bytes.count
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte < 0x20 {
                    if byte != 0x09 && byte != 0x0A && byte != 0x0D { return true }
                } else if byte >= 0x7F {
                    let next = index + 1 < count ? bytes[index + 1] : 0
                    switch byte {
                    case 0x7F: return true
                    case 0xC2 where next >= 0x80 && next <= 0x9F: return true
                    case 0xE2 where next == 0x80 || next == 0x81: return true
                    case 0xEF where next == 0xBB: return true
                    case 0xF3 where next == 0xA0: return true
                    default: break
                    }
                }
                index += 1
            }
            return false
        }
    }

    /// The name of a hidden character, or nil for a visible one. A zero-width joiner between two
    /// emoji is how emoji sequences are spelled, so it is not reported.
    static func name(of scalar: Unicode.Scalar, previous: Unicode.Scalar?, next: Unicode.Scalar?) -> String? {
        let value = scalar.value
        switch value {
        case 0x09, 0x0A, 0x0D:
            return nil
        case 0x1B:
            return next == "[" ? "ESCAPE (ANSI escape sequence ESC[)" : "ESCAPE"
        case 0x00...0x1F:
            return "control character"
        case 0x7F:
            return "DELETE"
        case 0x80...0x9F:
            return "C1 control character"
        case 0x200B: return "ZERO WIDTH SPACE"
        case 0x200C: return "ZERO WIDTH NON-JOINER"
        case 0x200D:
            if let previous, let next, isEmoji(previous), isEmoji(next) { return nil }
            return "ZERO WIDTH JOINER"
        case 0x200E: return "LEFT-TO-RIGHT MARK"
        case 0x200F: return "RIGHT-TO-LEFT MARK"
        case 0x202A: return "LEFT-TO-RIGHT EMBEDDING"
        case 0x202B: return "RIGHT-TO-LEFT EMBEDDING"
        case 0x202C: return "POP DIRECTIONAL FORMATTING"
        case 0x202D: return "LEFT-TO-RIGHT OVERRIDE"
        case 0x202E: return "RIGHT-TO-LEFT OVERRIDE"
        case 0x2060: return "WORD JOINER"
        case 0x2061: return "FUNCTION APPLICATION"
        case 0x2062: return "INVISIBLE TIMES"
        case 0x2063: return "INVISIBLE SEPARATOR"
        case 0x2064: return "INVISIBLE PLUS"
        case 0x2066: return "LEFT-TO-RIGHT ISOLATE"
        case 0x2067: return "RIGHT-TO-LEFT ISOLATE"
        case 0x2068: return "FIRST STRONG ISOLATE"
        case 0x2069: return "POP DIRECTIONAL ISOLATE"
        case 0xFEFF: return "ZERO WIDTH NO-BREAK SPACE"
        case 0xE0001: return "LANGUAGE TAG"
        case 0xE007F: return "CANCEL TAG"
        case 0xE0000...0xE007F: return "TAG CHARACTER"
        default: return nil
        }
    }

    private static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x7F && scalar.properties.isEmoji
    }

    /// The first run of ≥40 spaces or ≥8 blank lines. One pass over the UTF-8 bytes: every
    /// character of a run is ASCII.
    static func padding(in text: String) -> PaddingReport? {
        guard mayHavePadding(text) else { return nil }
        let bytes = Array(text.utf8)
        var runStart = -1
        var spaces = 0
        var longestSpaces = 0
        var newlines = 0
        for index in 0...bytes.count {
            let byte = index < bytes.count ? bytes[index] : 0
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                if runStart < 0 {
                    runStart = index
                    spaces = 0
                    longestSpaces = 0
                    newlines = 0
                }
                if byte == 0x20 {
                    spaces += 1
                    longestSpaces = max(longestSpaces, spaces)
                } else {
                    spaces = 0
                    if byte == 0x0A { newlines += 1 }
                }
            default:
                guard runStart >= 0 else { continue }
                let description: String
                if longestSpaces >= paddingSpaces {
                    description = "\(longestSpaces) consecutive spaces"
                } else if newlines - 1 >= paddingBlankLines {
                    description = "\(newlines - 1) blank lines"
                } else {
                    runStart = -1
                    continue
                }
                return PaddingReport(
                    description: description, offset: scalarCount(bytes[..<runStart]),
                    trailing: visibleCount(bytes[index...]))
            }
        }
        return nil
    }

    /// False when the text has fewer than `paddingSpaces` spaces in a row and fewer than
    /// `paddingBlankLines + 1` newlines, so no run can qualify (checked without copying the bytes).
    static func mayHavePadding(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var spaces = 0
            var newlines = 0
            for byte in bytes {
                if byte == 0x20 {
                    spaces += 1
                    if spaces >= paddingSpaces { return true }
                } else {
                    spaces = 0
                    if byte == 0x0A {
                        newlines += 1
                        if newlines > paddingBlankLines { return true }
                    }
                }
            }
            return false
        }
    }

    private static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// Characters other than ASCII whitespace (continuation bytes not counted).
    private static func visibleCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { count, byte in
            let whitespace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            return count + (whitespace || byte & 0xC0 == 0x80 || byte == 0 ? 0 : 1)
        }
    }
}
