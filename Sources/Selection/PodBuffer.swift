/// A growable array of plain values in memory its owner frees (`deallocate`): reads and
/// writes are plain loads and stores, with no reference counting, uniqueness or bounds checks
/// in hot loops. Only for trivial types, inside a class that frees it in `deinit`.
struct PodBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    subscript(_ i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        if count + values.count > capacity { grow(to: count + values.count) }
        if let source = values.baseAddress { (base + count).initialize(from: source, count: values.count) }
        count += values.count
    }

    /// Sets the count to `newCount` (at most the capacity plus growth), new elements `value`.
    mutating func resize(to newCount: Int, filling value: Element) {
        if newCount > capacity { grow(to: newCount) }
        if newCount > count { (base + count).initialize(repeating: value, count: newCount - count) }
        count = newCount
    }

    mutating func removeAll() { count = 0 }

    private mutating func grow(to minimum: Int) {
        var size = capacity * 2
        while size < minimum { size *= 2 }
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: size)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = size
    }

    func deallocate() { base.deallocate() }
}
