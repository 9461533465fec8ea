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
    /// Changes whenever an entry is replaced or dropped (not when one is added): while it
    /// stays the same, every hash maps to what it mapped to before.
    private var _generation: UInt64 = 0

    init(capacity: Int = 4096) { self.capacity = capacity }

    /// The findings held for `hashes[i]` where `wanted[i]`, nil there when unknown and
    /// elsewhere.
    func known(_ hashes: [String], where wanted: [Bool]) -> [ToolFindings?] {
        lock.withLock { hashes.indices.map { wanted[$0] ? entries[hashes[$0]] : nil } }
    }

    var generation: UInt64 { lock.withLock { _generation } }

    /// Records `updates` and returns the generation after them, or nil when the memory was
    /// replaced or dropped (by this call or anyone else's) since `generation` `since`.
    @discardableResult
    func record(_ updates: [String: ToolFindings], since: UInt64? = nil) -> UInt64? {
        lock.withLock {
            let unchanged = since == _generation
            if !updates.isEmpty {
                if entries.count + updates.count > capacity {
                    entries.removeAll(keepingCapacity: true)
                    _generation += 1
                }
                entries.reserveCapacity(entries.count + updates.count)
                for (hash, found) in updates where entries.updateValue(found, forKey: hash) != nil {
                    _generation += 1
                }
            }
            return unchanged && since == _generation ? _generation : nil
        }
    }

    /// After a settings change: findings computed under the old settings are stale.
    func clear() {
        lock.withLock {
            entries.removeAll()
            _generation += 1
        }
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
                "document/analyze", encodedParams: request.encoded(for: manifest.id, withText: withText),
                timeoutMs: timeoutMs)
            return result.map {
                let (kept, rejected) = PluginMessages.findings(from: $0, manifest: manifest, document: document)
                return AnalyzeOutcome(kept: kept, rejected: rejected)
            }
        }
        let tools = request.tools
        let hashes = tools.map(\.hash)
        var plan = ReusePlan(tools: tools, hashes: hashes, last: lastAnswers.take(document.uri), memory: toolMemory)
        while true {
            let sent = plan.sent
            let bytes = request.encoded(for: manifest.id, withText: withText, hashes: true) { sent[$0] != nil }
            let result = await self.request("document/analyze", encodedParams: bytes, timeoutMs: timeoutMs)
            switch result {
            case .failure(.error(let code, _))
            where code == ToolHashes.unknownToolHashCode && sent.contains(where: { $0 != nil }):
                // The plugin dropped tools the host thought it had: send them all in full.
                toolMemory.clear()
                plan = ReusePlan(everythingInFull: tools.count, generation: toolMemory.generation)
                continue
            case .failure(let failure):
                return .failure(failure)
            case .success(let value):
                return .success(assemble(value, request: request, hashes: hashes, plan: plan))
            }
        }
    }

    private func assemble(
        _ value: JSONValue, request: AnalyzeRequest, hashes: [String], plan: ReusePlan
    ) -> AnalyzeOutcome {
        let document = request.document
        let tools = request.tools
        var reported: [(hash: String, found: ToolFindings)] = []
        for member in value["toolFindings"]?.objectMembers ?? [] {
            reported.append(
                (
                    member.key,
                    ToolFindings(member.value.arrayValue ?? [], manifest: manifest, stamp: toolChecks.newStamp())
                ))
        }
        // Which tool each report is about: a scan for the few of an edit, a table for many.
        var freshIndex = [Int](repeating: -1, count: tools.count)
        if reported.count <= 8 {
            for (r, entry) in reported.enumerated() {
                for index in hashes.indices where hashes[index] == entry.hash { freshIndex[index] = r }
            }
        } else {
            var byHash: [String: Int] = [:]
            for (r, entry) in reported.enumerated() { byHash[entry.hash] = r }
            for index in hashes.indices { freshIndex[index] = byHash[hashes[index]] ?? -1 }
        }
        let documentLevel = resolved(
            ToolFindings(value["findings"]?.arrayValue ?? [], manifest: manifest), in: document)
        // An unchanged document whose findings all stay within their tools: the last list.
        if let last = plan.last, plan.sameCount == tools.count, last.tools.count == tools.count, reported.isEmpty,
            last.allLocal
        {
            var outcome = last.outcome
            // Taken for this request (see `LastAnswers.take`): nothing in it changed.
            lastAnswers.record(document.uri, last)
            // Appending nothing would still copy the shared list.
            if !documentLevel.findings.isEmpty { outcome.kept += documentLevel.findings }
            outcome.rejected += documentLevel.invalid
            return outcome
        }
        // Per tool, what resolved in this very text last time (an unchanged document is not
        // checked pointer by pointer again). Needed only for tools without a source id (YAML,
        // text with syntax errors): the others are served by `toolChecks` and `plan.last`.
        let byText = tools.contains { $0.sourceID == nil }
        let checked = byText ? validations.lookup(document) ?? [:] : [:]
        var updates: [String: ToolFindings] = [:]
        // Per tool, what resolved in an earlier version where the tool had this same text at
        // this same place (a one-tool edit re-checks that tool alone).
        func resolve(_ found: ToolFindings, of tool: EncodedTool) -> ToolFindings {
            guard let source = tool.sourceID else { return self.resolved(found, in: document) }
            if let reused = toolChecks.lookup(source: source, stamp: found.stamp) { return reused }
            let kept = self.resolved(found, in: document)
            if Self.isLocal(found, to: tool) { toolChecks.record(source: source, kept: kept) }
            return kept
        }
        /// Tool `index`: the report used, its findings that resolve, and whether those hold for
        /// any version with this same tool object.
        func entry(_ index: Int) -> (report: ToolFindings, resolved: ToolFindings, local: Bool) {
            let hash = hashes[index]
            if freshIndex[index] >= 0 {
                let report = reported[freshIndex[index]].found
                updates[hash] = report
                let resolved = resolve(report, of: tools[index])
                return (report, resolved, Self.isLocal(report, to: tools[index]))
            }
            if let remembered = plan.sent[index] {
                if plan.same[index], let last = plan.last, last.local[index] {
                    // The very tool of the last answer, with the very report: what resolved then.
                    return (remembered, last.kept[index], true)
                }
                // The same report, not one the plugin replaced since (after a settings change).
                let same = checked[hash].flatMap { $0.stamp == remembered.stamp ? $0 : nil }
                let resolved = same ?? resolve(remembered, of: tools[index])
                return (remembered, resolved, Self.isLocal(remembered, to: tools[index]))
            }
            // Sent in full and not mentioned: the tool has no findings of its own.
            updates[hash] = ToolFindings()
            return (ToolFindings(), ToolFindings(), Self.isLocal(ToolFindings(), to: tools[index]))
        }
        let answer: LastAnswer
        if let last = plan.last, !byText, last.tools.count == tools.count {
            // The last answer, patched where this version differs (an edit touches a few
            // tools): taken for this request, so its lists change in place.
            last.patch(tools: tools) { index in
                plan.same[index] && last.local[index] && freshIndex[index] < 0 ? nil : entry(index)
            }
            answer = last
        } else {
            var validated: [String: ToolFindings] = [:]
            if byText { validated.reserveCapacity(hashes.count) }
            var reports: [ToolFindings] = []
            var kept: [ToolFindings] = []
            var local: [Bool] = []
            reports.reserveCapacity(tools.count)
            kept.reserveCapacity(tools.count)
            local.reserveCapacity(tools.count)
            for index in tools.indices {
                let (report, resolved, isLocal) = entry(index)
                if byText { validated[hashes[index]] = resolved }
                reports.append(report)
                kept.append(resolved)
                local.append(isLocal)
            }
            if byText { validations.record(document, validated) }
            answer = LastAnswer(tools: tools, reports: reports, kept: kept, local: local)
        }
        var outcome = answer.outcome
        if let generation = toolMemory.record(updates, since: plan.generation) {
            answer.generation = generation
            lastAnswers.record(document.uri, answer)
        } else {
            lastAnswers.record(document.uri, nil)
        }
        // The list is shared with the last answer now: appending, even nothing, would copy it.
        if !documentLevel.findings.isEmpty { outcome.kept += documentLevel.findings }
        outcome.rejected += documentLevel.invalid
        return outcome
    }

    /// The findings of `found` whose pointer names something in `document`.
    private func resolved(_ found: ToolFindings, in document: SourceDocument) -> ToolFindings {
        var kept = found
        kept.findings.removeAll { document.tree.node(at: $0.pointer) == nil }
        kept.invalid += found.findings.count - kept.findings.count
        return kept
    }

    /// Whether checking `found` depends on nothing but the tool's own text: the tool has a
    /// source id and every pointer lies within it.
    static func isLocal(_ found: ToolFindings, to tool: EncodedTool) -> Bool {
        tool.sourceID != nil && found.findings.allSatisfy { $0.pointer.tokens.starts(with: tool.pointer.tokens) }
    }
}

