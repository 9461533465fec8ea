import BundledResources
import Foundation

/// A static word-piece vector table distilled from all-MiniLM-L6-v2 (see
/// `Resources/NOTICE.md` and `scripts/distill-embeddings.py`): a text's vector is the mean of
/// its pieces' vectors, so "euro" and "currency" land close without sharing a letter.
/// Words are split like the lexical scorer's (camelCase, snake_case), then looked up whole or
/// cut into WordPiece pieces (greedy longest match, `##` continuations), as BERT does.
public final class WordVectors: Sendable {
    public let dimension: Int
    /// The file as read: int8 rows (`count × dimension`, from `rowsOffset`) are dequantised
    /// with their row's scale when used, so loading is one read and no conversion.
    let table: [UInt8]
    let rowsOffset: Int
    let scales: [Float]
    /// FNV-1a 64 of a piece's bytes (`##` included) → row: lookups hash bytes in place
    /// instead of building a `String` for every WordPiece candidate.
    let ids: [UInt64: Int32]
    /// Longest piece in bytes (bounds the greedy match).
    let longestPiece: Int

    /// The bundled table, loaded on first use; nil when the resource is missing (a binary
    /// copied without its resource bundle still works, lexically only).
    public static let bundled: WordVectors? = {
        // TOOLWRIGHT_WORD_VECTORS points at another table (for evaluating distillation choices).
        let override = ProcessInfo.processInfo.environment["TOOLWRIGHT_WORD_VECTORS"].flatMap { $0.isEmpty ? nil : $0 }
        guard let path = override ?? SelectionResources.file("word-vectors.bin"),
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return try? WordVectors(bytes: Array(data))
    }()

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x100_0000_01b3

    @inline(__always)
    static func fnv(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* fnvPrime }

    /// The hash state after `##`, where continuation pieces start.
    static let continuation = fnv(fnv(fnvOffset, 0x23), 0x23)

    /// Parses the `TWV1` format written by `scripts/distill-embeddings.py`.
    public init(bytes: [UInt8]) throws {
        var at = 0
        func u32() throws -> Int {
            guard at + 4 <= bytes.count else { throw FormatError(description: "truncated header") }
            defer { at += 4 }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("TWV1".utf8) else {
            throw FormatError(description: "not a TWV1 table")
        }
        at = 4
        let count = try u32()
        let dimension = try u32()
        var ids: [UInt64: Int32] = [:]
        ids.reserveCapacity(count)
        var longest = 0
        for id in 0..<count {
            guard at < bytes.count else { throw FormatError(description: "truncated vocabulary") }
            let length = Int(bytes[at])
            guard at + 1 + length <= bytes.count else { throw FormatError(description: "truncated vocabulary") }
            var hash = Self.fnvOffset
            for b in bytes[(at + 1)..<(at + 1 + length)] { hash = Self.fnv(hash, b) }
            ids[hash] = Int32(id)
            longest = max(longest, length)
            at += 1 + length
        }
        guard at + count * 4 + count * dimension == bytes.count else {
            throw FormatError(description: "size does not match \(count) × \(dimension)")
        }
        var scales = [Float](repeating: 0, count: count)
        for row in 0..<count {
            let s = at + row * 4
            let bits =
                UInt32(bytes[s]) | UInt32(bytes[s + 1]) << 8 | UInt32(bytes[s + 2]) << 16 | UInt32(bytes[s + 3]) << 24
            scales[row] = Float(bitPattern: bits)
        }
        self.table = bytes
        self.rowsOffset = at + count * 4
        self.scales = scales
        self.dimension = dimension
        self.ids = ids
        self.longestPiece = longest
    }

    /// The table rows of one lower-cased word: itself when known, else its WordPiece pieces;
    /// empty when some part has no piece (BERT's `[UNK]`, which carries nothing).
    public func pieces(of word: String) -> [Int32] {
        var word = word
        return word.withUTF8 { pieces(of: $0) }
    }

    func pieces(of bytes: UnsafeBufferPointer<UInt8>) -> [Int32] {
        var whole = Self.fnvOffset
        for b in bytes { whole = Self.fnv(whole, b) }
        if let id = ids[whole] { return [id] }
        var out: [Int32] = []
        var start = 0
        var prefixes = [UInt64](repeating: 0, count: longestPiece + 1)
        while start < bytes.count {
            let limit = min(bytes.count, start + longestPiece)
            var hash = start > 0 ? Self.continuation : Self.fnvOffset
            for end in start..<limit {
                hash = Self.fnv(hash, bytes[end])
                prefixes[end - start] = hash
            }
            var end = limit
            var found: Int32?
            while end > start {
                if let id = ids[prefixes[end - start - 1]] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else { return [] }
            out.append(id)
            start = end
        }
        return out
    }

    /// Adds `weight` × row `id` to `sum`, eight dimensions at a time (each element gets the
    /// same single multiply and add as one at a time, so the sums do not change).
    func accumulate(_ id: Int32, weight: Float, into sum: inout [Float]) {
        let base = rowsOffset + Int(id) * dimension
        let factor = weight * scales[Int(id)]
        let dimension = dimension
        table.withUnsafeBufferPointer { q in
            sum.withUnsafeMutableBufferPointer { out in
                let row = UnsafeRawPointer(q.baseAddress! + base)
                let target = UnsafeMutableRawPointer(out.baseAddress!)
                var d = 0
                while d + 8 <= dimension {
                    let bytes = row.loadUnaligned(fromByteOffset: d, as: SIMD8<Int8>.self)
                    let values = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: bytes))
                    let current = target.loadUnaligned(fromByteOffset: d &* 4, as: SIMD8<Float>.self)
                    target.storeBytes(of: current + factor * values, toByteOffset: d &* 4, as: SIMD8<Float>.self)
                    d += 8
                }
                while d < dimension {
                    out[d] += factor * Float(Int8(bitPattern: q[base + d]))
                    d += 1
                }
            }
        }
    }

    /// The unit-length mean vector of the content words of `texts` (and of `context` at
    /// `contextWeight`); nil when no word is known.
    public func vector(_ texts: [String], context: [String] = [], contextWeight: Float = 0.5) -> [Float]? {
        var sum = [Float](repeating: 0, count: dimension)
        var any = false
        func add(_ text: String, weight: Float) {
            for word in TermSplitter.words(text) where TermSplitter.isContentWord(word) {
                for id in pieces(of: word) {
                    accumulate(id, weight: weight, into: &sum)
                    any = true
                }
            }
        }
        for text in texts { add(text, weight: 1) }
        for text in context { add(text, weight: contextWeight) }
        return any ? Self.normalized(sum) : nil
    }

    static func normalized(_ v: [Float]) -> [Float]? {
        var norm: Float = 0
        for x in v { norm += x * x }
        guard norm > 0 else { return nil }
        let inverse = 1 / norm.squareRoot()
        return v.map { $0 * inverse }
    }
}

/// This target's bundled resources (`BundledResources`).
enum SelectionResources {
    static func file(_ name: String) -> String? {
        BundledResources.file(name, target: "Selection", sourceFile: #filePath)
    }
}
