import Foundation
import JSON
import SourceDocument
import ToolModel

/// The `toolHashes` extension of `document/analyze` (protocol/plugin-protocol.md): tools the
/// plugin has seen go by hash, and the plugin reports findings per tool hash so that the host
/// can reuse those of unchanged tools. An unchanged 100-tool document then costs two small
/// messages instead of two large ones.
enum ToolHashes {
    /// The error a plugin answers with when a request names a hash it no longer holds; the host
    /// then sends every tool in full.
    static let unknownToolHashCode = -32040
}

/// The findings one plugin reported about one tool alone, parsed (pointers not yet checked
/// against a document); `invalid` counts those without a message or with a malformed pointer.
struct ToolFindings: Sendable {
    var findings: [Finding] = []
    var invalid = 0
    /// Which report these are (unique in the process): a check of them against a tool's text
    /// holds for as long as the host reuses this very report.
    var stamp: UInt64 = 0

    init(_ items: [JSONValue], manifest: PluginManifest, stamp: UInt64 = 0) {
        self.stamp = stamp
        for item in items {
            if let found = PluginMessages.finding(item, manifest: manifest) {
                findings.append(found)
            } else {
                invalid += 1
            }
        }
    }

    init() {}
}

/// Per-tool findings one plugin process reported, by tool hash. Bounded: when full it starts
/// afresh (tools then go in full once more, which is always correct).
final class ToolFindingsMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: ToolFindings] = [:]
    private let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    /// The findings held for each of `hashes`, nil where unknown.
    func known(_ hashes: [String]) -> [ToolFindings?] {
        lock.withLock { hashes.map { entries[$0] } }
    }

    func record(_ updates: [String: ToolFindings]) {
        guard !updates.isEmpty else { return }
        lock.withLock {
            if entries.count + updates.count > capacity { entries.removeAll(keepingCapacity: true) }
            entries.reserveCapacity(entries.count + updates.count)
            entries.merge(updates) { $1 }
        }
    }

    /// After a settings change: findings computed under the old settings are stale.
    func clear() {
        lock.withLock { entries.removeAll() }
    }

    var count: Int { lock.withLock { entries.count } }
}

/// A plugin's findings for one document: those kept, and how many were dropped (no message, or
/// a pointer that is malformed or names nothing in the document).
struct AnalyzeOutcome: Sendable {
    var kept: [Finding]
    var rejected: Int
}

extension PluginProcess {
    /// One `document/analyze`. With `toolHashes`, each tool's findings (new or remembered, the
    /// latter already parsed) come in document order, then the plugin's document-level ones,
    /// as over the plain protocol.
    func analyze(_ request: AnalyzeRequest, timeoutMs: Int) async -> Result<AnalyzeOutcome, PluginFailure> {
        let withText = wantsDocumentText
        let document = request.document
        guard toolHashes else {
            let result = await self.request(
                "document/analyze", encodedParams: request.encoded(withText: withText), timeoutMs: timeoutMs)
            return result.map {
                let (kept, rejected) = PluginMessages.findings(from: $0, manifest: manifest, document: document)
                return AnalyzeOutcome(kept: kept, rejected: rejected)
            }
        }
        let tools = request.tools
        let hashes = tools.map(\.hash)
        var known = toolMemory.known(hashes)
        while true {
            let sent = known
            let bytes = request.encoded(withText: withText, hashes: true) { sent[$0] != nil }
            let result = await self.request("document/analyze", encodedParams: bytes, timeoutMs: timeoutMs)
            switch result {
            case .failure(.error(let code, _))
            where code == ToolHashes.unknownToolHashCode && sent.contains(where: { $0 != nil }):
                // The plugin dropped tools the host thought it had: send them all in full.
                toolMemory.clear()
                known = Array(repeating: nil, count: hashes.count)
                continue
            case .failure(let failure):
                return .failure(failure)
            case .success(let value):
                return .success(assemble(value, request: request, hashes: hashes, sent: sent))
            }
        }
    }

