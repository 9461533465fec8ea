/// Types plain scalars as the YAML 1.2 core schema does. Quoted and block scalars are always
/// strings; YAML 1.1 spellings (`yes`, `on`, `0755` as octal, `1_000`) stay strings, as in
/// YAML 1.2.
enum YAMLScalarResolver {
    enum Resolved: Equatable {
        case null
        case bool(Bool)
        case integer(Int64)
        case double(Double)
        case string
        /// An integer too large for Int64, read as a double.
        case bigInteger(Double)
        /// `.inf`, `-.inf` or `.nan`: valid YAML, not representable in JSON.
        case nonFinite
        /// A number beyond the range of a double.
        case tooLarge
    }

    static func resolve(_ text: String) -> Resolved {
        let s = Array(text.utf8)
        guard let first = s.first else { return .null }
        // Most scalars are words: settle them without string comparisons.
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"):
            break
        default:
            return .string
        }
        if s.count <= 5, let word = keyword(text) { return word }
        guard isDigit(first) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
        else { return .string }
        if s.count > 2 && s[0] == UInt8(ascii: "0") {
            if s[1] == UInt8(ascii: "x"), s[2...].allSatisfy(isHexDigit) {
                return radix(s[2...], 16)
            }
            if s[1] == UInt8(ascii: "o"), s[2...].allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }) {
                return radix(s[2...], 8)
            }
        }
        var digitsStart = 0
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { digitsStart = 1 }
        let body = s[digitsStart...]
        if !body.isEmpty && body.allSatisfy(isDigit) {
            if let value = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return .integer(value) }
            return bigInteger(Double(text) ?? .infinity)
        }
        guard isCoreFloat(body) else { return .string }
        // Swift's Double(String) wants digits around the point; the core schema does not.
        var normalized: [UInt8] = []
        for (k, c) in body.enumerated() {
            if c == UInt8(ascii: ".") {
                if k == 0 { normalized.append(UInt8(ascii: "0")) }
                normalized.append(c)
                let next = body.index(body.startIndex, offsetBy: k + 1)
                if next == body.endIndex || !isDigit(body[next]) { normalized.append(UInt8(ascii: "0")) }
            } else {
                normalized.append(c)
            }
        }
        guard let value = Double(String(decoding: normalized, as: UTF8.self)) else { return .string }
        if !value.isFinite { return .tooLarge }
        return .double(first == UInt8(ascii: "-") ? -value : value)
    }

    private static func keyword(_ text: String) -> Resolved? {
        switch text {
        case "null", "Null", "NULL", "~": .null
        case "true", "True", "TRUE": .bool(true)
        case "false", "False", "FALSE": .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            .nonFinite
        default: nil
        }
    }

    /// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` without the sign.
    private static func isCoreFloat(_ s: ArraySlice<UInt8>) -> Bool {
        var i = s.startIndex
        let end = s.endIndex
        var intDigits = 0
        while i < end && isDigit(s[i]) {
            i += 1
            intDigits += 1
        }
        var fracDigits = 0
        if i < end && s[i] == UInt8(ascii: ".") {
            i += 1
            while i < end && isDigit(s[i]) {
                i += 1
                fracDigits += 1
            }
        }
        guard intDigits > 0 || fracDigits > 0 else { return false }
        if i < end && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+")) { i += 1 }
            var expDigits = 0
            while i < end && isDigit(s[i]) {
                i += 1
                expDigits += 1
            }
            guard expDigits > 0 else { return false }
        }
        return i == end
    }

    private static func radix(_ digits: ArraySlice<UInt8>, _ base: Int) -> Resolved {
        let text = String(decoding: digits, as: UTF8.self)
        if let value = Int64(text, radix: base) { return .integer(value) }
        var d = 0.0
        for c in digits { d = d * Double(base) + Double(hexValue(c)) }
        return bigInteger(d)
    }

    private static func bigInteger(_ d: Double) -> Resolved {
        d.isFinite ? .bigInteger(d) : .tooLarge
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    private static func hexValue(_ c: UInt8) -> Int {
        if isDigit(c) { return Int(c - 0x30) }
        return Int((c | 0x20) - 0x61 + 10)
    }
}
