import Analysis
import Foundation
import JSON
import LiveMCP
import Plugins
import SourceDocument

/// MCP config documents (`.mcp.json`, `claude_desktop_config.json`, `.vscode/mcp.json`, …):
/// their servers are started in the background, off the message loop, and the tools they list
/// are checked like a tool file. Fetches start on open, on save, when the workspace becomes
/// trusted and on `toolwright.refreshMCPServers`, never on a keystroke; an entry's result is
/// kept by `LiveMCPKey`, so only entries that changed need a new fetch.
extension LanguageServer {
    static func isMCPConfig(_ uri: String) -> Bool { MCPConfigReader.isConfigFile(uri: uri) }

    /// The snapshot for the analysis of `uri` (nil for other documents). Called on the state
    /// queue when an analysis is scheduled to run.
    func liveMCPSnapshot(_ uri: String) -> LiveMCPSnapshot? {
        guard Self.isMCPConfig(uri), let doc = documents[uri] else { return nil }
        let root = liveMCPRoot(uri)
        let trusted = liveMCPTrust().isTrusted(root)
        let startable = trusted && settings.liveMCP
        // The first analysis after opening, and the first after trust was granted (or the
        // setting turned on), fetch.
        if doc.analyzed == nil || (startable && liveMCP.startableAtLastAnalysis[uri] == false) {
            liveMCP.requested.insert(uri)
        }
        liveMCP.startableAtLastAnalysis[uri] = startable
        return LiveMCPSnapshot(
            results: liveMCP.results, inFlight: liveMCP.inFlight, enabled: settings.liveMCP, trusted: trusted,
            root: root, cwd: URL(string: uri).flatMap { $0.isFileURL ? $0.deletingLastPathComponent().path : nil })
    }

    /// Trust as the user gave it: the client's `trustedWorkspaces` and the trust store, never a
    /// workspace's own `.toolwright.yaml` (a repository must not be able to trust itself).
    func liveMCPTrust() -> WorkspaceTrust {
        var user = options.defaults
        user.merge(clientSettings)
        return WorkspaceTrust(trustedRoots: user.trustedWorkspaces)
    }

