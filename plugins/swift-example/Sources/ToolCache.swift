import JSON

/// The `toolHashes` extension of `document/analyze`: tools the plugin has seen come as
/// their hash (a string in `tools`). The plugin keeps what it needs of each (its name, for the
/// document-level check) by hash, first in first out up to `capacity`; a request naming a hash
/// it dropped is answered with error -32040 and the host sends every tool in full again.
struct ToolCache {
    static let unknownToolHashCode = -32040

    /// Hashes a request named that the cache does not hold.
    struct UnknownHashes: Error {
        var hashes: [String]
    }

    private var tools: [String: Checks.ToolSummary?] = [:]
    private var order: [String] = []
    private var head = 0

    mutating func analyze(_ params: JSONValue, settings: Checks.Settings) -> Result<JSONValue, UnknownHashes> {
        var summaries: [Checks.ToolSummary?] = []
        var perTool: [JSONMember] = []
        var missing: [String] = []
        for tool in params["tools"]?.arrayValue ?? [] {
            guard case .string(let hash) = tool else {
                // In full: check it, remember it, report its findings under its hash.
                let summary = Checks.ToolSummary(tool)
                summaries.append(summary)
                let found = Checks.toolFindings(tool, settings: settings)
                if let hash = tool["hash"]?.stringValue {
                    insert(hash, summary, capacity: settings.toolCacheEntries)
                    if !found.isEmpty { perTool.append(JSONMember(hash, .array(found))) }
                }
                continue
            }
            // By reference: the host reuses the findings it has for this hash.
            if let summary = tools[hash] { summaries.append(summary) } else { missing.append(hash) }
        }
        guard missing.isEmpty else { return .failure(UnknownHashes(hashes: missing)) }
        // The document-level check depends on the tools' names and their pointers alone: the
        // same names at the same places, the same answer (a description edit costs no re-check).
        let named = summaries.compactMap { $0 }
        if !Self.same(named, lastNamed) {
            lastNamed = named
            lastSetFindings = Checks.setFindings(summaries)
        }
        return .success(["findings": .array(lastSetFindings), "toolFindings": .object(perTool)])
    }

    private var lastNamed: [Checks.ToolSummary] = []
    private var lastSetFindings: [JSONValue] = []

    /// Code points, not canonical equivalence: the findings quote the names as written.
    private static func same(_ a: [Checks.ToolSummary], _ b: [Checks.ToolSummary]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            guard let p = x.namePointer.stringValue, let q = y.namePointer.stringValue,
                x.name.hasSameCodeUnits(as: y.name), p.hasSameCodeUnits(as: q)
            else { return false }
        }
        return true
    }

    private mutating func insert(_ hash: String, _ summary: Checks.ToolSummary?, capacity: Int) {
        if tools.updateValue(summary, forKey: hash) != nil { return }
        order.append(hash)
        while order.count - head > capacity {
            tools[order[head]] = nil
            head += 1
        }
        if head > 1024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
