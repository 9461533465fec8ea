import Dispatch

/// Independent work items spread over every core, with the results in item order (the same
/// as a loop's). Used where a run looks at each tool alone: the tool rules, and the set
/// rules' per-tool summaries.
public enum Parallel {
    /// Below this many items the threads cost more than they save (an edit checks one tool).
    public static let minimumItems = 8

    public static func map<Item: Sendable, Result>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result]
    {
        guard items.count >= minimumItems else { return items.map(transform) }
        let results = Slots<Result>(count: items.count)
        // Task-local values are not inherited by dispatch threads; the timing observer is
        // passed on by hand.
        let timing = RuleEngine.timing
        DispatchQueue.concurrentPerform(iterations: items.count) { position in
            let result = RuleEngine.$timing.withValue(timing) { transform(items[position]) }
            results.store(result, at: position)
        }
        return results.values
    }

    /// One slot per item, each written by exactly one iteration, read after all have finished.
    private final class Slots<Value>: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<Value?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func store(_ value: Value, at position: Int) { slots[position] = value }

        var values: [Value] { slots.map { $0! } }
    }
}