    private func assemble(
        _ value: JSONValue, request: AnalyzeRequest, hashes: [String], sent: [ToolFindings?]
    ) -> AnalyzeOutcome {
        let document = request.document
        var reported: [String: ToolFindings] = [:]
        for member in value["toolFindings"]?.objectMembers ?? [] {
            reported[member.key] = ToolFindings(
                member.value.arrayValue ?? [], manifest: manifest, stamp: toolChecks.newStamp())
        }
        let tools = request.tools
        // Per tool, what resolved in this very text last time (an unchanged document is not
        // checked pointer by pointer again). Needed only for tools without a source id (YAML,
        // text with syntax errors): the others are served by `toolChecks`.
        let byText = tools.contains { $0.sourceID == nil }
        let checked = byText ? validations.lookup(document) ?? [:] : [:]
        var validated: [String: ToolFindings] = [:]
        if byText { validated.reserveCapacity(hashes.count) }
        var outcome = AnalyzeOutcome(kept: [], rejected: 0)
        var updates: [String: ToolFindings] = [:]
        func resolve(_ found: ToolFindings) -> ToolFindings {
            var kept = found
            kept.findings.removeAll { document.tree.node(at: $0.pointer) == nil }
            kept.invalid += found.findings.count - kept.findings.count
            return kept
        }
        // Per tool, what resolved in an earlier version where the tool had this same text at
        // this same place (a one-tool edit re-checks that tool alone).
        func resolve(_ found: ToolFindings, of tool: EncodedTool) -> ToolFindings {
            guard let source = tool.sourceID else { return resolve(found) }
            if let reused = toolChecks.lookup(source: source, stamp: found.stamp) { return reused }
            let kept = resolve(found)
            toolChecks.record(source: source, tool: tool.pointer, found: found, kept: kept)
            return kept
        }
        for (index, hash) in hashes.enumerated() {
            let resolved: ToolFindings
            if let fresh = reported[hash] {
                updates[hash] = fresh
                resolved = resolve(fresh, of: tools[index])
            } else if let remembered = sent[index] {
                // The same report, not one the plugin replaced since (after a settings change).
                let same = checked[hash].flatMap { $0.stamp == remembered.stamp ? $0 : nil }
                resolved = same ?? resolve(remembered, of: tools[index])
            } else {
                // Sent in full and not mentioned: the tool has no findings of its own.
                updates[hash] = ToolFindings()
                resolved = ToolFindings()
            }
            if byText { validated[hash] = resolved }
            outcome.kept += resolved.findings
            outcome.rejected += resolved.invalid
        }
        toolMemory.record(updates)
        let documentLevel = resolve(ToolFindings(value["findings"]?.arrayValue ?? [], manifest: manifest))
        outcome.kept += documentLevel.findings
        outcome.rejected += documentLevel.invalid
        if byText { validations.record(document, validated) }
        return outcome
    }
}

/// Per tool source (`EncodedTool.sourceID`), the findings of one report (`ToolFindings.stamp`)
/// that resolved in that tool's text, for reports whose every pointer lies within the tool: only
/// then does the check depend on nothing but the tool's own text. Bounded: when full it starts
/// afresh.
final class ToolChecks: @unchecked Sendable {
    private let lock = NSLock()
    private var checked: [UInt64: ToolFindings] = [:]
    private var lastStamp: UInt64 = 0
    private let capacity: Int

    init(capacity: Int = 8192) { self.capacity = capacity }

    func newStamp() -> UInt64 {
        lock.withLock {
            lastStamp += 1
            return lastStamp
        }
    }

    func lookup(source: UInt64, stamp: UInt64) -> ToolFindings? {
        lock.withLock {
            guard let entry = checked[source], entry.stamp == stamp else { return nil }
            return entry
        }
    }

    func record(source: UInt64, tool: JSONPointer, found: ToolFindings, kept: ToolFindings) {
        guard found.stamp != 0, found.findings.allSatisfy({ $0.pointer.tokens.starts(with: tool.tokens) }) else {
            return
        }
        lock.withLock {
            if checked.count >= capacity { checked.removeAll(keepingCapacity: true) }
            checked[source] = kept
        }
    }
}

/// Per tool hash, the findings of one plugin process that resolved in the text they were last
/// checked against, so that an unchanged document does not have every pointer resolved again.
final class ValidatedText: @unchecked Sendable {
    private let lock = NSLock()
    private var uri = ""
    private var bytes: [UInt8] = []
    private var validated: [String: ToolFindings] = [:]

    /// The checked findings when `document` has the text they were checked against.
    func lookup(_ document: SourceDocument) -> [String: ToolFindings]? {
        lock.withLock {
            guard uri == document.uri, bytes.count == document.bytes.count else { return nil }
            let same =
                bytes.isEmpty
                || bytes.withUnsafeBytes { a in
                    document.bytes.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
                }
            return same ? validated : nil
        }
    }

    func record(_ document: SourceDocument, _ findings: [String: ToolFindings]) {
        lock.withLock {
            uri = document.uri
            bytes = document.bytes
            validated = findings
        }
    }
}
