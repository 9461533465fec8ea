/// Bit flags describing one Unicode scalar for the pre-tokenizer patterns.
///
/// The patterns only ask a few questions of a scalar (letter? number? whitespace? which case
/// group?), so each scalar maps to one byte of flags; the BMP is tabulated once.
enum ScalarClass {
    /// `\p{L}`
    static let letter: UInt8 = 1
    /// `\p{N}`
    static let number: UInt8 = 2
    /// `\s` (Unicode White_Space)
    static let space: UInt8 = 4
    /// `[\r\n]`
    static let newline: UInt8 = 8
    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` (o200k "upper" group)
    static let upper: UInt8 = 16
    /// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]` (o200k "lower" group)
    static let lower: UInt8 = 32
    /// Past the end of the input; set alone so every class test fails there.
    static let end: UInt8 = 64

    /// `[^\s\p{L}\p{N}]`
    @inline(__always) static func isOther(_ c: UInt8) -> Bool { c & (letter | number | space | end) == 0 }
    /// `[^\r\n\p{L}\p{N}]` (the optional one-scalar prefix before a word)
    @inline(__always) static func isPrefix(_ c: UInt8) -> Bool { c & (letter | number | newline | end) == 0 }

    /// The Unicode version of tiktoken 0.14.0's regex engine (regex-syntax tables). Verified by
    /// probing tiktoken: every letter, mark and number of Unicode 14.0–16.0 is classified as such,
    /// every one added in 17.0 as unassigned. Newer scalars are treated as unassigned here too.
    static let unicodeVersion = (major: 16, minor: 0)

    /// Flags from the toolchain's Unicode properties, limited to `unicodeVersion` (generates and
    /// checks the run table).
    static func compute(_ value: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        let properties = scalar.properties
        if let age = properties.age, (age.major, age.minor) > unicodeVersion { return 0 }
        var flags: UInt8 = properties.isWhitespace ? space : 0
        if value == 0x0A || value == 0x0D { flags |= newline }
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: flags |= letter | upper
        case .lowercaseLetter: flags |= letter | lower
        case .modifierLetter, .otherLetter: flags |= letter | upper | lower
        case .nonspacingMark, .spacingMark, .enclosingMark: flags |= upper | lower
        case .decimalNumber, .letterNumber, .otherNumber: flags |= number
        default: break
        }
        return flags
    }

    /// Flags of any scalar value, from the generated run table (binary search).
    static func flags(of value: UInt32) -> UInt8 {
        let runs = ScalarClassTable.runs
        var low = 0
        var high = runs.count - 1
        while low < high {
            let middle = (low + high + 1) >> 1
            if runs[middle] >> 8 <= value { low = middle } else { high = middle - 1 }
        }
        return UInt8(truncatingIfNeeded: runs[low])
    }

    /// Flags for U+0000...U+FFFF (surrogate slots unused), expanded from the run table on first
    /// use. Never freed: it lives for the whole process and is read-only after initialisation.
    nonisolated(unsafe) static let bmp: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 0x10000)
        let runs = ScalarClassTable.runs
        for (k, run) in runs.enumerated() {
            let start = Int(run >> 8)
            guard start < 0x10000 else { break }
            let end = k + 1 < runs.count ? min(Int(runs[k + 1] >> 8), 0x10000) : 0x10000
            table.advanced(by: start).initialize(repeating: UInt8(truncatingIfNeeded: run), count: end - start)
        }
        return UnsafePointer(table)
    }()
}

/// Namespace of the generated `runs` table (ScalarClassRuns.swift).
enum ScalarClassTable {}

/// Cursor helpers over valid UTF-8 (the bytes of a Swift `String`), one scalar at a time.
struct ScalarReader {
    let base: UnsafePointer<UInt8>
    let count: Int
    let table: UnsafePointer<UInt8>

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
        self.table = ScalarClass.bmp
    }

    /// Class flags and byte length of the scalar starting at `i` (`.end`, 0 at the end).
    @inline(__always) func scalar(at i: Int) -> (flags: UInt8, length: Int) {
        guard i < count else { return (ScalarClass.end, 0) }
        let b0 = UInt32(base[i])
        if b0 < 0x80 { return (table[Int(b0)], 1) }
        if b0 < 0xE0 {
            let v = (b0 & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F)
            return (table[Int(v)], 2)
        }
        if b0 < 0xF0 {
            let v = (b0 & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F)
            return (table[Int(v)], 3)
        }
        let v =
            (b0 & 0x07) << 18 | UInt32(base[i + 1] & 0x3F) << 12 | UInt32(base[i + 2] & 0x3F) << 6
            | UInt32(base[i + 3] & 0x3F)
        return (ScalarClass.flags(of: v), 4)
    }

    /// End of the run of scalars from `i` whose flags intersect `mask`.
    @inline(__always) func run(from i: Int, while mask: UInt8) -> Int {
        var j = i
        while true {
            let (f, l) = scalar(at: j)
            if f & mask == 0 { return j }
            j += l
        }
    }

    /// End of the run of `[^\s\p{L}\p{N}]` scalars from `i`.
    @inline(__always) func otherRun(from i: Int) -> Int {
        var j = i
        while true {
            let (f, l) = scalar(at: j)
            if !ScalarClass.isOther(f) { return j }
            j += l
        }
    }

    /// End of the run of bytes from `i` that are `\r`, `\n` (or `/` when `slash`).
    @inline(__always) func newlineRun(from i: Int, slash: Bool) -> Int {
        var j = i
        while j < count {
            let b = base[j]
            if b == 0x0A || b == 0x0D || (slash && b == 0x2F) { j += 1 } else { break }
        }
        return j
    }

    /// End of `'(?i:s|t|re|ve|m|ll|d)` at `i`, or nil. Case-insensitive as Unicode simple case
    /// folding: U+017F LATIN SMALL LETTER LONG S folds to `s` (the only non-ASCII fold here).
    @inline(__always) func contraction(at i: Int) -> Int? {
        guard i + 1 < count, base[i] == 0x27 else { return nil }
        let b1 = base[i + 1] | 0x20
        switch b1 {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            if base[i + 1] < 0x80 { return i + 2 }
        default: break
        }
        if base[i + 1] == 0xC5 && i + 2 < count && base[i + 2] == 0xBF { return i + 3 }
        guard i + 2 < count, base[i + 1] < 0x80, base[i + 2] < 0x80 else { return nil }
        let b2 = base[i + 2] | 0x20
        switch (b1, b2) {
        case (UInt8(ascii: "r"), UInt8(ascii: "e")), (UInt8(ascii: "v"), UInt8(ascii: "e")),
            (UInt8(ascii: "l"), UInt8(ascii: "l")):
            return i + 3
        default: return nil
        }
    }
}
