extension JSONScanner {
    /// Scans the number at `pos` (a `-` or a digit) and leaves `pos` after it. Integers that fit
    /// become `.integer` (as jansson reads them); everything else becomes a correctly rounded
    /// `.double`. A malformed number (`01`, `1.`, `-`, `2x`) becomes `.invalid`.
    mutating func scanNumber() -> SyntaxNode.Value {
        let start = pos
        var i = pos
        let negative = bytes[i] == JSONByte.minus
        if negative { i += 1 }

        // Decimal significand digits, leading zeros ignored, as far as 19 fit in a UInt64.
        var significand: UInt64 = 0
        var significantDigits = 0
        var fractionDigits = 0
        var wellFormed = true

        let integerStart = i
        if i < end && bytes[i] == JSONByte.zero {
            i += 1
        } else {
            while i < end && JSONByte.isDigit(bytes[i]) {
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(bytes[i] &- JSONByte.zero)
                }
                significantDigits += 1
                i += 1
            }
            if i == integerStart { wellFormed = false }
        }
        let integerEnd = i
        var isInteger = true

        if wellFormed && i < end && bytes[i] == JSONByte.dot {
            isInteger = false
            i += 1
            let fractionStart = i
            while i < end && JSONByte.isDigit(bytes[i]) {
                let digit = UInt64(bytes[i] &- JSONByte.zero)
                if significand != 0 || digit != 0 {
                    if significantDigits < 19 {
                        significand = significand &* 10 &+ digit
                        fractionDigits += 1
                    }
                    significantDigits += 1
                } else {
                    fractionDigits += 1
                }
                i += 1
            }
            if i == fractionStart { wellFormed = false }
        }

        var exponent = 0
        if wellFormed && i < end && (bytes[i] | 0x20) == 0x65 {  // e or E
            isInteger = false
            i += 1
            var exponentNegative = false
            if i < end && (bytes[i] == JSONByte.plus || bytes[i] == JSONByte.minus) {
                exponentNegative = bytes[i] == JSONByte.minus
                i += 1
            }
            let exponentStart = i
            while i < end && JSONByte.isDigit(bytes[i]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- JSONByte.zero) }
                i += 1
            }
            if i == exponentStart { wellFormed = false }
            if exponentNegative { exponent = -exponent }
        }

        // The number must end at a delimiter: `01`, `1.5.2` and `12abc` are one bad token.
        if !wellFormed || (i < end && !JSONByte.endsWord(bytes[i])) {
            let tokenEnd = wordRunEnd(from: i)
            let range = start..<max(tokenEnd, start + 1)
            report(.syntax, "invalid number '\(text(range))'", range)
            pos = range.upperBound
            return .invalid
        }
        pos = i
        let range = start..<i

        if isInteger {
            let digits = integerEnd - integerStart
            if digits <= 18 {
                let magnitude = Int64(significand)
                return .integer(negative ? -magnitude : magnitude)
            }
            if let value = exactInteger(integerStart..<integerEnd, negative: negative) {
                return .integer(value)
            }
            let value = slowDouble(range)
            report(
                .numberRange,
                "integer \(text(range)) does not fit in 64 bits; read as \(value), and some JSON readers reject it",
                range, severity: .warning)
            return .double(value)
        }

        // Clinger's fast path: both operands exact, so one IEEE operation rounds correctly.
        let scale = exponent - fractionDigits
        if significantDigits <= 19 && significand <= 1 << 53 && scale >= -22 && scale <= 22 {
            var value = Double(significand)
            value = scale < 0 ? value / powersOfTen[-scale] : value * powersOfTen[scale]
            return .double(negative ? -value : value)
        }
        let value = slowDouble(range)
        if !value.isFinite {
            report(.numberRange, "number \(text(range)) is too large for a double", range)
            return .invalid
        }
        return .double(value)
    }

    private func exactInteger(_ digits: ByteRange, negative: Bool) -> Int64? {
        // Accumulate negatively so that Int64.min fits.
        var value: Int64 = 0
        for i in digits {
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = shifted.subtractingReportingOverflow(Int64(bytes[i] &- JSONByte.zero))
            if o1 || o2 { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// Correctly rounded conversion for what the fast path cannot do (long significands,
    /// large exponents); rare in tool files.
    private func slowDouble(_ range: ByteRange) -> Double {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return Double(s) ?? .nan
    }
}

private let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22,
]
