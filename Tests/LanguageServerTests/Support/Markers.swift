import SourceDocument

/// Fixture text with position markers: `1️⃣`…`9️⃣` are removed and their UTF-16 positions
/// returned, so expectations name places instead of counting columns.
struct MarkedText {
    var text: String
    var positions: [Int: TextPosition] = [:]

    init(_ marked: String) {
        var out = ""
        var line = 0
        var character = 0
        var iterator = marked.makeIterator()
        while let c = iterator.next() {
            if let digit = MarkedText.markerDigit(c) {
                positions[digit] = TextPosition(line: line, character: character)
                continue
            }
            out.append(c)
            if c == "\n" {
                line += 1
                character = 0
            } else {
                character += c.utf16.count
            }
        }
        text = out
    }

    subscript(_ n: Int) -> TextPosition { positions[n]! }

    func range(_ from: Int, _ to: Int) -> TextRange { TextRange(start: self[from], end: self[to]) }

    /// Keycap emoji: a digit, U+FE0F, U+20E3 (one Character).
    private static func markerDigit(_ c: Character) -> Int? {
        let scalars = Array(c.unicodeScalars)
        guard scalars.count == 3, scalars[1] == "\u{FE0F}", scalars[2] == "\u{20E3}",
            let digit = Int(String(scalars[0]))
        else { return nil }
        return digit
    }
}
