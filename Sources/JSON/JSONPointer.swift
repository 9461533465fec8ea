/// An RFC 6901 JSON Pointer. Every finding in Toolwright is addressed by one, so rules,
/// rule packs and plugins never need to know about text positions.
public struct JSONPointer: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Unescaped reference tokens.
    public var tokens: [String]

    public static let root = JSONPointer(tokens: [])

    public init(tokens: [String] = []) {
        self.tokens = tokens
    }

    /// Parses the string form (`/a/b~1c/0`). Returns `nil` for a non-empty string that does not
    /// start with `/` or that contains a `~` not followed by `0` or `1`.
    public init?(_ string: String) {
        if string.isEmpty {
            self.tokens = []
            return
        }
        // Split on scalars, not Characters: a `/` followed by a combining mark is one
        // Character, and must still separate tokens (found by fuzzing).
        guard string.unicodeScalars.first == "/" else { return nil }
        var tokens: [String] = []
        for raw in string.unicodeScalars.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = JSONPointer.unescape(raw) else { return nil }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// The string form, with `~` written `~0` and `/` written `~1`.
    public var description: String {
        var out = ""
        for token in tokens {
            out.append("/")
            out.append(JSONPointer.escape(token))
        }
        return out
    }

    public var isRoot: Bool { tokens.isEmpty }

    public var parent: JSONPointer? {
        tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    public var lastToken: String? { tokens.last }

    /// Tool models build a pointer per field: one exact allocation and specialised appends
    /// (`tokens + [token]` copies through the runtime's generic array copy, twice the work).
    /// Pointers of up to four tokens (all a tool model builds) are array literals: one
    /// allocation of the exact size, filled in place, without the generic reserve-and-append path
    /// (≈ 440 instructions a pointer, a tenth of reading the benchmark's files).
    public func appending(_ token: String) -> JSONPointer {
        switch tokens.count {
        case 0: return JSONPointer(tokens: [token])
        case 1: return JSONPointer(tokens: [tokens[0], token])
        case 2: return JSONPointer(tokens: [tokens[0], tokens[1], token])
        case 3: return JSONPointer(tokens: [tokens[0], tokens[1], tokens[2], token])
        default: break
        }
        var extended: [String] = []
        extended.reserveCapacity(tokens.count + 1)
        for existing in tokens { extended.append(existing) }
        extended.append(token)
        return JSONPointer(tokens: extended)
    }

    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    public func appending(_ other: JSONPointer) -> JSONPointer {
        JSONPointer(tokens: tokens + other.tokens)
    }

    public static func / (lhs: JSONPointer, rhs: String) -> JSONPointer { lhs.appending(rhs) }
    public static func / (lhs: JSONPointer, rhs: Int) -> JSONPointer { lhs.appending(rhs) }

    public func hasPrefix(_ other: JSONPointer) -> Bool {
        other.tokens.count <= tokens.count && Array(tokens.prefix(other.tokens.count)) == other.tokens
    }

    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.description < rhs.description
    }

    public static func escape(_ token: String) -> String {
        guard token.unicodeScalars.contains(where: { $0 == "~" || $0 == "/" }) else { return token }
        var out = String.UnicodeScalarView()
        for scalar in token.unicodeScalars {
            switch scalar {
            case "~": out.append(contentsOf: "~0".unicodeScalars)
            case "/": out.append(contentsOf: "~1".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func unescape(_ raw: Substring.UnicodeScalarView) -> String? {
        guard raw.contains("~") else { return String(Substring(raw)) }
        var out = String.UnicodeScalarView()
        var iterator = raw.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "~" {
                switch iterator.next() {
                case "0": out.append("~")
                case "1": out.append("/")
                default: return nil
                }
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// RFC 6901 array index: `0` or digits without a leading zero.
    /// One pass over the digits (pointer resolution calls this for every array step); nil past
    /// `Int.max`, as `Int(_:)` gives.
    public static func arrayIndex(_ token: String) -> Int? {
        var value = 0
        var count = 0
        for byte in token.utf8 {
            guard byte >= 0x30 && byte <= 0x39, !(count == 1 && value == 0) else { return nil }
            let (times, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, carried) = times.addingReportingOverflow(Int(byte - 0x30))
            guard !overflowed && !carried else { return nil }
            value = sum
            count += 1
        }
        return count == 0 ? nil : value
    }
}

extension String {
    /// Foundation-free replacement (the JSON module does not link Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for c in self {
            if c == target { out.append(replacement) } else { out.append(c) }
        }
        return out
    }
}
