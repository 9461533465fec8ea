import Foundation
import JSON
import LiveMCP
import Tokenizer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What fetching one configured server gave.
enum LiveEntryResult: Sendable {
    case listed(LiveToolList)
    /// The complete message (with the tail of the server's standard error).
    case failed(String)
}

/// One server's fetched tools, with the file the command opens.
struct LiveToolList: Sendable {
    /// `serverInfo.name` / `version` from `initialize`.
    var serverName: String
    var serverVersion: String?
    /// Every tool as the server sent it.
    var tools: [JSONValue]
    /// The tools/list result as received (the file's content).
    var rawText: String
    /// `{"tools": [...]}` with the names the client shows (prefixed), for set-level rules.
    var presentedText: String
    /// The tools/list result as received, written to disk: the document `toolwright.openMCPToolList`
    /// shows and the target of the diagnostics' related locations.
    var fileURI: String
    var path: String
}

/// Live MCP state of the server, touched only on its state queue.
final class LiveMCPDocuments {
    /// Results by entry key (`LiveMCPKey`): an unchanged entry keeps its result across edits,
    /// closes and re-opens.
    var results: [String: LiveEntryResult] = [:]
    /// Keys being fetched now.
    var inFlight: Set<String> = []
    /// Fetches waiting for a free slot (at most `maxConcurrent` servers start at once).
    var queued: [(key: String, start: () -> Void)] = []
    var running = 0
    let maxConcurrent = 3
    /// Config documents whose next analysis starts the fetches it finds missing.
    var requested: Set<String> = []
    /// Config documents whose next analysis re-fetches every entry (save, refresh command).
    var forced: Set<String> = []
    /// Per document: the keys it is waiting for, and what to run once they are all in.
    var awaiting: [String: (keys: Set<String>, done: [@Sendable () -> Void])] = [:]
    /// Per document: whether servers could start (trusted, `liveMCP` on) at its last analysis;
    /// a change to true starts the fetches.
    var startableAtLastAnalysis: [String: Bool] = [:]
    /// Process groups of stdio servers being fetched, stopped when the language server exits.
    let spawned = SpawnedServers()
    /// One progress token for all fetches in flight.
    var progress: (token: JSONValue, total: Int, done: Int)?
}

/// Everything a config document's analysis needs from the state queue.
struct LiveMCPSnapshot: Sendable {
    var results: [String: LiveEntryResult]
    var inFlight: Set<String>
    /// `liveMCP` setting.
    var enabled: Bool
    var trusted: Bool
    /// The workspace root that must be trusted.
    var root: String
    /// Where stdio servers without `cwd` run: the config file's folder.
    var cwd: String?
}

/// Identifies a server entry by everything that changes what it lists.
enum LiveMCPKey {
    static func of(_ entry: MCPServerEntry, cwd: String?) -> String {
        var parts = [entry.name, entry.prefixing.rawValue, cwd ?? ""]
        switch entry.transport {
        case .stdio(let command, let arguments, let environment, let entryCwd):
            parts += ["stdio", command, entryCwd ?? ""] + arguments
            parts += environment.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }
        case .http(let url, let headers), .sse(let url, let headers):
            parts += ["http", url] + headers.sorted { $0.key < $1.key }.map { $0.key + ": " + $0.value }
        }
        return SHA256.hex(Array(parts.joined(separator: "\u{0}").utf8))
    }

    /// `<temp>/toolwright-mcp/<key>/<server>.tools.json`: named after the server so the
    /// editor's tab says which one it is.
    static func file(for key: String, server: String) -> URL {
        let safe = String(
            server.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": Character(scalar)
                default: "_"
                }
            })
        return FileManager.default.temporaryDirectory.appendingPathComponent("toolwright-mcp")
            .appendingPathComponent(String(key.prefix(16)))
            .appendingPathComponent((safe.isEmpty ? "server" : safe) + ".tools.json")
    }
}

/// Stdio servers being fetched, by entry key: written by the fetch tasks, read at exit.
final class SpawnedServers: @unchecked Sendable {
    private let lock = NSLock()
    private var groups: [String: Int32] = [:]

    func insert(_ key: String, _ pid: Int32) { lock.withLock { groups[key] = pid } }
    func remove(_ key: String) { lock.withLock { _ = groups.removeValue(forKey: key) } }

    /// SIGTERM to every group still being fetched (its own fetch then fails and reaps it; if
    /// we exit first, init does). Only groups whose fetch is running are signalled, so a
    /// process id is never reused meanwhile: the fetch reaps its server before it ends.
    func terminateAll() {
        for pid in lock.withLock({ Array(groups.values) }) where pid > 0 { kill(-pid, SIGTERM) }
    }
}
