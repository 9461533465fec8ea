import Testing

@testable import JSON

/// `serialized()` appends a string that needs no escape whole; it must give exactly what the
/// scalar-by-scalar path gives, for strings with and without characters to escape.
@Suite struct StringSerializationFastPathTests {
    @Test func wholeStringsMatchTheScalarPath() {
        let pieces = [
            "a", "Hello", " ", "é", "日本", "🙂", "\"", "\\", "\n", "\t", "\u{7F}", "\u{01}", "\u{2028}", "\u{2029}",
            "\u{2027}", "\u{202A}", "—", "€", "\r\n", "/", "",
        ]
        var state: UInt64 = 2_026
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var wholeStrings = 0
        for _ in 0..<20_000 {
            let text = (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined()
            var fast = "x"
            var plain = "x"
            JSONValue.writeString(text, to: &fast)
            JSONValue.writeStringScalars(text, to: &plain)
            #expect(Array(fast.utf8) == Array(plain.utf8), "\(text.debugDescription)")
            if fast == "x\"" + text + "\"" { wholeStrings += 1 }
        }
        // Both kinds of string were compared.
        #expect(wholeStrings > 1_000 && wholeStrings < 19_000)
    }
}
