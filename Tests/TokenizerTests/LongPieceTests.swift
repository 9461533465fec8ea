import Testing

@testable import Tokenizer

/// Single pre-tokenizer pieces far past the heap threshold must merge in O(n log n): these sizes
/// would take minutes with a quadratic merge in a debug build. (The 1 MB case is a benchmark.)
@Suite struct LongPieceTests {
    static let size = 200_000

    @Test(arguments: [EncodingName.cl100kBase, .o200kBase])
    func repeatedLetter(_ name: EncodingName) throws {
        let encoding = try Encoding.named(name)
        let text = String(repeating: "a", count: Self.size)
        #expect(encoding.pieces(String(repeating: "a", count: 500)).count == 1)
        let ids = encoding.encodeOrdinary(text)
        #expect(ids.count < Self.size / 4)
        #expect(try encoding.decode(ids) == Array(text.utf8))
    }

    @Test func randomLettersAsOnePiece() throws {
        // cl100k keeps any letter run as one piece, so mixed case still forms a single piece.
        let encoding = try Encoding.named(.cl100kBase)
        var rng = RoundTripPropertyTests.SeededGenerator(seed: 7)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        let bytes = (0..<Self.size).map { _ in alphabet.randomElement(using: &rng)! }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(encoding.pieces(String(text.prefix(1000))).count == 1)
        let ids = encoding.encodeOrdinary(text)
        #expect(try encoding.decode(ids) == bytes)
    }

    @Test func base64LikeText() throws {
        let encoding = try Encoding.named(.o200kBase)
        var rng = RoundTripPropertyTests.SeededGenerator(seed: 9)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let bytes = (0..<Self.size).map { _ in alphabet.randomElement(using: &rng)! }
        let ids = encoding.encodeOrdinary(String(decoding: bytes, as: UTF8.self))
        #expect(try encoding.decode(ids) == bytes)
    }
}
