/// Which special-token strings `Encoding.encode` turns into their special ids. Other special
/// strings are encoded as ordinary text.
public enum AllowedSpecial: Sendable, Hashable {
    /// Every special token of the encoding.
    case all
    /// Only these special-token strings.
    case only(Set<String>)
}

/// A tiktoken-compatible byte-level BPE encoding (ranks, split pattern, special tokens).
/// Immutable and safe to share across threads; obtain one with `Encoding.named(_:)`.
public final class Encoding: Sendable {
    public let name: EncodingName
    let ranks: RankTable
    let pattern: SplitPattern
    /// Special token string → id.
    public let specialTokens: [String: Int]
    private let specialBytesById: [Int: [UInt8]]
    private let longestSpecial: Int

    init(name: EncodingName, ranks: RankTable) {
        self.name = name
        self.ranks = ranks
        self.pattern = name.pattern
        var tokens: [String: Int] = [:]
        var bytesById: [Int: [UInt8]] = [:]
        for (text, id) in name.specialTokens {
            tokens[text] = id
            if bytesById[id] == nil { bytesById[id] = Array(text.utf8) }
        }
        self.specialTokens = tokens
        self.specialBytesById = bytesById
        self.longestSpecial = tokens.keys.map(\.utf8.count).max() ?? 0
        self.vocabularySize = max(ranks.count, (tokens.values.max() ?? -1) + 1)
    }

    /// The encoding, loading (and SHA-256-checking) its rank file on first use and caching it.
    /// Files come from `vocabularyDirectory` if given, else from `$TOOLWRIGHT_VOCAB_DIR`, else
    /// from the bundled copies.
    public static func named(_ name: EncodingName, vocabularyDirectory: String? = nil) throws(TokenizerError)
        -> Encoding
    {
        let directory = VocabularyStore.resolvedDirectory(vocabularyDirectory)
        return try VocabularyStore.encoding(name, directory: directory) { Encoding(name: name, ranks: $0) }
    }

    /// The encoding tiktoken uses for a model name (see `EncodingName.forModel`).
    public static func forModel(_ model: String, vocabularyDirectory: String? = nil) throws(TokenizerError)
        -> Encoding
    {
        guard let name = EncodingName.forModel(model) else { throw .unknownModel(model) }
        return try named(name, vocabularyDirectory: vocabularyDirectory)
    }

    /// Number of token ids (ranks plus special ids), as tiktoken's `n_vocab`.
    public let vocabularySize: Int

    /// Token ids of `text`, treating special-token strings as plain text (`encode_ordinary`).
    public func encodeOrdinary(_ text: String) -> [Int] {
        withBytes(text) { bytes in
            var output: [Int] = []
            output.reserveCapacity(bytes.count / 3 + 1)
            encodeOrdinary(bytes, into: &output)
            return output
        }
    }

