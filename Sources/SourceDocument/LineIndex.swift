/// Maps UTF-8 byte offsets to line/character positions and back, in any `PositionEncoding`.
/// Built once per text version; lookups are a binary search over line starts plus a scan of
/// one line.
public struct LineIndex: Sendable {
    /// Byte offset where each line starts. Lines end at `\n`, `\r\n` or a lone `\r`, as LSP says.
    public private(set) var lineStarts: [Int]
    public let byteCount: Int
    private let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.byteCount = bytes.count
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x0A {
                starts.append(i + 1)
            } else if b == 0x0D {
                if i + 1 < n && bytes[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        self.lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The line containing `offset` (clamped to the text).
    public func line(containing offset: Int) -> Int {
        let offset = min(max(offset, 0), byteCount)
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Byte range of a line's content, without its line terminator.
    public func contentRange(ofLine line: Int) -> ByteRange {
        guard line >= 0 && line < lineStarts.count else { return byteCount..<byteCount }
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : byteCount
        while end > start && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        return start..<end
    }

    public func position(of offset: Int, encoding: PositionEncoding = .utf16) -> TextPosition {
        let offset = min(max(offset, 0), byteCount)
        let line = line(containing: offset)
        let start = lineStarts[line]
        return TextPosition(line: line, character: units(from: start, to: offset, encoding: encoding))
    }

    public func range(of bytes: ByteRange, encoding: PositionEncoding = .utf16) -> TextRange {
        TextRange(
            start: position(of: bytes.lowerBound, encoding: encoding),
            end: position(of: bytes.upperBound, encoding: encoding))
    }

    /// Byte offset of a position. A character past the end of its line clamps to the line end
    /// and a line past the end clamps to the end of the text, as LSP asks; a position inside a
    /// multi-unit character snaps to the character's start.
    public func offset(of position: TextPosition, encoding: PositionEncoding = .utf16) -> Int {
        if position.line < 0 { return 0 }
        if position.line >= lineStarts.count { return byteCount }
        let content = contentRange(ofLine: position.line)
        var i = content.lowerBound
        var units = 0
        while i < content.upperBound {
            let (length, width) = LineIndex.scalar(at: i, in: bytes, encoding: encoding)
            if units + width > position.character { break }
            units += width
            i += length
        }
        return i
    }

    /// Counts code units between two byte offsets on the same line.
    private func units(from start: Int, to end: Int, encoding: PositionEncoding) -> Int {
        if encoding == .utf8 { return end - start }
        var i = start
        var units = 0
        while i < end {
            let (length, width) = LineIndex.scalar(at: i, in: bytes, encoding: encoding)
            units += width
            i += length
        }
        return units
    }

    /// Length in bytes of the UTF-8 sequence at `i` and its width in `encoding` units.
    /// Invalid bytes count as one byte, one unit (they are reported elsewhere).
    @inline(__always)
    static func scalar(at i: Int, in bytes: [UInt8], encoding: PositionEncoding) -> (Int, Int) {
        let b = bytes[i]
        let length: Int
        if b < 0x80 {
            length = 1
        } else if b >= 0xF0 && b < 0xF8 {
            length = 4
        } else if b >= 0xE0 {
            length = 3
        } else if b >= 0xC0 {
            length = 2
        } else {
            length = 1
        }
        let available = min(length, bytes.count - i)
        switch encoding {
        case .utf8: return (available, available)
        case .utf16: return (available, length == 4 && available == 4 ? 2 : 1)
        case .utf32: return (available, 1)
        }
    }
}