    /// The workspace folder holding the document, else the document's folder.
    func liveMCPRoot(_ uri: String) -> String {
        let path = URL(string: uri).map(\.path) ?? uri
        let folders = workspaceFolders.compactMap { URL(string: $0)?.path }
            .filter { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        if let folder = folders.max(by: { $0.count < $1.count }) { return folder }
        return (path as NSString).deletingLastPathComponent
    }

    /// `didSave` of a config document: fetch every entry again (the servers may have changed).
    func liveMCPSaved(_ uri: String) {
        guard Self.isMCPConfig(uri), documents[uri] != nil else { return }
        liveMCP.forced.insert(uri)
        schedule(uri, delay: 0, cascade: false)
    }

    /// `toolwright.refreshMCPServers`: fetch again, then run `done` once the document shows the
    /// new results.
    func liveMCPRefresh(_ uri: String, done: @escaping @Sendable () -> Void) {
        liveMCP.forced.insert(uri)
        liveMCP.awaiting[uri, default: ([], [])].done.append(done)
        schedule(uri, delay: 0, cascade: false)
    }

    /// Called after every kept analysis: starts the fetches the document asked for.
    func liveMCPAnalysisFinished(_ uri: String) {
        guard let mcp = documents[uri]?.analyzed?.mcp else { return }
        let force = liveMCP.forced.remove(uri) != nil
        let requested = liveMCP.requested.remove(uri) != nil || force
        var started: Set<String> = []
        if requested && mcp.trusted {
            for (index, entry) in mcp.entries.enumerated() {
                let wanted: Bool
                switch entry.state {
                case .notFetched: wanted = true
                case .listed, .failed: wanted = force
                case .fetching, .untrusted, .off, .disabled: wanted = false
                }
                if wanted && !liveMCP.inFlight.contains(entry.key) { fetch(entry.entry, key: entry.key, cwd: mcp.cwd) }
                // Shown at once (lenses read this state); the diagnostics do not change.
                if wanted && entry.state == .notFetched {
                    documents[uri]?.analyzed?.mcp?.entries[index].state = .fetching
                }
                if wanted || entry.state == .fetching { started.insert(entry.key) }
            }
        }
        // A fetch that ended while this analysis ran (started for another document) is shown now.
        if mcp.entries.contains(where: { $0.state == .fetching && !liveMCP.inFlight.contains($0.key) }) {
            schedule(uri, delay: 0, cascade: false)
        }
        var awaiting = liveMCP.awaiting[uri] ?? ([], [])
        awaiting.keys.formUnion(started.intersection(liveMCP.inFlight))
        if awaiting.keys.isEmpty {
            liveMCP.awaiting[uri] = nil
            // After this analysis is published (the caller publishes next).
            for done in awaiting.done { queue.async(execute: done) }
        } else {
            liveMCP.awaiting[uri] = awaiting
        }
    }

    private func fetch(_ entry: MCPServerEntry, key: String, cwd: String?) {
        liveMCP.inFlight.insert(key)
        if var progress = liveMCP.progress {
            progress.total += 1
            liveMCP.progress = progress
        } else if let token = beginProgress("Toolwright: MCP servers", message: "Listing tools of \(entry.name)") {
            liveMCP.progress = (token, 1, 0)
        }
        let seconds = settings.mcpTimeoutSeconds
        let timeouts = MCPTimeouts(initialize: seconds, request: seconds)
        let start: () -> Void = { [self] in
            Task.detached { [self] in
                let clock = ContinuousClock()
                let began = clock.now
                let spawned = liveMCP.spawned
                let result = await Self.list(entry, key: key, cwd: cwd, timeouts: timeouts) {
                    spawned.insert(key, $0)
                }
                spawned.remove(key)
                let took = clock.now - began
                queue.async {
                    if case .listed(let list) = result {
                        self.log(.info, "MCP server \(entry.name): \(list.tools.count) tools listed in \(took)")
                    }
                    self.fetched(key, result)
                }
            }
        }
        if liveMCP.running < liveMCP.maxConcurrent {
            liveMCP.running += 1
            start()
        } else {
            liveMCP.queued.append((key, start))
        }
    }

    /// Connects, lists and writes the tool list file; every failure becomes a message.
    private static func list(
        _ entry: MCPServerEntry, key: String, cwd: String?, timeouts: MCPTimeouts,
        onSpawn: @escaping @Sendable (Int32) -> Void
    ) async -> LiveEntryResult {
        do {
            let listing = try await MCPConnector.listTools(
                for: entry, cwd: cwd, timeouts: timeouts, closeInBackground: true, onSpawn: onSpawn)
            let presented = entry.prefixing.presentedTools(listing.tools.tools, server: entry.name)
            let file = LiveMCPKey.file(for: key, server: entry.name)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            let rawText = listing.tools.result.serialized(.pretty)
            try Data(rawText.utf8).write(to: file, options: .atomic)
            return .listed(
                LiveToolList(
                    serverName: listing.serverInfo.name, serverVersion: listing.serverInfo.version,
                    tools: listing.tools.tools, rawText: rawText,
                    presentedText: JSONValue.object([JSONMember("tools", .array(presented))]).serialized(.pretty),
                    fileURI: file.absoluteString, path: file.path))
        } catch let error as MCPClientError {
            return .failed(error.description)
        } catch {
            return .failed("\(error)")
        }
    }

    private func fetched(_ key: String, _ result: LiveEntryResult) {
        liveMCP.results[key] = result
        liveMCP.inFlight.remove(key)
        liveMCP.running -= 1
        if !liveMCP.queued.isEmpty {
            liveMCP.running += 1
            liveMCP.queued.removeFirst().start()
        }
        if var progress = liveMCP.progress {
            progress.done += 1
            if liveMCP.inFlight.isEmpty {
                endProgress(progress.token)
                liveMCP.progress = nil
            } else {
                reportProgress(progress.token, percentage: progress.done * 100 / max(progress.total, 1))
                liveMCP.progress = progress
            }
        }
        if case .failed(let message) = result { log(.warning, "MCP server failed: \(message)") }
        guard phase == .running else { return }
        // Every open config document with this entry shows the result; one still waiting for
        // other entries is re-analysed too, so each server appears as soon as it answers.
        for (uri, doc) in documents where doc.analyzed?.mcp?.entries.contains(where: { $0.key == key }) == true {
            liveMCP.awaiting[uri]?.keys.remove(key)
            schedule(uri, delay: 0, cascade: false)
        }
        // A refresh of a document closed meanwhile is answered anyway.
        for (uri, awaiting) in liveMCP.awaiting where documents[uri] == nil {
            liveMCP.awaiting[uri] = nil
            for done in awaiting.done { done() }
        }
    }
}
