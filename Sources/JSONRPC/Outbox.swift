/// Frames waiting for the connection's writer, in send order.
///
/// A frame sent with a key supersedes a queued frame with the same key that has not been
/// written yet: the old one is dropped and the new one goes to the back. The language server
/// keys each document's `publishDiagnostics` by its URI (a client keeps only the latest set
/// per document anyway), so a client that stops reading while the user types costs one queued
/// frame per document instead of one per edit.
struct Outbox {
    private struct Entry {
        let key: String?
        let bytes: [UInt8]
    }

    private var entries: [Int: Entry] = [:]
    private var order: [Int] = []
    private var head = 0
    private var nextSequence = 0
    private var queuedByKey: [String: Int] = [:]
    /// Whether a writer is draining; set by the push that finds it idle.
    private var draining = false
    /// Bytes of the frames queued and not yet taken by the writer.
    private(set) var queuedBytes = 0

    /// Frames queued and not yet taken by the writer.
    var count: Int { entries.count }

    /// Queues `bytes`; returns true when the caller must start a writer (none is draining).
    mutating func push(_ bytes: [UInt8], key: String? = nil) -> Bool {
        let sequence = nextSequence
        nextSequence += 1
        if let key {
            if let older = queuedByKey[key], let dropped = entries.removeValue(forKey: older) {
                queuedBytes -= dropped.bytes.count
            }
            queuedByKey[key] = sequence
        }
        entries[sequence] = Entry(key: key, bytes: bytes)
        queuedBytes += bytes.count
        order.append(sequence)
        if draining { return false }
        draining = true
        return true
    }

    /// Makes the caller the writer, to write one frame itself, when nothing is queued and no
    /// writer is draining. Frames pushed meanwhile queue behind it.
    mutating func claimIdleWriter() -> Bool {
        guard !draining && entries.isEmpty else { return false }
        draining = true
        return true
    }

    /// Ends a claim: true when frames were queued meanwhile (the caller must start a writer,
    /// and the outbox stays marked as draining), else the writer is idle.
    mutating func releaseWriter() -> Bool {
        if !entries.isEmpty { return true }
        order.removeAll(keepingCapacity: true)
        head = 0
        draining = false
        return false
    }

    /// A writer is busy (draining, or a claimed frame being written).
    var isWriting: Bool { draining }

    /// The oldest queued frame, or nil when the queue is empty; then the writer is idle.
    mutating func pop() -> [UInt8]? {
        while head < order.count {
            let sequence = order[head]
            head += 1
            guard let entry = entries.removeValue(forKey: sequence) else { continue }
            queuedBytes -= entry.bytes.count
            if let key = entry.key, queuedByKey[key] == sequence { queuedByKey[key] = nil }
            compactIfMostlyTaken()
            return entry.bytes
        }
        order.removeAll(keepingCapacity: true)
        head = 0
        draining = false
        return nil
    }

    private mutating func compactIfMostlyTaken() {
        if head >= 1_024 && head * 2 >= order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
