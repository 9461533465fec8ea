import BundledResources
import CSelectionKernels
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A static word-piece vector table distilled from all-MiniLM-L6-v2 (see
/// `Resources/NOTICE.md` and `scripts/distill-embeddings.py`): a text's vector is the mean of
/// its pieces' vectors, so "euro" and "currency" land close without sharing a letter.
/// Words are split like the lexical scorer's (camelCase, snake_case), then looked up whole or
/// cut into WordPiece pieces (greedy longest match, `##` continuations), as BERT does.
/// Immutable once loaded (`@unchecked`: the scales are a pointer into memory it owns).
public final class WordVectors: @unchecked Sendable {
    public let dimension: Int
    /// The file, mapped (the bundled table) or copied: int8 rows (`count × dimension`, from
    /// `rowsOffset`) are dequantised with their row's scale when used, so loading reads only
    /// the pages of the rows in use and converts nothing.
    let table: TableBytes
    let rowsOffset: Int
    /// Row → its scale: in the mapping (TWV2) or in `scaleBytes` (TWV1, whose scales may sit
    /// at any offset).
    let scales: UnsafePointer<Float>
    /// Owns the scales and the piece lookup table when they are not the file's (TWV1).
    private let owned: TableBytes?
    /// FNV-1a 64 of a piece's bytes (`##` included) → row: lookups hash bytes in place
    /// instead of building a `String` for every WordPiece candidate. TWV2 stores this table,
    /// so loading it is a mapping with no per-piece work; for TWV1 it is built at load.
    let ids: PieceIds
    /// Longest piece in bytes (bounds the greedy match).
    let longestPiece: Int
    /// Rows in the table.
    let count: Int

    /// The bundled table, loaded on first use; nil when the resource is missing (a binary
    /// copied without its resource bundle still works, lexically only).
    public static let bundled: WordVectors? = {
        // TOOLWRIGHT_WORD_VECTORS points at another table (for evaluating distillation choices).
        // (`getenv`: `ProcessInfo.environment` builds a dictionary of the whole environment.)
        let override = getenv("TOOLWRIGHT_WORD_VECTORS").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        guard let path = override ?? SelectionResources.file("word-vectors.bin"),
            let table = TableBytes(mapping: path)
                ?? FileManager.default.contents(atPath: path).map({
                    TableBytes(copying: Array($0))
                })
        else { return nil }
        return try? WordVectors(table: table)
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

    /// Parses a table written by `scripts/distill-embeddings.py`: `TWV2` (the lookup table
    /// stored) or the older `TWV1`.
    public convenience init(bytes: [UInt8]) throws {
        try self.init(table: TableBytes(copying: bytes))
    }

    init(table: TableBytes) throws {
        let bytes = table.bytes
        guard bytes.count >= 12 else { throw FormatError(description: "not a word-vector table") }
        if bytes[0..<4].elementsEqual("TWV2".utf8) {
            let layout = try Self.twv2(bytes)
            self.table = table
            count = layout.count
            dimension = layout.dimension
            longestPiece = layout.longest
            rowsOffset = layout.rowsOffset
            scales = (bytes.baseAddress! + layout.scalesOffset).assumingMemoryBound(to: Float.self)
            owned = nil
            ids = PieceIds(
                slots: (bytes.baseAddress! + layout.slotsOffset).assumingMemoryBound(to: UInt64.self),
                slotCount: layout.slotCount,
                filter: (bytes.baseAddress! + Self.twv2Header).assumingMemoryBound(to: UInt64.self),
                rows: layout.count, owner: table)
            return
        }
        guard bytes[0..<4].elementsEqual("TWV1".utf8) else { throw FormatError(description: "not a TWV1 table") }
        var at = 4
        func u32() -> Int {
            defer { at += 4 }
            return Self.u32(bytes, at)
        }
        let count = u32()
        let dimension = u32()
        var hashes: [UInt64] = []
        hashes.reserveCapacity(count)
        var longest = 0
        for _ in 0..<count {
            guard at < bytes.count else { throw FormatError(description: "truncated vocabulary") }
            let length = Int(bytes[at])
            guard at + 1 + length <= bytes.count else { throw FormatError(description: "truncated vocabulary") }
            var hash = Self.fnvOffset
            for b in bytes[(at + 1)..<(at + 1 + length)] { hash = Self.fnv(hash, b) }
            hashes.append(hash)
            longest = max(longest, length)
            at += 1 + length
        }
        guard at + count * 4 + count * dimension == bytes.count else {
            throw FormatError(description: "size does not match \(count) × \(dimension)")
        }
        // The scales again, in memory owned by this table (aligned for `Float`).
        let scaleBytes = TableBytes(copying: Array(bytes[at..<(at + count * 4)]))
        self.table = table
        self.count = count
        self.rowsOffset = at + count * 4
        self.scales = scaleBytes.bytes.baseAddress!.assumingMemoryBound(to: Float.self)
        owned = scaleBytes
        self.dimension = dimension
        self.ids = PieceIds(hashes: hashes)
        self.longestPiece = longest
    }

    /// Size of the TWV2 header; the filter follows it.
    static let twv2Header = 32

    /// The sections of a TWV2 table (layout: `scripts/distill-embeddings.py`, `write_twv2`),
    /// checked against the file's size; nothing per piece is read.
    static func twv2(_ bytes: UnsafeRawBufferPointer) throws -> (
        count: Int, dimension: Int, longest: Int, slotCount: Int, slotsOffset: Int, scalesOffset: Int, rowsOffset: Int
    ) {
        guard bytes.count >= twv2Header else { throw FormatError(description: "truncated TWV2 header") }
        let count = u32(bytes, 4)
        let dimension = u32(bytes, 8)
        let longest = u32(bytes, 12)
        let slotCount = u32(bytes, 16)
        guard slotCount >= 16, slotCount & (slotCount - 1) == 0, slotCount >= 2 * count else {
            throw FormatError(description: "TWV2 slot count \(slotCount) for \(count) pieces")
        }
        guard u32(bytes, 20) == PieceIds.filterBits, longest <= 255 else {
            throw FormatError(description: "unsupported TWV2 table")
        }
        let slotsOffset = twv2Header + PieceIds.filterWords * 8
        let scalesOffset = slotsOffset + slotCount * 16
        let rowsOffset = scalesOffset + count * 4
        // The pieces' text follows the rows (not read here).
        guard rowsOffset + count * dimension + count <= bytes.count else {
            throw FormatError(description: "size does not match \(count) × \(dimension)")
        }
        return (count, dimension, longest, slotCount, slotsOffset, scalesOffset, rowsOffset)
    }

    @inline(__always)
    private static func u32(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Int {
        Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }

    /// The table rows of one lower-cased word: itself when known, else its WordPiece pieces;
    /// empty when some part has no piece (BERT's `[UNK]`, which carries nothing).
    public func pieces(of word: String) -> [Int32] {
        var word = word
        return word.withUTF8 { pieces(of: $0) }
    }

    func pieces(of bytes: UnsafeBufferPointer<UInt8>) -> [Int32] {
        var out: [Int32] = []
        appendPieces(of: bytes, to: &out)
        return out
    }

    /// `pieces(of:)` appended to `out` (nothing when some part has no piece), without a
    /// temporary array per word.
    func appendPieces(of bytes: UnsafeBufferPointer<UInt8>, to out: inout [Int32]) {
        var whole = Self.fnvOffset
        for b in bytes { whole = Self.fnv(whole, b) }
        if let id = ids[whole] {
            out.append(id)
            return
        }
        let first = out.count
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: longestPiece + 1) { prefixes in
            var start = 0
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
                guard let id = found else {
                    out.removeSubrange(first...)
                    return
                }
                out.append(id)
                start = end
            }
        }
    }

    /// Starts loading what `appendPieces(of:to:)` reads first for this word (its whole-word
    /// slot), so that the lookups of many new words overlap instead of waiting one by one.
    @inline(__always)
    func prefetchPieces(of bytes: UnsafeBufferPointer<UInt8>) {
        var whole = Self.fnvOffset
        for b in bytes { whole = Self.fnv(whole, b) }
        ids.prefetch(whole)
    }

    /// Raw access to the rows for the per-word loops (no reference counting per call); valid
    /// while this table lives.
    var rows: VectorRows {
        VectorRows(rows: table.bytes.baseAddress! + rowsOffset, scales: scales, dimension: dimension)
    }

    /// Adds `weight` × row `id` to `sum` (in C, `tw_accumulate`: each element gets one
    /// multiply and one add, as one at a time, whatever the vector width, so sums do not change).
    func accumulate(_ id: Int32, weight: Float, into sum: inout [Float]) {
        let row = table.bytes.baseAddress! + rowsOffset + Int(id) * dimension
        let factor = weight * scales[Int(id)]
        let dimension = dimension
        sum.withUnsafeMutableBufferPointer { out in tw_accumulate(row, factor, out.baseAddress, dimension) }
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

    /// `v / |v|` (in C, `tw_normalize`: the squares summed in order in float, then each
    /// element times `1 / sqrt`); nil for a zero vector.
    static func normalized(_ v: [Float]) -> [Float]? {
        var ok = false
        let out = [Float](unsafeUninitializedCapacity: v.count) { out, initialized in
            ok = v.withUnsafeBufferPointer { tw_normalize($0.baseAddress, v.count, out.baseAddress) } != 0
            if !ok { out.initialize(repeating: 0) }
            initialized = v.count
        }
        return ok ? out : nil
    }
}

/// Pointers into a `WordVectors` table that the index keeps alive, for the C sums of rows
/// (`tw_accumulate_rows`, `tw_accumulate_entries`) without retaining the table per word.
struct VectorRows: @unchecked Sendable {
    let rows: UnsafeRawPointer
    let scales: UnsafePointer<Float>
    let dimension: Int
}

/// This target's bundled resources (`BundledResources`).
enum SelectionResources {
    static func file(_ name: String) -> String? {
        BundledResources.file(name, target: "Selection", sourceFile: #filePath)
    }
}

/// The bytes of a word-vector table: a read-only mapping of the file (pages load as rows are
/// used, nothing is copied) or an owned copy. Immutable once made.
final class TableBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    init(copying array: [UInt8]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, array.count), alignment: 16)
        array.withUnsafeBytes { buffer.copyMemory(from: $0) }
        bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<array.count])
        mapped = false
    }

    /// Zero-filled memory owned by this value (`count` bytes, 16-byte aligned).
    init(zeroed count: Int) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, count), alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
        mapped = false
    }

    /// nil when the file cannot be opened or mapped.
    init?(mapping path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
        mapped = true
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        } else {
            bytes.deallocate()
        }
    }
}

