/// Byte-pair merging of one pre-tokenized piece: repeatedly merge the adjacent pair whose
/// concatenation has the lowest rank (leftmost on ties), as tiktoken does.
struct BytePairMerger {
    /// Pieces at least this long use the heap merge (tiktoken switches at the same length);
    /// shorter ones use a linear scan, which is faster for the usual few-byte piece.
    static let heapThreshold = 100

    let table: RankTable
    /// Scratch for the linear scan: `heapThreshold + 1` starts and ranks.
    let starts: UnsafeMutablePointer<Int32>
    let ranks: UnsafeMutablePointer<UInt32>

    /// Appends the tokens of `piece[0..<length]` (`length >= 1`) to `output`.
    @inline(__always) func encode(_ piece: UnsafePointer<UInt8>, _ length: Int, into output: inout [Int]) {
        if length == 1 {
            output.append(Int(table.byteRank(piece[0])))
            return
        }
        let whole = table.rank(piece, length)
        if whole != RankTable.missing {
            output.append(Int(whole))
        } else {
            merge(piece, length, into: &output)
        }
    }

    /// Appends the tokens of a piece (`length >= 2`) known not to be a single token.
    @inline(__always) func merge(_ piece: UnsafePointer<UInt8>, _ length: Int, into output: inout [Int]) {
        if length < Self.heapThreshold {
            linearMerge(piece, length, into: &output)
        } else {
            heapMerge(piece, length, into: &output)
        }
    }

    func linearMerge(_ piece: UnsafePointer<UInt8>, _ length: Int, into output: inout [Int]) {
        let missing = RankTable.missing
        // parts 0..<count; ranks[k] = rank of parts k and k+1 merged.
        var count = length + 1
        for k in 0..<count { starts[k] = Int32(k) }
        for k in 0..<(length - 1) { ranks[k] = table.rank(piece + k, 2) }
        ranks[length - 1] = missing
        ranks[length] = missing

        @inline(__always) func pairRank(_ k: Int) -> UInt32 {
            guard k + 3 < count else { return missing }
            let s = Int(starts[k])
            return table.rank(piece + s, Int(starts[k + 3]) - s)
        }

        while true {
            var best = missing
            var at = 0
            for k in 0..<(count - 1) where ranks[k] < best {
                best = ranks[k]
                at = k
            }
            if best == missing { break }
            if at > 0 { ranks[at - 1] = pairRank(at - 1) }
            ranks[at] = pairRank(at)
            let tail = count - at - 2
            (starts + at + 1).update(from: starts + at + 2, count: tail)
            (ranks + at + 1).update(from: ranks + at + 2, count: tail)
            count -= 1
        }
        for k in 0..<(count - 1) {
            let s = Int(starts[k])
            output.append(Int(table.rank(piece + s, Int(starts[k + 1]) - s)))
        }
    }

    /// Linked list of parts plus a min-heap of candidate merges keyed by (rank, start), with
    /// stale entries skipped on pop: O(n log n) for a long piece instead of O(n²).
    func heapMerge(_ piece: UnsafePointer<UInt8>, _ length: Int, into output: inout [Int]) {
        let missing = RankTable.missing
        // Parts are named by their start byte; next[k] == length ends the list.
        let next = UnsafeMutablePointer<Int32>.allocate(capacity: length)
        let previous = UnsafeMutablePointer<Int32>.allocate(capacity: length)
        let pairRanks = UnsafeMutablePointer<UInt32>.allocate(capacity: length)
        // Each merge pushes at most two entries on top of the initial n - 1.
        var heap = MinHeap(capacity: 3 * length)
        defer {
            next.deallocate()
            previous.deallocate()
            pairRanks.deallocate()
            heap.deallocate()
        }
        for k in 0..<length {
            next[k] = Int32(k + 1)
            previous[k] = Int32(k - 1)
            pairRanks[k] = missing
        }
        for k in 0..<(length - 1) {
            let r = table.rank(piece + k, 2)
            pairRanks[k] = r
            if r != missing { heap.push(UInt64(r) << 32 | UInt64(k)) }
        }

        @inline(__always) func refresh(_ k: Int) {
            let second = Int(next[k])
            guard second < length else {
                pairRanks[k] = missing
                return
            }
            let end = Int(next[second])
            let r = table.rank(piece + k, end - k)
            pairRanks[k] = r
            if r != missing { heap.push(UInt64(r) << 32 | UInt64(k)) }
        }

        while let entry = heap.pop() {
            let k = Int(entry & 0xFFFF_FFFF)
            // Same start and same rank means same bytes, so a matching rank proves freshness;
            // merged-away parts have their rank cleared.
            guard pairRanks[k] == UInt32(entry >> 32) else { continue }
            let second = Int(next[k])
            let third = Int(next[second])
            next[k] = Int32(third)
            if third < length { previous[third] = Int32(k) }
            pairRanks[second] = missing
            refresh(k)
            let before = Int(previous[k])
            if before >= 0 { refresh(before) }
        }
        var k = 0
        while k < length {
            let end = Int(next[k])
            output.append(Int(table.rank(piece + k, end - k)))
            k = end
        }
    }
}

/// Binary min-heap of packed `(rank << 32 | start)` keys in a fixed-capacity buffer.
struct MinHeap {
    private let items: UnsafeMutablePointer<UInt64>
    private let capacity: Int
    private var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        items = .allocate(capacity: max(capacity, 1))
    }

    func deallocate() { items.deallocate() }

    @inline(__always) mutating func push(_ value: UInt64) {
        precondition(count < capacity, "heap capacity")
        var child = count
        count += 1
        while child > 0 {
            let parent = (child - 1) >> 1
            if items[parent] <= value { break }
            items[child] = items[parent]
            child = parent
        }
        items[child] = value
    }

    @inline(__always) mutating func pop() -> UInt64? {
        guard count > 0 else { return nil }
        let top = items[0]
        count -= 1
        let last = items[count]
        let n = count
        var parent = 0
        while true {
            var child = 2 * parent + 1
            if child >= n { break }
            if child + 1 < n && items[child + 1] < items[child] { child += 1 }
            if last <= items[child] { break }
            items[parent] = items[child]
            parent = child
        }
        if n > 0 { items[parent] = last }
        return top
    }
}
