import Foundation
import JSON

/// The `toolHashes` extension of `document/analyze` (protocol/plugin-protocol.md): tools the
/// plugin has seen go by hash, and the plugin reports findings per tool hash so that the host
/// can reuse those of unchanged tools. An unchanged 100-tool document then costs two small
/// messages instead of two large ones.
enum ToolHashes {
    /// The error a plugin answers with when a request names a hash it no longer holds; the host
    /// then sends every tool in full.
    static let unknownToolHashCode = -32040
}

/// Per-tool findings one plugin process reported, by tool hash. Bounded: when full it starts
/// afresh (tools then go in full once more, which is always correct).
final class ToolFindingsMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: [JSONValue]] = [:]
    private let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    /// The findings held for those of `hashes` that are known.
    func known(_ hashes: [String]) -> [String: [JSONValue]] {
        lock.withLock {
            var out: [String: [JSONValue]] = [:]
            for hash in hashes { if let found = entries[hash] { out[hash] = found } }
            return out
        }
    }

    func record(_ updates: [String: [JSONValue]]) {
        guard !updates.isEmpty else { return }
        lock.withLock {
            if entries.count + updates.count > capacity { entries.removeAll(keepingCapacity: true) }
            entries.merge(updates) { $1 }
        }
    }

    /// After a settings change: findings computed under the old settings are stale.
    func clear() {
        lock.withLock { entries.removeAll() }
    }

    var count: Int { lock.withLock { entries.count } }
}

extension PluginProcess {
    /// One `document/analyze`, answered as `{"findings": […]}` in the plain protocol's form
    /// whichever form went over the wire: with `toolHashes`, each tool's findings (new or
    /// remembered) in document order, then the plugin's document-level ones.
    func analyze(_ request: AnalyzeRequest, timeoutMs: Int) async -> Result<JSONValue, PluginFailure> {
        let withText = wantsDocumentText
        guard toolHashes else {
            return await self.request(
                "document/analyze", encodedParams: request.encoded(withText: withText), timeoutMs: timeoutMs)
        }
        let tools = request.tools
        let hashes = tools.map(\.hash)
        var known = toolMemory.known(hashes)
        while true {
            let sent = known
            let bytes = request.encoded(withText: withText, hashes: true) { sent[$0] != nil }
            let result = await self.request("document/analyze", encodedParams: bytes, timeoutMs: timeoutMs)
            switch result {
            case .failure(.error(let code, _)) where code == ToolHashes.unknownToolHashCode && !sent.isEmpty:
                // The plugin dropped tools the host thought it had: send them all in full.
                toolMemory.clear()
                known = [:]
                continue
            case .failure(let failure):
                return .failure(failure)
            case .success(let value):
                return .success(assemble(value, hashes: hashes, sent: sent))
            }
        }
    }

    private func assemble(_ value: JSONValue, hashes: [String], sent: [String: [JSONValue]]) -> JSONValue {
        var reported: [String: [JSONValue]] = [:]
        for member in value["toolFindings"]?.objectMembers ?? [] {
            reported[member.key] = member.value.arrayValue ?? []
        }
        var findings: [JSONValue] = []
        var updates: [String: [JSONValue]] = [:]
        for hash in hashes {
            if let fresh = reported[hash] {
                findings += fresh
                updates[hash] = fresh
            } else if let remembered = sent[hash] {
                findings += remembered
            } else {
                // Sent in full and not mentioned: the tool has no findings of its own.
                updates[hash] = []
            }
        }
        toolMemory.record(updates)
        findings += value["findings"]?.arrayValue ?? []
        return ["findings": .array(findings)]
    }
}