/// Piece hash → row, open addressing on the (already well mixed) FNV hash: cheaper than a
/// `Dictionary`, which would hash the hash again. A slot's hash and row sit side by side (one
/// cache line per probe), and a bit filter on other bits of the hash turns away most hashes
/// that are absent — the long prefixes the greedy WordPiece match tries first — without
/// touching the table. The filter only ever says "maybe" or "no", so answers are the table's.
/// The slots and filter are a TWV2 file's own (mapped) or built by `init(hashes:)`; both
/// layouts are the same.
struct PieceIds: @unchecked Sendable {
    /// Slot `i`: hash at `2i`, row + 1 at `2i + 1` (0 = empty slot).
    private let slots: UnsafePointer<UInt64>
    private let mask: Int
    /// One bit per value of `filterBits` hash bits: set when some stored hash has them.
    private let filter: UnsafePointer<UInt64>
    /// Rows in the table: a stored row past it (a damaged file) reads as absent.
    private let rows: UInt64
    /// Keeps `slots` and `filter` alive.
    private let owner: TableBytes
    static let filterBits = 18
    static let filterWords = 1 << (filterBits - 6)

    init(slots: UnsafePointer<UInt64>, slotCount: Int, filter: UnsafePointer<UInt64>, rows: Int, owner: TableBytes) {
        self.slots = slots
        self.mask = slotCount - 1
        self.filter = filter
        self.rows = UInt64(rows)
        self.owner = owner
    }