/// For one request under `toolHashes`: which tools the plugin holds (`sent`, the findings
/// remembered for each) and which are the very tools of the last answer about the document.
struct ReusePlan {
    var sent: [ToolFindings?]
    /// Per tool: the same `EncodedTool` as in `last` at this index, with the memory unchanged
    /// since, so the plugin holds it and its remembered report is `last.reports[index]`.
    var same: [Bool]
    var sameCount = 0
    var last: LastAnswer?
    /// The memory's generation when this plan was made.
    var generation: UInt64

    init(tools: [EncodedTool], hashes: [String], last: LastAnswer?, memory: ToolFindingsMemory) {
        let generation = memory.generation
        self.generation = generation
        let last = last.flatMap { $0.generation == generation ? $0 : nil }
        self.last = last
        same = [Bool](repeating: false, count: tools.count)
        if let last {
            for index in tools.indices where index < last.tools.count && last.tools[index] === tools[index] {
                same[index] = true
                sameCount += 1
            }
        }
        if let last, sameCount == tools.count, last.tools.count == tools.count {
            sent = last.reports.map { $0 }
        } else {
            sent = memory.known(hashes, where: same.map { !$0 })
            if let last {
                for index in tools.indices where same[index] { sent[index] = last.reports[index] }
            }
        }
    }

