import Testing

@testable import JSONRPC

/// The writer's queue: send order, superseding keyed frames, and the idle/draining hand-off
/// that decides who starts a writer.
@Suite struct OutboxTests {
    private func drainAll(_ outbox: inout Outbox) -> [[UInt8]] {
        var out: [[UInt8]] = []
        while let bytes = outbox.pop() { out.append(bytes) }
        return out
    }

    @Test func framesComeOutInSendOrder() {
        var outbox = Outbox()
        let r1 = outbox.push([1])

        #expect(r1)
        let r2 = outbox.push([2])

        #expect(!r2)
        let r3 = outbox.push([3])

        #expect(!r3)
        #expect(drainAll(&outbox) == [[1], [2], [3]])
        #expect(outbox.count == 0)
    }

    @Test func aKeyedFrameReplacesTheQueuedOneWithItsKeyAndGoesToTheBack() {
        var outbox = Outbox()
        _ = outbox.push([1], key: "a")
        _ = outbox.push([2])
        _ = outbox.push([3], key: "b")
        _ = outbox.push([4], key: "a")
        #expect(outbox.count == 3)
        #expect(drainAll(&outbox) == [[2], [3], [4]])
    }

    @Test func aFrameAlreadyTakenByTheWriterIsNotReplaced() {
        var outbox = Outbox()
        _ = outbox.push([1], key: "a")
        let r9 = outbox.pop()

        #expect(r9 == [1])
        _ = outbox.push([2], key: "a")
        _ = outbox.push([3], key: "a")
        #expect(drainAll(&outbox) == [[3]])
    }

    @Test func onlyThePushThatFindsTheWriterIdleStartsOne() {
        var outbox = Outbox()
        let r4 = outbox.push([1])

        #expect(r4)
        let r5 = outbox.push([2])

        #expect(!r5)
        _ = drainAll(&outbox)
        // The writer saw the queue empty and stopped: the next push must start another.
        let r6 = outbox.push([3])

        #expect(r6)
        let r10 = outbox.pop()

        #expect(r10 == [3])
        let r7 = outbox.push([4])

        #expect(!r7)
        let r11 = outbox.pop()

        #expect(r11 == [4])
        let r12 = outbox.pop()

        #expect(r12 == nil)
        let r8 = outbox.push([5])

        #expect(r8)
    }

    @Test func longQueuesKeepOrderAcrossCompaction() {
        var outbox = Outbox()
        var expected: [[UInt8]] = []
        var taken: [[UInt8]] = []
        // Interleave pushes and pops past the compaction threshold, with keys that supersede.
        for i in 0..<5_000 {
            let bytes = [UInt8(i % 251), UInt8(i / 251)]
            if i % 7 == 0 {
                _ = outbox.push(bytes, key: "k\(i % 3)")
            } else {
                _ = outbox.push(bytes)
            }
            if i % 3 == 0, let next = outbox.pop() { taken.append(next) }
        }
        taken += drainAll(&outbox)
        // Reference: replay the same operations on a plain list.
        var list: [(key: String?, bytes: [UInt8])] = []
        for i in 0..<5_000 {
            let bytes = [UInt8(i % 251), UInt8(i / 251)]
            let key: String? = i % 7 == 0 ? "k\(i % 3)" : nil
            if let key { list.removeAll { $0.key == key } }
            list.append((key, bytes))
            if i % 3 == 0, !list.isEmpty { expected.append(list.removeFirst().bytes) }
        }
        expected += list.map(\.bytes)
        #expect(taken == expected)
    }
}
