import Synchronization
import ToolModel

/// The per-tool values the set rules read from other documents' tools (token estimates,
/// similarity terms and name shapes, trifecta roles), kept between analyses. An editor runs the set rules of
/// one document against every other open document on each analysis; deriving these again for
/// every other tool each time made one analysis in a 200-document workspace cost ~300 ms.
///
/// An entry is found by the identity of the other set's tool array: a workspace hands the same
/// array to every analysis until that document is analysed again, and the entry keeps the
/// array alive, so the same storage means the same tools.
public final class WorkspaceSummaries: Sendable {
    public static let shared = WorkspaceSummaries()
    /// Documents kept; past this the cache starts over (a bound, not a working-set size).
    static let capacity = 4_096

    private struct Entry {
        var tools: [ToolDefinition]
        var summaries: [ToolSummary]
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Every tool's token estimate, terms and roles, from the cache when `set`'s tools are the
    /// ones it holds.
    func summaries(of set: ToolSet) -> [ToolSummary] {
        if let hit = entries.withLock({ $0[set.uri] }), Self.same(hit.tools, set.tools) { return hit.summaries }
        let tools = set.tools
        let computed = Parallel.map(Array(tools.indices)) { index in
            var summary = ToolSummary()
            summary.tokens = SetTokenBudgetRule.estimate(tools[index])
            summary.terms = SimilarityIndex.terms(of: tools[index])
            summary.nameShape = NearDuplicates.NameShape(tools[index])
            summary.roles = SecLethalTrifectaRule.roles(of: tools[index])
            return summary
        }
        entries.withLock { entries in
            if entries.count >= Self.capacity && entries[set.uri] == nil { entries.removeAll() }
            entries[set.uri] = Entry(tools: tools, summaries: computed)
        }
        return computed
    }

    /// Drops what is kept for a document (closed, or gone from the workspace), so its tools
    /// are not kept alive.
    public func forget(uri: String) {
        _ = entries.withLock { $0.removeValue(forKey: uri) }
    }

    var count: Int { entries.withLock { $0.count } }

    private static func same(_ kept: [ToolDefinition], _ given: [ToolDefinition]) -> Bool {
        guard kept.count == given.count else { return false }
        return kept.withUnsafeBufferPointer { a in given.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
        }
    }
}
