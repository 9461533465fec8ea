/// Parser for tiktoken rank files: one `base64(token) SP decimal-rank LF` line per token.
/// Hand-rolled over bytes because Foundation's base64 and `Int(String)` per line dominate
/// load time on 200k lines.
enum VocabularyParser {
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = UInt8(i)
        }
        return table
    }()

    /// Builds the rank table from the file bytes.
    static func parse(_ file: UnsafeBufferPointer<UInt8>) throws(TokenizerError) -> RankTable {
        let n = file.count
        let out = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: n / 4 * 3 + 3)
        defer { out.deallocate() }
        var spans: [(offset: Int, length: Int)] = []
        spans.reserveCapacity(n / 16)
        var byRank: [Int32] = []
        byRank.reserveCapacity(n / 16)
        var written = 0
        var i = 0
        var line = 1
        let values = base64Values
        while i < n {
            if file[i] == 0x0A {  // tolerate blank lines (e.g. a trailing one)
                i += 1
                line += 1
                continue
            }
            let tokenStart = written
            var quad: UInt32 = 0
            var have = 0
            while i < n && file[i] != 0x20 {
                let c = file[i]
                i += 1
                if c == UInt8(ascii: "=") { continue }
                let v = values[Int(c)]
                guard v != 0xFF else { throw .malformedVocabulary("line \(line): invalid base64") }
                quad = quad << 6 | UInt32(v)
                have += 1
                if have == 4 {
                    out[written] = UInt8(truncatingIfNeeded: quad >> 16)
                    out[written + 1] = UInt8(truncatingIfNeeded: quad >> 8)
                    out[written + 2] = UInt8(truncatingIfNeeded: quad)
                    written += 3
                    have = 0
                    quad = 0
                }
            }
            if have == 2 {
                out[written] = UInt8(truncatingIfNeeded: quad >> 4)
                written += 1
            } else if have == 3 {
                out[written] = UInt8(truncatingIfNeeded: quad >> 10)
                out[written + 1] = UInt8(truncatingIfNeeded: quad >> 2)
                written += 2
            } else if have == 1 {
                throw .malformedVocabulary("line \(line): invalid base64 length")
            }
            guard i < n, written > tokenStart else {
                throw .malformedVocabulary("line \(line): expected token and rank")
            }
            i += 1
            var rank = 0
            var digits = 0
            while i < n && file[i] != 0x0A && file[i] != 0x0D {
                let d = Int(file[i]) - 48
                guard d >= 0 && d <= 9, digits < 10 else { throw .malformedVocabulary("line \(line): invalid rank") }
                rank = rank * 10 + d
                digits += 1
                i += 1
            }
            if i < n && file[i] == 0x0D { i += 1 }
            guard digits > 0 else { throw .malformedVocabulary("line \(line): missing rank") }
            spans.append((tokenStart, written - tokenStart))
            byRank.append(Int32(rank))
            i += 1
            line += 1
        }
        // Ranks are token ids, so they must be exactly 0..<count in some order.
        let count = spans.count
        var ordered = [(offset: Int, length: Int)](repeating: (-1, 0), count: count)
        for (k, rank) in byRank.enumerated() {
            let r = Int(rank)
            guard r < count, ordered[r].offset < 0 else {
                throw .malformedVocabulary("ranks are not dense 0..<\(count) (rank \(r))")
            }
            ordered[r] = spans[k]
        }
        return try RankTable(bytes: UnsafeBufferPointer(out), tokens: ordered)
    }
}
