/// The bytes handed to libyaml, and the way back from libyaml's marks to offsets in the
/// document's original bytes.
///
/// libyaml's reader rejects the whole stream at the first invalid UTF-8 byte or control
/// character, before any event, so each such byte (or character) is replaced by U+FFFD
/// before parsing and reported on its own; a leading BOM is dropped. libyaml's `mark.index`
/// counts Unicode scalars (a CRLF counts two), not bytes, so offsets go scalar index → byte in
/// the cleaned text → byte in the original text.
struct YAMLInput {
    /// Something replaced by U+FFFD before parsing.
    struct Replacement {
        /// Where it starts in `text`.
        var textStart: Int
        /// Bytes gained in `text` by this and all earlier replacements.
        var shift: Int
    }

    /// The document's bytes as given.
    let original: [UInt8]
    /// Valid, printable UTF-8 without BOM, as given to libyaml.
    let text: [UInt8]
    /// Length of the skipped BOM (0 or 3).
    let bomLength: Int
    private let replacements: [Replacement]
    /// Runs of invalid UTF-8 in the original bytes.
    let invalidRuns: [ByteRange]
    /// Characters YAML does not allow (C0/C1 controls, DEL, U+FFFE, U+FFFF) and their ranges.
    let controlCharacters: [(range: ByteRange, scalar: UInt32)]
    /// Number of Unicode scalars in `text` (libyaml's index of the end of the stream).
    let scalarCount: Int
    /// Byte offset in `text` of every `checkpointStride`-th scalar; empty when `text` is ASCII.
    private let checkpoints: [Int]
    /// The last conversion: libyaml's marks mostly move forward, so most lookups walk on from
    /// here instead of from a checkpoint.
    private let cursor = Cursor()

    private final class Cursor {
        var index = 0
        var offset = 0
    }
    private static let checkpointStride = 64
    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// JSON's `\uD83D\uDE00` surrogate-pair escapes were rewritten as `\U0001F600`.
    let rewroteSurrogateEscapes: Bool