    init(everythingInFull count: Int, generation: UInt64) {
        sent = Array(repeating: nil, count: count)
        same = Array(repeating: false, count: count)
        self.generation = generation
    }
}

/// What one plugin process was last asked about a document under `toolHashes`, and what came
/// of it, per tool. Mutable, but only by the request that took it from `LastAnswers` (which
/// then holds the sole reference that may change it) before it records it again.
final class LastAnswer: @unchecked Sendable {
    private(set) var tools: [EncodedTool]
    /// Per tool, the report used (new, remembered, or none): what the memory then held.
    private(set) var reports: [ToolFindings]
    /// Per tool, the findings of `reports` that resolved in that version of the document.
    private(set) var kept: [ToolFindings]
    /// Per tool: `kept` holds for any version with this same tool object (see `isLocal`).
    private(set) var local: [Bool]
    private(set) var allLocal: Bool
    /// The memory's generation right after the answer.
    var generation: UInt64 = 0
    /// The per-tool findings in document order.
    private(set) var outcome: AnalyzeOutcome
    /// Per tool, where its findings end in `outcome.kept`.
    private var ends: [Int]

    init(tools: [EncodedTool], reports: [ToolFindings], kept: [ToolFindings], local: [Bool]) {
        self.tools = tools
        self.reports = reports
        self.kept = kept
        self.local = local
        self.allLocal = !local.contains(false)
        var list: [Finding] = []
        var ends: [Int] = []
        var rejected = 0
        ends.reserveCapacity(kept.count)
        // One allocation for the list, not one per growth.
        list.reserveCapacity(kept.reduce(0) { $0 + $1.findings.count })
        for resolved in kept {
            list += resolved.findings
            rejected += resolved.invalid
            ends.append(list.count)
        }
        self.ends = ends
        self.outcome = AnalyzeOutcome(kept: list, rejected: rejected)
    }

    /// Makes this the answer about `tools` (as many as before): `change(index)` gives the new
    /// entry of a tool, or nil where the last one stands. Only changed tools cost more than a
    /// look at their index.
    func patch(
        tools: [EncodedTool],
        _ change: (Int) -> (report: ToolFindings, resolved: ToolFindings, local: Bool)?
    ) {
        var changed: [Int] = []
        var moved = false
        for index in tools.indices {
            guard let (report, resolved, isLocal) = change(index) else { continue }
            outcome.rejected += resolved.invalid - kept[index].invalid
            moved = moved || resolved.findings.count != kept[index].findings.count
            reports[index] = report
            kept[index] = resolved
            local[index] = isLocal
            changed.append(index)
        }
        self.tools = tools
        guard !changed.isEmpty else { return }
        allLocal = !local.contains(false)
        guard changed.count <= 16 else {
            // Many changed (tools moved, or findings that point outside their tool): a new
            // list, not a replacement per tool that may shift the rest each time.
            var list: [Finding] = []
            list.reserveCapacity(kept.reduce(0) { $0 + $1.findings.count })
            for index in kept.indices {
                list += kept[index].findings
                ends[index] = list.count
            }
            outcome.kept = list
            return
        }
        // Last first: a replacement leaves the places of the tools before it as they were.
        for index in changed.reversed() {
            outcome.kept.replaceSubrange((index == 0 ? 0 : ends[index - 1])..<ends[index], with: kept[index].findings)
        }
        if moved {
            var end = 0
            for index in kept.indices {
                end += kept[index].findings.count
                ends[index] = end
            }
        }
    }
}

/// The last answer per document URI for one plugin process. Bounded: when full it starts
/// afresh.
final class LastAnswers: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String: LastAnswer] = [:]
    private let capacity: Int

    init(capacity: Int = 64) { self.capacity = capacity }

    /// The last answer about `uri`, removed: the request that takes it may change it and
    /// records it (or its successor) again; a request about the same document meanwhile finds
    /// none and works without it.
    func take(_ uri: String) -> LastAnswer? { lock.withLock { answers.removeValue(forKey: uri) } }

    func record(_ uri: String, _ answer: LastAnswer?) {
        lock.withLock {
            if answer != nil, answers[uri] == nil, answers.count >= capacity { answers.removeAll() }
            answers[uri] = answer
        }
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

    /// `kept`: a report's findings that resolved in the tool's text, every pointer within the
    /// tool (the caller checks).
    func record(source: UInt64, kept: ToolFindings) {
        guard kept.stamp != 0 else { return }
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
