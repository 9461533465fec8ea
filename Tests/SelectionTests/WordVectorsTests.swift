import Foundation
import Selection
import Testing

/// The word-vector table: its file format, WordPiece fallback, and what the semantic layer
/// adds on a prompt that shares no word with the right tool.
@Suite struct WordVectorsTests {
    /// A TWV1 table with the given pieces and int8 rows (scale 1/127 each).
    static func table(_ rows: [(String, [Int8])]) -> [UInt8] {
        var bytes = Array("TWV1".utf8)
        func u32(_ v: Int) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        u32(rows.count)
        u32(rows.first?.1.count ?? 0)
        for (piece, _) in rows {
            bytes.append(UInt8(piece.utf8.count))
            bytes += Array(piece.utf8)
        }
        for _ in rows {
            let bits = (Float(1) / 127).bitPattern
            bytes += [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
        }
        for (_, row) in rows { bytes += row.map { UInt8(bitPattern: $0) } }
        return bytes
    }

    @Test func readsTheFormatAndFallsBackToWordPieces() throws {
        let vectors = try WordVectors(
            bytes: Self.table([
                ("play", [127, 0]), ("##ing", [0, 127]), ("euro", [0, 127]), ("##s", [127, 127]),
            ]))
        #expect(vectors.dimension == 2)
        #expect(vectors.pieces(of: "play").count == 1)
        // Not in the table whole: greedy longest match with `##` continuations.
        #expect(vectors.pieces(of: "playing") == vectors.pieces(of: "play") + vectors.pieces(of: "##ing"))
        // A part with no piece makes the whole word unknown (BERT's [UNK]).
        #expect(vectors.pieces(of: "playx").isEmpty)
        let v = try #require(vectors.vector(["playing"]))
        #expect(abs(v[0] - v[1]) < 1e-6 && abs(v[0] * v[0] + v[1] * v[1] - 1) < 1e-5)
        #expect(vectors.vector(["the", "zzz"]) == nil, "stop words and unknown words carry nothing")
    }

    @Test func rejectsTruncatedTables() {
        var bytes = Self.table([("a", [1, 2, 3])])
        bytes.removeLast()
        #expect(throws: (any Error).self) { try WordVectors(bytes: bytes) }
        #expect(throws: (any Error).self) { try WordVectors(bytes: Array("TWV2".utf8) + [0, 0, 0, 0, 0, 0, 0, 0]) }
    }

    @Test func bundledTableRelatesWordsWithoutSharedLetters() throws {
        let vectors = try #require(WordVectors.bundled, "the bundled table should load")
        func cosine(_ a: String, _ b: String) throws -> Float {
            let x = try #require(vectors.vector([a]))
            let y = try #require(vectors.vector([b]))
            return zip(x, y).map(*).reduce(0, +)
        }
        #expect(try cosine("euro", "currency") > cosine("euro", "forecast"))
        #expect(try cosine("lawyer", "attorney") > cosine("lawyer", "doctor") - 0.2)
        #expect(try cosine("weather", "forecast") > cosine("weather", "payment"))
    }

    @Test func semanticLayerRanksAPromptThatSharesNoWord() throws {
        try #require(WordVectors.bundled != nil)
        let set = mcpTools([
            ("get_stock_price", "Retrieve the latest stock price of a company."),
            ("currency_conversion", "Convert an amount from one currency to another."),
            ("get_weather", "Current weather in a city."),
        ])
        let prompt = "How much is 100 euro in USD?"
        var lexical = ScorerOptions.default
        lexical.semanticWeight = 0
        let plain = SelectionSimulator(toolSets: [set], options: lexical).evaluate(PromptCase(prompt))
        #expect(plain.flags.contains(.noSignal))
        var semantic = ScorerOptions.default
        semantic.semanticWeight = 1
        let mixed = SelectionSimulator(toolSets: [set], options: semantic).evaluate(PromptCase(prompt))
        #expect(mixed.ranking.top?.name == "currency_conversion")
        // Still no shared word: the flag says so, whatever the semantic layer ranked first.
        #expect(mixed.flags.contains(.noSignal))
        #expect(mixed.ranking.lexicalTop == 0)
    }
}