    /// Token ids of `text`, with the allowed special-token strings encoded as their special ids
    /// (tiktoken's `encode(text, allowed_special=…)`; disallowed ones are encoded as text rather
    /// than raising).
    public func encode(_ text: String, allowedSpecial: AllowedSpecial) -> [Int] {
        if case .only(let set) = allowedSpecial, set.isEmpty { return encodeOrdinary(text) }
        return withBytes(text) { bytes in
            var output: [Int] = []
            output.reserveCapacity(bytes.count / 3 + 1)
            var start = 0
            var i = 0
            let n = bytes.count
            while i + 1 < n {
                guard bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "|"),
                    let (id, end) = special(in: bytes, at: i, allowed: allowedSpecial)
                else {
                    i += 1
                    continue
                }
                encodeOrdinary(UnsafeBufferPointer(rebasing: bytes[start..<i]), into: &output)
                output.append(id)
                start = end
                i = end
            }
            encodeOrdinary(UnsafeBufferPointer(rebasing: bytes[start..<n]), into: &output)
            return output
        }
    }

    /// Convenience for `encode(text, allowedSpecial: .only(set))`.
    public func encode(_ text: String, allowedSpecial: Set<String>) -> [Int] {
        encode(text, allowedSpecial: .only(allowedSpecial))
    }

    /// Number of tokens of `text` (ordinary encoding).
    public func count(_ text: String) -> Int { encodeOrdinary(text).count }

    /// The bytes of the token ids; throws on an id that is neither a rank nor a special token.
    public func decode(_ ids: [Int]) throws(TokenizerError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(ids.count * 4)
        for id in ids {
            if id >= 0 && id < ranks.count {
                let (base, length) = ranks.tokenSpan(id)
                output.append(contentsOf: UnsafeBufferPointer(start: base, count: length))
            } else if let special = specialBytesById[id] {
                output.append(contentsOf: special)
            } else {
                throw .unknownTokenId(id)
            }
        }
        return output
    }

    /// `decode` as a string, replacing invalid UTF-8 (e.g. a cut multi-byte character) with U+FFFD.
    public func decodeString(_ ids: [Int]) throws(TokenizerError) -> String {
        String(decoding: try decode(ids), as: UTF8.self)
    }

    /// The bytes of one token id, or nil if unknown.
    public func tokenBytes(_ id: Int) -> [UInt8]? {
        if id >= 0 && id < ranks.count {
            let (base, length) = ranks.tokenSpan(id)
            return Array(UnsafeBufferPointer(start: base, count: length))
        }
        return specialBytesById[id]
    }

    // MARK: - Internals

    private func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// The allowed special token starting at `i` (which holds `<|`), with its end.
    private func special(in bytes: UnsafeBufferPointer<UInt8>, at i: Int, allowed: AllowedSpecial) -> (Int, Int)? {
        let limit = min(bytes.count, i + longestSpecial)
        var j = i + 2
        while j + 1 < limit {
            if bytes[j] == UInt8(ascii: "|") && bytes[j + 1] == UInt8(ascii: ">") { break }
            j += 1
        }
        guard j + 1 < limit else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<(j + 2)]), as: UTF8.self)
        guard let id = specialTokens[text] else { return nil }
        if case .only(let set) = allowed, !set.contains(text) { return nil }
        return (id, j + 2)
    }

    /// The pre-tokenizer pieces of `text` (what the split regex would find), for tests and debugging.
    func pieces(_ text: String) -> [String] {
        withBytes(text) { bytes in
            guard let base = bytes.baseAddress else { return [] }
            let splitter = PreTokenizer(reader: ScalarReader(base: base, count: bytes.count), pattern: pattern)
            var result: [String] = []
            var i = 0
            while i < bytes.count {
                let end = splitter.pieceEnd(from: i)
                result.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self))
                i = end
            }
            return result
        }
    }

    /// `encodeOrdinary` with or without the piece memo (tests compare both).
    func encodeOrdinaryForTesting(_ text: String, memoize: Bool) -> [Int] {
        withBytes(text) { bytes in
            var output: [Int] = []
            encodeOrdinary(bytes, into: &output, memoize: memoize)
            return output
        }
    }

    /// Merges one piece with the linear scan or the heap, whatever its length (tests compare both).
    func mergeForTesting(_ piece: [UInt8], heap: Bool) -> [Int] {
        var output: [Int] = []
        let capacity = max(piece.count + 1, 2)
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { starts in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { pairRanks in
                let merger = BytePairMerger(table: ranks, starts: starts.baseAddress!, ranks: pairRanks.baseAddress!)
                piece.withUnsafeBufferPointer { bytes in
                    if heap {
                        merger.heapMerge(bytes.baseAddress!, bytes.count, into: &output)
                    } else {
                        merger.linearMerge(bytes.baseAddress!, bytes.count, into: &output)
                    }
                }
            }
        }
        return output
    }

    /// Pre-tokenizes and merges `bytes` (valid UTF-8; `$` in the pattern anchors at its end).
    func encodeOrdinary(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [Int], memoize: Bool = true) {
        let n = bytes.count
        guard n > 0, let base = bytes.baseAddress else { return }
        let capacity = BytePairMerger.heapThreshold + 1
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { starts in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { pairRanks in
                let merger = BytePairMerger(
                    table: ranks, starts: starts.baseAddress!, ranks: pairRanks.baseAddress!)
                let splitter = PreTokenizer(reader: ScalarReader(base: base, count: n), pattern: pattern)
                var i = 0
                guard memoize && n >= PieceCache.minimumInput else {
                    while i < n {
                        let end = splitter.pieceEnd(from: i)
                        merger.encode(base + i, end - i, into: &output)
                        i = end
                    }
                    return
                }
                let cache = PieceCache()
                defer { cache.deallocate() }
                while i < n {
                    let end = splitter.pieceEnd(from: i)
                    let length = end - i
                    if length <= 2 || ranks.rank(base + i, length) != RankTable.missing {
                        merger.encode(base + i, length, into: &output)
                    } else {
                        let hash = RankTable.keyAndHash(base + i, length).hash
                        if !cache.replay(hash: hash, input: base, start: i, length: length, into: &output) {
                            let before = output.count
                            merger.merge(base + i, length, into: &output)
                            cache.store(
                                hash: hash, start: i, length: length, outputStart: before, outputEnd: output.count)
                        }
                    }
                    i = end
                }
            }
        }
    }
}
