import Foundation
import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A connected MCP server started as a child process (stdio transport).
///
/// ```swift
/// let client = try await MCPStdioClient.start(command: "mcp-server-time")
/// let list = try await client.listTools()
/// await client.close()
/// ```
public final class MCPStdioClient: @unchecked Sendable {
    /// What the server answered to `initialize` (negotiated version, name, capabilities).
    public let serverInfo: MCPServerInfo
    public let timeouts: MCPTimeouts
    private let channel: StdioChannel

    /// The server's process id (its process group has the same id).
    public var processIdentifier: Int32 { channel.process.pid }
    /// What the server wrote to standard error so far (the last 64 KiB).
    public var standardError: String { channel.stderr.text }

    private init(serverInfo: MCPServerInfo, timeouts: MCPTimeouts, channel: StdioChannel) {
        self.serverInfo = serverInfo
        self.timeouts = timeouts
        self.channel = channel
    }

    /// Starts the server and completes the handshake. On any failure the process is stopped
    /// (stdin closed, SIGTERM, SIGKILL) before the error is thrown, so nothing is left running.
    ///
    /// - Parameters:
    ///   - command: an executable path, or a name looked up on `PATH` (of the server's environment).
    ///   - environment: variables added to (or, with `inheritEnvironment: false`, instead of) ours.
    ///   - cwd: the server's working directory; a relative `command` with a `/` is resolved against it.
    ///   - onToolListChanged: called (on a reader thread) for `notifications/tools/list_changed`.
    ///   - onNotification: called for every notification the server sends.
    ///   - onSpawn: called with the process id (= its process group) as soon as it runs, before
    ///     the handshake, so a host that exits can stop a server that is still starting.
    public static func start(
        command: String, arguments: [String] = [], environment: [String: String] = [:],
        inheritEnvironment: Bool = true, cwd: String? = nil, timeouts: MCPTimeouts = MCPTimeouts(),
        onToolListChanged: (@Sendable () -> Void)? = nil,
        onNotification: (@Sendable (String, JSONValue?) -> Void)? = nil,
        onSpawn: (@Sendable (Int32) -> Void)? = nil
    ) async throws -> MCPStdioClient {
        // A server that dies makes our next write fail with EPIPE; without this the signal
        // would end the whole process (the language server with it).
        signal(SIGPIPE, SIG_IGN)
        var merged = inheritEnvironment ? ProcessInfo.processInfo.environment : [:]
        merged.merge(environment) { _, new in new }
        let process = try ServerProcess(command: command, arguments: arguments, environment: merged, cwd: cwd)
        onSpawn?(process.pid)
        let channel = StdioChannel(
            process: process, onToolListChanged: onToolListChanged, onNotification: onNotification)
        do {
            let info = try await MCPSession.handshake(channel, timeout: timeouts.initialize)
            return MCPStdioClient(serverInfo: info, timeouts: timeouts, channel: channel)
        } catch {
            _ = await channel.shutdown(timeouts)
            throw error
        }
    }

    /// `tools/list`, following `nextCursor` until the last page.
    public func listTools() async throws -> MCPToolList {
        try await withStopOnTimeout { try await MCPSession.listTools(channel, timeout: timeouts.request) }
    }

    /// Any other request (e.g. `tools/call`); the raw `result`.
    public func request(_ method: String, params: JSONValue? = nil) async throws -> JSONValue {
        try await withStopOnTimeout { try await channel.request(method, params: params, timeout: timeouts.request) }
    }

    /// Ends the session: closes stdin, waits, then SIGTERM and SIGKILL as needed.
    @discardableResult
    public func close() async -> ExitStatus {
        await channel.shutdown(timeouts)
    }

    /// A server that stopped answering is not trusted with more requests: stop it.
    private func withStopOnTimeout<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as MCPClientError {
            if case .timeout = error { _ = await channel.shutdown(timeouts) }
            throw error
        }
    }
}
