/// A pure-Swift JSON reader for the common case, building `JSONValue`s straight from the bytes
/// (jansson builds its own tree with a hash table per object, which is then converted: about
/// twice the work for the small messages of a JSON-RPC exchange).
///
/// It reads a text exactly as `Jansson.decode(_, options: [.decodeAny])` does, or not at all:
/// whatever it is not sure to read the same way (duplicate keys, `\u0000`, integers outside
/// Int64, doubles that overflow, nesting deeper than `maximumDepth`, and every syntax error) makes
/// it return nil, and `decode` then asks jansson, which gives the same value or the same error.
public enum JSONParser {
    /// Deeper values are left to jansson (its limit is 2048): recursion here stays shallow
    /// on any thread's stack.
    public static let maximumDepth = 128

    /// The value, as jansson would decode it, or nil when jansson must decide.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> JSONValue? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        var reader = Reader(base: base.assumingMemoryBound(to: UInt8.self), end: bytes.count)
        defer { reader.release() }
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipSpace()
        // Not a ternary: `nil` there would be read as `JSONValue.null`.
        guard reader.position == reader.end else { return nil }
        return value
    }

    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// `parse`, else jansson (with `[.decodeAny]`): the same result either way, jansson's errors.
    public static func decode(_ bytes: [UInt8]) throws -> JSONValue {
        if let value = parse(bytes) { return value }
        return try Jansson.decode(bytes, options: [.decodeAny])
    }
}

/// A stack of elements still being read, shared by every open container: a container's
/// elements are pushed as they are read and moved into an array of exactly their count when it
/// closes (one allocation per container, no growth and copies of a fresh array per object).
private struct Scratch<Element> {
    var base: UnsafeMutablePointer<Element>
    var count = 0
    var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    /// The elements from `start` on, moved into an array. Through `reserveCapacity` and a
    /// moving sequence, not `Array(unsafeUninitializedCapacity:)`, whose allocation looks the
    /// array's type up at run time (more instructions than the moves themselves).
    mutating func pop(from start: Int) -> [Element] {
        var array: [Element] = []
        array.reserveCapacity(count - start)
        array.append(contentsOf: Moving(current: base + start, end: base + count))
        count = start
        return array
    }

    /// Drops the elements from `start` on (a container that will not be returned).
    mutating func discard(from start: Int) {
        (base + start).deinitialize(count: count - start)
        count = start
    }

    func release() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// The plain ASCII strings of up to 16 bytes read last, by their bytes: a string read again is
/// the same `String` value, without validating and building it anew (a direct-mapped table; a
/// string whose slot holds another one replaces it).
private struct ShortStrings {
    static let maximumLength = 16
    /// Texts below this size (JSON-RPC messages) do without the table and its set-up.
    static let minimumText = 8192
    static let slots = 512

    /// Per slot: the first and second eight bytes (zero-padded) and the length plus one (0 for
    /// an empty slot).
    let words: UnsafeMutablePointer<UInt64>
    let strings: UnsafeMutablePointer<String>

    init() {
        words = .allocate(capacity: Self.slots * 3)
        words.initialize(repeating: 0, count: Self.slots * 3)
        strings = .allocate(capacity: Self.slots)
        strings.initialize(repeating: "", count: Self.slots)
    }

    func release() {
        words.deallocate()
        strings.deinitialize(count: Self.slots)
        strings.deallocate()
    }

    /// `bytes` (at most 16, plain ASCII) as a `String`; `readable` bytes from its start may be
    /// loaded (whole words are read when they fit, then masked).
    @inline(__always)
    func string(_ bytes: UnsafeBufferPointer<UInt8>, readable: Int) -> String {
        let count = bytes.count
        let first: UInt64
        let second: UInt64
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        if readable >= 16 {
            // Little-endian order whatever the machine's: the first bytes are the low ones.
            let low = raw.loadUnaligned(as: UInt64.self).littleEndian
            let high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian
            first = count >= 8 ? low : low & Self.mask(count)
            second = count >= 8 ? high & Self.mask(count - 8) : 0
        } else {
            var words: (UInt64, UInt64) = (0, 0)
            for i in 0..<count {
                if i < 8 {
                    words.0 |= UInt64(bytes[i]) << (UInt64(i) * 8)
                } else {
                    words.1 |= UInt64(bytes[i]) << (UInt64(i - 8) * 8)
                }
            }
            (first, second) = words
        }
        let tag = UInt64(count + 1)
        let hash = (first &* 0x9E37_79B9_7F4A_7C15) ^ (second &* 0xC2B2_AE3D_27D4_EB4F) ^ tag
        let slot = Int(truncatingIfNeeded: (hash ^ hash >> 29) & UInt64(Self.slots - 1))
        let entry = words + slot * 3
        if entry[0] == first && entry[1] == second && entry[2] == tag { return strings[slot] }
        let string = String(decoding: bytes, as: UTF8.self)
        entry[0] = first
        entry[1] = second
        entry[2] = tag
        strings[slot] = string
        return string
    }

