import Foundation

/// A static word-piece vector table distilled from all-MiniLM-L6-v2 (see
/// `Resources/NOTICE.md` and `scripts/distill-embeddings.py`): a text's vector is the mean of
/// its pieces' vectors, so "euro" and "currency" land close without sharing a letter.
/// Words are split like the lexical scorer's (camelCase, snake_case), then looked up whole or
/// cut into WordPiece pieces (greedy longest match, `##` continuations), as BERT does.
public final class WordVectors: Sendable {
    public let dimension: Int
    /// Dequantised rows, `count × dimension`.
    let rows: [Float]
    let ids: [String: Int32]
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
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(count)
        var longest = 0
        for id in 0..<count {
            guard at < bytes.count else { throw FormatError(description: "truncated vocabulary") }
            let length = Int(bytes[at])
            guard at + 1 + length <= bytes.count else { throw FormatError(description: "truncated vocabulary") }
            ids[String(decoding: bytes[(at + 1)..<(at + 1 + length)], as: UTF8.self)] = Int32(id)
            longest = max(longest, length)
            at += 1 + length
        }
        guard at + count * 4 + count * dimension == bytes.count else {
            throw FormatError(description: "size does not match \(count) × \(dimension)")
        }
        var rows = [Float](repeating: 0, count: count * dimension)
        for row in 0..<count {
            let s = at + row * 4
            let bits = UInt32(bytes[s]) | UInt32(bytes[s + 1]) << 8 | UInt32(bytes[s + 2]) << 16 | UInt32(bytes[s + 3]) << 24
            let scale = Float(bitPattern: bits)
            let base = at + count * 4 + row * dimension
            for d in 0..<dimension {
                rows[row * dimension + d] = Float(Int8(bitPattern: bytes[base + d])) * scale
            }
        }
        self.dimension = dimension
        self.rows = rows
        self.ids = ids
        self.longestPiece = longest
    }

    /// The table rows of one lower-cased word: itself when known, else its WordPiece pieces;
    /// empty when some part has no piece (BERT's `[UNK]`, which carries nothing).
    public func pieces(of word: String) -> [Int32] {
        if let id = ids[word] { return [id] }
        let bytes = Array(word.utf8)
        var out: [Int32] = []
        var start = 0
        while start < bytes.count {
            var end = min(bytes.count, start + longestPiece)
            var found: Int32?
            while end > start {
                let piece = (start > 0 ? "##" : "") + String(decoding: bytes[start..<end], as: UTF8.self)
                if let id = ids[piece] {
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

    /// Adds `weight` × row `id` to `sum`.
    func accumulate(_ id: Int32, weight: Float, into sum: inout [Float]) {
        let base = Int(id) * dimension
        rows.withUnsafeBufferPointer { r in
            for d in 0..<dimension { sum[d] += weight * r[base + d] }
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

/// Finds this target's bundled resources next to the executable or in the source tree (not via
/// `Bundle.module`, whose accessor aborts when the bundle is missing).
enum SelectionResources {
    static func file(_ name: String) -> String? {
        var roots: [URL] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            roots.append(executable.deletingLastPathComponent())
        }
        roots.append(Bundle.main.bundleURL)
        if let resources = Bundle.main.resourceURL { roots.append(resources) }
        var directories: [URL] = []
        for root in roots {
            for bundle in ["Toolwright_Selection.resources", "Toolwright_Selection.bundle"] {
                directories.append(root.appendingPathComponent(bundle).appendingPathComponent("Resources"))
                directories.append(
                    root.appendingPathComponent(bundle).appendingPathComponent("Contents/Resources/Resources"))
            }
        }
        directories.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources"))
        for directory in directories {
            let path = directory.appendingPathComponent(name).path
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }
}
