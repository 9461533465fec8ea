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
        guard let entries = params["tools"]?.arrayValue else {
            return .success(["findings": .array(lastSetFindings), "toolFindings": .object([])])
        }
        var hashes: [String] = []
        var summaries: [Checks.ToolSummary?] = []
        hashes.reserveCapacity(entries.count)
        summaries.reserveCapacity(entries.count)
        var perTool: [JSONMember] = []
        var missing: [String] = []
        // Hashes equal to the last request's at the same place, all of them: the same names at
        // the same pointers (a hash covers both), so the same document-level findings.
        var sameAsLast = entries.count == lastHashes.count
        // The last list serves tools by reference only within the bound on tools kept (a plugin
        // told to keep fewer must not hold more).
        let keepsLastList = lastHashes.count <= settings.toolCacheEntries
        for (index, tool) in entries.enumerated() {
            guard case .string(let hash) = tool else {
                // In full: check it, remember it, report its findings under its hash.
                let summary = Checks.ToolSummary(tool)
                summaries.append(summary)
                let found = Checks.toolFindings(tool, settings: settings)
                let hash = tool["hash"]?.stringValue
                if let hash {
                    insert(hash, summary, capacity: settings.toolCacheEntries)
                    if !found.isEmpty { perTool.append(JSONMember(hash, .array(found))) }
                }
                hashes.append(hash ?? "")
                sameAsLast = sameAsLast && hash != nil && hash == lastHashes[index]
                continue
            }
            // By reference: the host reuses the findings it has for this hash. The last request's
            // tool at this place needs no lookup.
            hashes.append(hash)
            if keepsLastList, !hash.isEmpty, index < lastHashes.count, lastHashes[index] == hash {
                summaries.append(lastSummaries[index])
            } else if let summary = tools[hash] {
                summaries.append(summary)
                sameAsLast = false
            } else {
                missing.append(hash)
            }
        }
        guard missing.isEmpty else { return .failure(UnknownHashes(hashes: missing)) }
        // The document-level check depends on the tools' names and their pointers alone: the
        // same names at the same places, the same answer (a description edit costs no re-check).
        // Where a hash is the last request's at the same place, so is the summary: only the
        // others are compared.
        if !sameAsLast {
            var same = summaries.count == lastSummaries.count
            // An empty hash is a tool sent in full without one: never taken as unchanged.
            for index in summaries.indices where same && (hashes[index].isEmpty || hashes[index] != lastHashes[index]) {
                same = Self.same(summaries[index], lastSummaries[index])
            }
            if !same { lastSetFindings = Checks.setFindings(summaries) }
        }
        lastHashes = hashes
        lastSummaries = summaries
        return .success(["findings": .array(lastSetFindings), "toolFindings": .object(perTool)])
    }

    private var lastSetFindings: [JSONValue] = []
    /// The last request's tools, for the next one (usually the same but for an edit or two).
    private var lastHashes: [String] = []
    private var lastSummaries: [Checks.ToolSummary?] = []

    /// Code points, not canonical equivalence: the findings quote the names as written.
    private static func same(_ a: Checks.ToolSummary?, _ b: Checks.ToolSummary?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        guard let p = a.namePointer.stringValue, let q = b.namePointer.stringValue else { return false }
        return a.name.hasSameCodeUnits(as: b.name) && p.hasSameCodeUnits(as: q)
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