    /// Row `i` has hash `hashes[i]`; of equal hashes the later row wins, as in a dictionary.
    init(hashes: [UInt64]) {
        var size = 16
        while size < hashes.count * 2 { size *= 2 }
        let words = Self.filterWords + 2 * size
        let storage = TableBytes(zeroed: words * 8)
        let base = UnsafeMutableRawPointer(mutating: storage.bytes.baseAddress!).assumingMemoryBound(to: UInt64.self)
        let filter = base
        let slots = base + Self.filterWords
        let mask = size - 1
        for (row, hash) in hashes.enumerated() {
            var at = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
            while slots[2 * at + 1] != 0 && slots[2 * at] != hash { at = (at + 1) & mask }
            slots[2 * at] = hash
            slots[2 * at + 1] = UInt64(row) + 1
            let bit = Self.filterBit(hash)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.init(slots: slots, slotCount: size, filter: filter, rows: hashes.count, owner: storage)
    }

    @inline(__always)
    private static func filterBit(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> (64 - filterBits)) }

    @inline(__always)
    subscript(hash: UInt64) -> Int32? {
        let bit = Self.filterBit(hash)
        guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return nil }
        var at = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        while true {
            let row = slots[2 * at + 1]
            if row == 0 { return nil }
            if slots[2 * at] == hash { return row <= rows ? Int32(truncatingIfNeeded: row - 1) : nil }
            at = (at + 1) & mask
        }
    }

    /// Starts loading the filter word and first slot of `hash` (no effect on results).
    @inline(__always)
    func prefetch(_ hash: UInt64) {
        let bit = Self.filterBit(hash)
        tw_prefetch(filter + (bit >> 6))
        tw_prefetch(slots + 2 * (Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask))
    }

    /// The slots and filter as stored (for comparing a TWV2 file's table with a rebuilt one).
    var storedWords: (filter: [UInt64], slots: [UInt64]) {
        (
            Array(UnsafeBufferPointer(start: filter, count: Self.filterWords)),
            Array(UnsafeBufferPointer(start: slots, count: 2 * (mask + 1)))
        )
    }
}
