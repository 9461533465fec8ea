import ArgumentParser
import CHeapTuning

/// A command that reads its inputs, works through them once and exits (`check`, `simulate`,
/// `cost`, `tokens`): its heap is set up for a short life (see `tw_heap_prefer_huge_pages`).
/// The language server is not one: it runs all day and hands memory back.
protocol BatchCommand: ParsableCommand {}

enum BatchHeap {
    /// The heap's growth step: more than a run over the bundled examples or the 1,000 × 1,000
    /// simulation uses, so one huge-page advice covers the run.
    static let reserve = 64 << 20

    static func prepare(for command: any ParsableCommand) {
        guard command is any BatchCommand else { return }
        _ = tw_heap_prefer_huge_pages(reserve)
    }

    /// Whether the heap range advised at start is still marked for huge pages at the end of
    /// the run (reported by `simulate --timing`, so benchmark figures say what they ran with).
    static func isMarkedHuge() -> Bool {
        guard let start = tw_heap_huge_start() else { return false }
        return tw_heap_is_marked_huge(start) == 1
    }
}
