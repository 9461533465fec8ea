/// Per-call memo of multi-token pieces: code and JSON repeat the same identifiers and keys many
/// times, and merging is the expensive step. An entry points back at the piece's earlier
/// occurrence in the input and at its tokens already in the output, so it stores no bytes.
/// Direct-mapped; a colliding piece simply replaces the entry.
struct PieceCache {
    /// Inputs shorter than this are not worth the table's allocation.
    static let minimumInput = 2048
    private static let size = 4096

    private struct Entry {
        var hash: UInt64
        var pieceStart: Int32
        var pieceLength: Int32
        var outputStart: Int32
        var outputCount: Int32
    }

    private let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: Self.size)
        entries.initialize(
            repeating: Entry(hash: 0, pieceStart: 0, pieceLength: 0, outputStart: 0, outputCount: 0), count: Self.size)
    }

    func deallocate() { entries.deallocate() }

    /// Appends the cached tokens of `input[start..<start + length]` and returns true, if present.
    @inline(__always) func replay(
        hash: UInt64, input: UnsafePointer<UInt8>, start: Int, length: Int, into output: inout [Int]
    ) -> Bool {
        let entry = entries[Int(truncatingIfNeeded: hash) & (Self.size - 1)]
        guard entry.hash == hash, Int(entry.pieceLength) == length else { return false }
        let earlier = input + Int(entry.pieceStart)
        let piece = input + start
        for k in 0..<length where earlier[k] != piece[k] { return false }
        let from = Int(entry.outputStart)
        for k in from..<(from + Int(entry.outputCount)) { output.append(output[k]) }
        return true
    }

    @inline(__always) func store(hash: UInt64, start: Int, length: Int, outputStart: Int, outputEnd: Int) {
        guard start <= Int(Int32.max), outputEnd <= Int(Int32.max) else { return }
        entries[Int(truncatingIfNeeded: hash) & (Self.size - 1)] = Entry(
            hash: hash, pieceStart: Int32(start), pieceLength: Int32(length), outputStart: Int32(outputStart),
            outputCount: Int32(outputEnd - outputStart))
    }
}