    /// The low `count` bytes (0...8) of a word.
    @inline(__always)
    private static func mask(_ count: Int) -> UInt64 {
        count >= 8 ? ~0 : (1 << (UInt64(count) * 8)) &- 1
    }
}

/// Elements moved out of a `Scratch` one by one as they are read (no retain, no release).
private struct Moving<Element>: Sequence, IteratorProtocol {
    var current: UnsafeMutablePointer<Element>
    let end: UnsafeMutablePointer<Element>

    var underestimatedCount: Int { end - current }

    mutating func next() -> Element? {
        guard current < end else { return nil }
        defer { current += 1 }
        return current.move()
    }
}

private struct Reader {
    let base: UnsafePointer<UInt8>
    let end: Int
    var position = 0
    var members = Scratch<JSONMember>(capacity: 64)
    /// A cheap summary of each pushed member's key (length and some bytes), so that duplicate
    /// keys are found by comparing integers; equal summaries are then compared in full.
    var keyPrints = Scratch<UInt64>(capacity: 64)
    var items = Scratch<JSONValue>(capacity: 64)
    /// Large texts repeat their keys and short values (`type`, `description`, `string`…).
    var shortStrings: ShortStrings?
    /// The bytes of the escaped string being read, kept between strings (one buffer, grown to
    /// the longest, instead of an array allocated, grown and freed per string).
    var unescaped: [UInt8] = []

    /// Objects up to this size look for a repeated key as they grow; larger ones once at the end.
    static let linearKeyCheck = 32

    init(base: UnsafePointer<UInt8>, end: Int) {
        self.base = base
        self.end = end
        shortStrings = end >= ShortStrings.minimumText ? ShortStrings() : nil
    }

    func release() {
        members.release()
        keyPrints.release()
        items.release()
        shortStrings?.release()
    }