    /// With `rewritingSurrogateEscapes`, each backslash-`u` escape pair that JSON uses for
    /// characters beyond U+FFFF becomes YAML's eight-digit `\U` escape, which libyaml accepts.
    /// Only asked for once libyaml has rejected such an escape: in a plain or single-quoted
    /// scalar the same characters are literal text.
    init(_ bytes: [UInt8], rewritingSurrogateEscapes: Bool = false) {
        original = bytes
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        bomLength = bytes.starts(with: bom) ? 3 : 0
        var text: [UInt8] = []
        var replacements: [Replacement] = []
        var runs: [ByteRange] = []
        var controls: [(range: ByteRange, scalar: UInt32)] = []
        var ascii = true
        var i = bomLength
        let n = bytes.count
        text.reserveCapacity(n - bomLength)
        func replace(_ length: Int, with replacement: [UInt8] = YAMLInput.replacementCharacter) {
            let shift = (replacements.last?.shift ?? 0) + replacement.count - length
            replacements.append(Replacement(textStart: text.count, shift: shift))
            text.append(contentsOf: replacement)
        }
        var rewrote = false
        // Clean stretches are copied in one go; `copied` is where the pending one starts.
        var copied = i
        while i < n {
            let b = bytes[i]
            if b >= 0x20 && b < 0x7F || b == 0x0A || b == 0x0D || b == 0x09 {
                if rewritingSurrogateEscapes && b == UInt8(ascii: "\\"),
                    let escape = YAMLInput.surrogatePairEscape(bytes, at: i)
                {
                    text.append(contentsOf: bytes[copied..<i])
                    replace(12, with: escape)
                    rewrote = true
                    i += 12
                    copied = i
                    continue
                }
                i += 1
                continue
            }
            ascii = false
            let length = b < 0x80 ? 1 : YAMLInput.validSequenceLength(bytes, at: i)
            if length > 0 && (b >= 0x80 && YAMLInput.isAllowed(YAMLInput.decode(bytes, at: i, length: length))) {
                i += length
                continue
            }
            text.append(contentsOf: bytes[copied..<i])
            if length == 0 {
                replace(1)
                if let last = runs.last, last.upperBound == i {
                    runs[runs.count - 1] = last.lowerBound..<(i + 1)
                } else {
                    runs.append(i..<(i + 1))
                }
                i += 1
            } else {
                replace(length)
                controls.append((i..<(i + length), YAMLInput.decode(bytes, at: i, length: length)))
                i += length
            }
            copied = i
        }
        text.append(contentsOf: bytes[copied..<n])
        self.text = text
        self.rewroteSurrogateEscapes = rewrote
        self.replacements = replacements
        self.invalidRuns = runs
        self.controlCharacters = controls
        self.checkpoints = ascii ? [] : YAMLInput.makeCheckpoints(text)
        self.scalarCount = ascii ? text.count : text.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// Invalid UTF-8 and disallowed control characters, at most 100 of each.
    var encodingDiagnostics: [SyntaxDiagnostic] {
        var result = invalidRuns.prefix(100).map {
            SyntaxDiagnostic(.invalidUTF8, "invalid UTF-8 (read as U+FFFD)", range: $0)
        }
        for (range, scalar) in controlCharacters.prefix(100) {
            let hex = String(scalar, radix: 16, uppercase: true)
            let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            result.append(
                SyntaxDiagnostic(.yamlSyntax, "control character U+\(code) is not allowed in YAML", range: range))
        }
        return result
    }

    /// `\U000XXXXX` for a backslash-u high-surrogate escape followed by a low-surrogate one at
    /// `i`, when that backslash is not itself escaped.
    private static func surrogatePairEscape(_ bytes: [UInt8], at i: Int) -> [UInt8]? {
        guard i + 12 <= bytes.count, bytes[i + 1] == UInt8(ascii: "u"), bytes[i + 6] == UInt8(ascii: "\\"),
            bytes[i + 7] == UInt8(ascii: "u"), let high = hex4(bytes, at: i + 2), let low = hex4(bytes, at: i + 8),
            (0xD800...0xDBFF).contains(high), (0xDC00...0xDFFF).contains(low)
        else { return nil }
        var backslashes = 0
        var k = i - 1
        while k >= 0 && bytes[k] == UInt8(ascii: "\\") {
            backslashes += 1
            k -= 1
        }
        guard backslashes % 2 == 0 else { return nil }
        let scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        let digits = Array(String(scalar, radix: 16, uppercase: true).utf8)
        return Array("\\U".utf8) + Array(repeating: UInt8(ascii: "0"), count: 8 - digits.count) + digits
    }

    private static func hex4(_ bytes: [UInt8], at i: Int) -> Int? {
        var value = 0
        for k in i..<(i + 4) {
            let c = bytes[k]
            let digit: Int
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(c) - 0x30
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(c) - 0x61 + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(c) - 0x41 + 10
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// What libyaml's reader accepts beyond printable ASCII.
    private static func isAllowed(_ v: UInt32) -> Bool {
        v == 0x85 || (v >= 0xA0 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
    }

    private static func decode(_ bytes: [UInt8], at i: Int, length: Int) -> UInt32 {
        var v = UInt32(bytes[i])
        switch length {
        case 1: return v
        case 2: v &= 0x1F
        case 3: v &= 0x0F
        default: v &= 0x07
        }
        for k in 1..<length { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
        return v
    }

    /// Offset in the original bytes of the scalar at libyaml's `index`.
    func originalOffset(ofScalarIndex index: Int) -> Int {
        originalOffset(ofTextOffset: textOffset(ofScalarIndex: index))
    }

    /// Offset in the original bytes of a byte offset in `text` (libyaml's `problem_offset`).
    func originalOffset(ofTextOffset offset: Int) -> Int {
        guard !replacements.isEmpty else { return bomLength + offset }
        // The last replacement that starts before `offset` says how far `text` has drifted.
        var lo = 0
        var hi = replacements.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if replacements[mid].textStart < offset { lo = mid + 1 } else { hi = mid }
        }
        return bomLength + offset - (lo == 0 ? 0 : replacements[lo - 1].shift)
    }

    var originalCount: Int { original.count }

    /// 1-based line of an offset in the original bytes (`\n`, `\r\n` or `\r` end a line).
    func lineNumber(at offset: Int) -> Int {
        var line = 1
        var i = 0
        let end = min(offset, original.count)
        while i < end {
            if original[i] == 0x0A || (original[i] == 0x0D && (i + 1 >= original.count || original[i + 1] != 0x0A)) {
                line += 1
            }
            i += 1
        }
        return line
    }

    /// Bytes in the character at `offset` of the original text (1 for an invalid byte).
    func originalScalarLength(at offset: Int) -> Int {
        guard offset < original.count else { return 0 }
        if original[offset] < 0x80 { return 1 }
        return max(1, YAMLInput.validSequenceLength(original, at: offset))
    }

    /// End of the character starting at `offset`: a one-character range for a diagnostic.
    func endOfScalar(at offset: Int) -> Int {
        offset + originalScalarLength(at: offset)
    }

    /// `range` without trailing spaces and line breaks (block scalars end after their last
    /// line break, sometimes at the next line's indentation), keeping at least one byte.
    func trimmingTrailingSpace(_ range: ByteRange) -> ByteRange {
        var end = min(range.upperBound, original.count)
        while end > range.lowerBound + 1 {
            let b = original[end - 1]
            guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { break }
            end -= 1
        }
        return range.lowerBound..<max(end, range.lowerBound)
    }

    private func textOffset(ofScalarIndex index: Int) -> Int {
        guard !checkpoints.isEmpty else { return min(max(index, 0), text.count) }
        let index = max(index, 0)
        var offset: Int
        var at: Int
        if index >= cursor.index {
            (at, offset) = (cursor.index, cursor.offset)
        } else {
            let slot = min(index / YAMLInput.checkpointStride, checkpoints.count - 1)
            (at, offset) = (slot * YAMLInput.checkpointStride, checkpoints[slot])
        }
        while at < index && offset < text.count {
            offset += YAMLInput.leadLength(text[offset])
            at += 1
        }
        cursor.index = at
        cursor.offset = offset
        return min(offset, text.count)
    }

    private static func makeCheckpoints(_ text: [UInt8]) -> [Int] {
        var result = [0]
        result.reserveCapacity(text.count / checkpointStride + 1)
        var offset = 0
        var count = 0
        while offset < text.count {
            offset += leadLength(text[offset])
            count += 1
            if count == checkpointStride {
                result.append(offset)
                count = 0
            }
        }
        return result
    }

    /// Sequence length from a lead byte of valid UTF-8.
    private static func leadLength(_ b: UInt8) -> Int {
        if b < 0x80 { return 1 }
        if b < 0xE0 { return 2 }
        if b < 0xF0 { return 3 }
        return 4
    }

    /// Length of the well-formed UTF-8 sequence at `i` (no overlongs, surrogates or values
    /// past U+10FFFF, as libyaml demands), or 0.
    static func validSequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let n = bytes.count
        let b0 = bytes[i]
        func cont(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i + k < n && bytes[i + k] >= low && bytes[i + k] <= high
        }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xED:
            return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0:
            return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4:
            return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }
}
