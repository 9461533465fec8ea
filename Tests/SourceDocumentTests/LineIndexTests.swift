import SourceDocument
import Testing

@Suite struct LineIndexTests {
    @Test func lineTerminators() {
        // LSP: \n, \r\n and a lone \r each end a line.
        let index = LineIndex(Array("a\nb\r\nc\rd".utf8))
        #expect(index.lineStarts == [0, 2, 5, 7])
        #expect(index.lineCount == 4)
        #expect(index.contentRange(ofLine: 1) == 2..<3)
        #expect(index.position(of: 7) == TextPosition(line: 3, character: 0))
        #expect(index.position(of: 3) == TextPosition(line: 1, character: 1))
        #expect(index.offset(of: TextPosition(line: 2, character: 0)) == 5)
    }

    @Test func trailingNewlineStartsAnEmptyLine() {
        let index = LineIndex(Array("x\n".utf8))
        #expect(index.lineCount == 2)
        #expect(index.contentRange(ofLine: 1) == 2..<2)
        #expect(LineIndex([]).lineCount == 1)
        #expect(LineIndex([]).position(of: 0) == TextPosition(line: 0, character: 0))
    }

    @Test func positionsPastTheEndClamp() {
        let index = LineIndex(Array("ab\r\ncd".utf8))
        // Past the line end: the end of the line's content, before its terminator.
        #expect(index.offset(of: TextPosition(line: 0, character: 99)) == 2)
        #expect(index.offset(of: TextPosition(line: 9, character: 0)) == 6)
        #expect(index.offset(of: TextPosition(line: -1, character: 3)) == 0)
        #expect(index.position(of: 99) == TextPosition(line: 1, character: 2))
        #expect(index.position(of: -5) == TextPosition(line: 0, character: 0))
    }

    @Test func encodings() {
        let text = "a😀é日b"
        let index = LineIndex(Array(text.utf8))
        let b = text.utf8.count - 1
        #expect(index.position(of: b, encoding: .utf8).character == 10)
        #expect(index.position(of: b, encoding: .utf16).character == 5)
        #expect(index.position(of: b, encoding: .utf32).character == 4)
        for encoding in PositionEncoding.allCases {
            #expect(index.offset(of: index.position(of: b, encoding: encoding), encoding: encoding) == b)
        }
    }

    @Test func positionInsideACharacterSnapsToItsStart() {
        let index = LineIndex(Array("😀x".utf8))
        // UTF-16 unit 1 is the low surrogate of 😀.
        #expect(index.offset(of: TextPosition(line: 0, character: 1)) == 0)
        #expect(index.offset(of: TextPosition(line: 0, character: 2)) == 4)
        #expect(index.offset(of: TextPosition(line: 0, character: 2), encoding: .utf8) == 0)
    }

    @Test func lineLookupIsRightForEveryOffset() {
        let text = "one\ntwo\r\n\nthree\rfour"
        let bytes = Array(text.utf8)
        let index = LineIndex(bytes)
        var line = 0
        for offset in 0..<bytes.count {
            #expect(index.line(containing: offset) == line, "offset \(offset)")
            if bytes[offset] == 0x0A
                || (bytes[offset] == 0x0D && (offset + 1 == bytes.count || bytes[offset + 1] != 0x0A))
            {
                line += 1
            }
        }
    }
}
