import Dispatch

/// When one document's tools change, set-level rules may change the findings of every other
/// open document. Re-checking all of them after each change costs N² analyses when many
/// documents open at once (200 documents: 40,000 analyses), so re-checks are coalesced:
/// a change only records an epoch and requests a cascade; the cascade runs when no analysis
/// is in flight, or `quietPeriod` after the last change (so one slow document cannot hold the
/// others back, while a burst of first analyses still ends in one cascade), and re-checks only
/// the documents whose last analysis predates another document's change.
struct WorkspaceCascade {
    /// Bumped on each change of any document's tools, and on each close of a document with tools.
    var epoch = 0
    /// The epoch of the last close that removed tools from the workspace.
    var removalEpoch = 0
    /// Analyses handed to the analysis queue and not yet back.
    var inFlight = 0
    /// Set while a cascade is requested and has not run yet.
    var deadline: DispatchWorkItem?

    static let quietPeriod = DispatchTimeInterval.milliseconds(250)
}

extension LanguageServer {
    /// Records that `uri`'s tools changed (its analysis just finished with a new signature).
    func toolsChanged(_ uri: String) {
        cascade.epoch += 1
        documents[uri]?.toolsEpoch = cascade.epoch
        requestCascade()
    }

    /// Records that a document with tools was closed.
    func toolsRemoved() {
        cascade.epoch += 1
        cascade.removalEpoch = cascade.epoch
        requestCascade()
    }

    private func requestCascade() {
        cascade.deadline?.cancel()
        let item = DispatchWorkItem { [self] in runCascade() }
        cascade.deadline = item
        queue.asyncAfter(deadline: .now() + WorkspaceCascade.quietPeriod, execute: item)
    }

    /// Called on the message queue after each analysis comes back.
    func analysisReturned(_ uri: String) {
        if cascade.deadline != nil {
            if cascade.inFlight == 0 { runCascade() }
        } else if let doc = documents[uri], doc.pending == nil, isStale(uri, doc) {
            // It was in flight when the last cascade ran, so that cascade skipped it.
            schedule(uri, delay: 0, cascade: false)
        }
    }

    private func runCascade() {
        cascade.deadline?.cancel()
        cascade.deadline = nil
        guard phase == .running else { return }
        // Documents with work pending either have not started (they will see the current
        // workspace) or are in flight (checked again when they come back).
        for (uri, doc) in documents where doc.isCandidate && doc.pending == nil && isStale(uri, doc) {
            schedule(uri, delay: 0, cascade: false)
        }
    }

    /// Whether another document's tools changed after `doc`'s last analysis was started.
    func isStale(_ uri: String, _ doc: OpenDocument) -> Bool {
        guard doc.analyzed != nil else { return false }
        if cascade.removalEpoch > doc.analyzedEpoch { return true }
        return documents.contains { $0.key != uri && $0.value.toolsEpoch > doc.analyzedEpoch }
    }
}