    mutating func skipSpace() {
        while position < end {
            switch base[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) -> JSONValue? {
        skipSpace()
        guard position < end else { return nil }
        switch base[position] {
        case UInt8(ascii: "{"):
            guard depth < JSONParser.maximumDepth else { return nil }
            return object(depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < JSONParser.maximumDepth else { return nil }
            return array(depth: depth + 1)
        case UInt8(ascii: "\""):
            return string().map(JSONValue.string)
        case UInt8(ascii: "t"):
            return literal("true", .bool(true))
        case UInt8(ascii: "f"):
            return literal("false", .bool(false))
        case UInt8(ascii: "n"):
            return literal("null", .null)
        default:
            return number()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
        let count = word.utf8CodeUnitCount
        guard end - position >= count else { return nil }
        let text = word.utf8Start
        for i in 0..<count where base[position + i] != text[i] { return nil }
        position += count
        // `truex` is one bad token to jansson, not `true` then garbage; either way an error.
        return value
    }

    private mutating func object(depth: Int) -> JSONValue? {
        if closesAtOnce(UInt8(ascii: "}")) { return .object([]) }
        let start = members.count
        while true {
            skipSpace()
            guard position < end, base[position] == UInt8(ascii: "\""), let key = string() else { break }
            skipSpace()
            guard position < end, base[position] == UInt8(ascii: ":") else { break }
            position += 1
            guard let item = value(depth: depth) else { break }
            // jansson keeps one member per key (the last value, at the first one's place):
            // leave such objects to it. Small objects are checked as they grow, large ones once.
            let count = members.count - start
            let print = Self.keyPrint(key)
            if count < Self.linearKeyCheck && repeats(key, print: print, from: start) { break }
            members.push(JSONMember(key, item))
            keyPrints.push(print)
            switch separator(UInt8(ascii: "}")) {
            case .more: continue
            case .closed:
                keyPrints.count = start
                let object = members.pop(from: start)
                return object.count > Self.linearKeyCheck && !Self.uniqueKeys(object) ? nil : .object(object)
            case .invalid: break
            }
            break
        }
        members.discard(from: start)
        keyPrints.count = start
        return nil
    }

    /// Whether a member from `start` on has this key (byte-equal). Always inlined: called for
    /// every member, it is mostly a loop over the prints.
    @inline(__always)
    private func repeats(_ key: String, print: UInt64, from start: Int) -> Bool {
        var i = start
        while i < members.count {
            if keyPrints.base[i] == print && members.base[i].key.hasSameCodeUnits(as: key) { return true }
            i += 1
        }
        return false
    }

    /// Length and the first and last eight bytes (fewer for short keys): equal keys have equal
    /// prints, and most different keys of one object differ here.
    @inline(__always)
    private static func keyPrint(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { bytes in
            let n = bytes.count
            guard let p = bytes.baseAddress else { return 0 }
            var print = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
            if n >= 8 {
                let raw = UnsafeRawPointer(p)
                print ^= raw.loadUnaligned(as: UInt64.self)
                let last = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                print ^= last << 29 | last >> 35
            } else {
                for i in 0..<n { print ^= UInt64(p[i]) << (UInt64(i) * 8) }
            }
            return print
        }
    }

    private static func uniqueKeys(_ members: [JSONMember]) -> Bool {
        // Bytes, not `String` equality: keys are compared by code points, as jansson does.
        var keys = Set<[UInt8]>()
        keys.reserveCapacity(members.count)
        for member in members where !keys.insert(Array(member.key.utf8)).inserted { return false }
        return true
    }

    private mutating func array(depth: Int) -> JSONValue? {
        if closesAtOnce(UInt8(ascii: "]")) { return .array([]) }
        let start = items.count
        while true {
            guard let item = value(depth: depth) else { break }
            items.push(item)
            switch separator(UInt8(ascii: "]")) {
            case .more: continue
            case .closed: return .array(items.pop(from: start))
            case .invalid: break
            }
            break
        }
        items.discard(from: start)
        return nil
    }

    /// Steps over an opening bracket; true, with `close` consumed too, for an empty container.
    @inline(__always)
    private mutating func closesAtOnce(_ close: UInt8) -> Bool {
        position += 1
        skipSpace()
        guard position < end && base[position] == close else { return false }
        position += 1
        return true
    }

    private enum Separator { case more, closed, invalid }

    /// What follows a container's element: `,` (another element), `close`, or anything else.
    @inline(__always)
    private mutating func separator(_ close: UInt8) -> Separator {
        skipSpace()
        guard position < end else { return .invalid }
        let byte = base[position]
        position += 1
        if byte == UInt8(ascii: ",") { return .more }
        return byte == close ? .closed : .invalid
    }

    /// A string at `position` (its opening quote). Plain ASCII without escapes, the usual case,
    /// is one scan and one copy; anything else is unescaped into a buffer and validated as
    /// UTF-8 the way jansson validates it (overlong forms, surrogates and values past
    /// U+10FFFF rejected).
    private mutating func string() -> String? {
        position += 1
        let start = position
        var ascii = true
        while true {
            // Eight bytes at a time while none is a quote, a backslash, a control or a non-ASCII
            // byte, then straight to the first such byte.
            while end - position >= 8 {
                let special = Self.specialBytes(
                    UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self).littleEndian)
                if special != 0 {
                    position += special.trailingZeroBitCount >> 3
                    break
                }
                position += 8
            }
            guard position < end else { return nil }
            let byte = base[position]
            if byte == UInt8(ascii: "\"") {
                let bytes = UnsafeBufferPointer(start: base + start, count: position - start)
                position += 1
                if ascii {
                    if bytes.count <= ShortStrings.maximumLength, shortStrings != nil {
                        return shortStrings!.string(bytes, readable: end - start)
                    }
                    return String(decoding: bytes, as: UTF8.self)
                }
                return String(validating: bytes, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            position += 1
        }
    }

    /// The high bit of each byte of `word` that is `"`, `\\`, below 0x20 or above 0x7F, and
    /// maybe of bytes above the first such one (the classic "has a zero byte" test on the word
    /// XORed with each special byte, whose borrows only run upwards): the lowest bit set marks
    /// the first special byte.
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        // A byte below 0x20 borrows when 0x20 is taken from it; high bytes are caught directly.
        let control = word &- (ones &* 0x20)
        return (zeroQuote | zeroBackslash | control | word) & highs
    }

    private mutating func escapedString(from start: Int) -> String? {
        var out = unescaped
        unescaped = []
        defer { unescaped = out }
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: position - start))
        while position < end {
            let byte = base[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                guard position < end else { return nil }
                let escape = base[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    UTF8.encode(scalar) { out.append($0) }
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                out.append(byte)
                position += 1
            }
        }
        return nil
    }

    /// After `\u`: four hex digits, or a surrogate pair as two escapes. `\u0000` and lone
    /// surrogates are left to jansson (an error without `JSON_ALLOW_NUL`; jansson's message).
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let first = hex4() else { return nil }
        if first == 0 { return nil }
        if (0xD800..<0xDC00).contains(first) {
            guard end - position >= 2, base[position] == UInt8(ascii: "\\"), base[position + 1] == UInt8(ascii: "u")
            else { return nil }
            position += 2
            guard let second = hex4(), (0xDC00..<0xE000).contains(second) else { return nil }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        }
        return Unicode.Scalar(first)
    }

    private mutating func hex4() -> UInt32? {
        guard end - position >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// RFC 8259 numbers: without fraction or exponent an Int64 (jansson's `json_int_t`; out of
    /// range is jansson's error), else a Double read with correct rounding, as `strtod` does.
    private mutating func number() -> JSONValue? {
        let start = position
        if position < end && base[position] == UInt8(ascii: "-") { position += 1 }
        guard position < end else { return nil }
        if base[position] == UInt8(ascii: "0") {
            position += 1
        } else if isDigit(base[position]) {
            while position < end && isDigit(base[position]) { position += 1 }
        } else {
            return nil
        }
        var integral = true
        if position < end && base[position] == UInt8(ascii: ".") {
            integral = false
            position += 1
            guard position < end, isDigit(base[position]) else { return nil }
            while position < end && isDigit(base[position]) { position += 1 }
        }
        if position < end && (base[position] == UInt8(ascii: "e") || base[position] == UInt8(ascii: "E")) {
            integral = false
            position += 1
            if position < end && (base[position] == UInt8(ascii: "+") || base[position] == UInt8(ascii: "-")) {
                position += 1
            }
            guard position < end, isDigit(base[position]) else { return nil }
            while position < end && isDigit(base[position]) { position += 1 }
        }
        // `1x`, `01`: one malformed token to jansson.
        if position < end && !Self.endsToken(base[position]) { return nil }
        let text = UnsafeBufferPointer(start: base + start, count: position - start)
        if integral {
            var negative = false
            var index = 0
            if text[0] == UInt8(ascii: "-") {
                negative = true
                index = 1
            }
            var magnitude: UInt64 = 0
            while index < text.count {
                let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(text[index] - UInt8(ascii: "0")))
                if overflow1 || overflow2 { return nil }
                magnitude = sum
                index += 1
            }
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
                return .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
            }
            guard magnitude <= UInt64(Int64.max) else { return nil }
            return .integer(Int64(magnitude))
        }
        guard let double = Double(String(decoding: text, as: UTF8.self)), double.isFinite else { return nil }
        return .double(double)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func endsToken(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): true
        default: false
        }
    }
}

extension String {
    /// The same Unicode code points (byte-equal UTF-8), which is how JSON compares keys; unlike
    /// `==`, `"é"` and `"e\u{301}"` differ. One length check rejects most keys at once; a key
    /// found is usually a small string equal bit for bit to the one looked up.
    ///
    /// Always inlined up to the length check: the usual lookup stops there or at equal bits, and
    /// the out-of-line call cost more than either (key lookups of the tool readers).
    @inlinable @inline(__always)
    public func hasSameCodeUnits(as other: String) -> Bool {
        // Equal bits are the same value (the same inline bytes, or the same storage).
        if MemoryLayout<String>.size == 16,
            unsafeBitCast(self, to: (UInt64, UInt64).self) == unsafeBitCast(other, to: (UInt64, UInt64).self)
        {
            return true
        }
        guard utf8.count == other.utf8.count else { return false }
        return hasSameCodeUnitsOfSameLength(as: other)
    }

    /// `hasSameCodeUnits` for strings of one length but different bits.
    @usableFromInline
    func hasSameCodeUnitsOfSameLength(as other: String) -> Bool {
        let count = utf8.count
        // Code units equal means `==` too; for short ASCII strings `==` is a comparison of their
        // bits, so most different keys of one length stop here.
        guard self == other else { return false }
        var a = self
        var b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard let p = x.baseAddress, let q = y.baseAddress else { return x.count == y.count }
                return String.sameBytes(UnsafeRawPointer(p), UnsafeRawPointer(q), count: count)
            }
        }
    }

    /// `count` bytes at `p` and `q` equal: eight at a time, then the rest.
    @usableFromInline
    static func sameBytes(_ p: UnsafeRawPointer, _ q: UnsafeRawPointer, count: Int) -> Bool {
        var i = 0
        while count - i >= 8 {
            if p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                != q.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            {
                return false
            }
            i += 8
        }
        while i < count {
            if p.load(fromByteOffset: i, as: UInt8.self) != q.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }
}
