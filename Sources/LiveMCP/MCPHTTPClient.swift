import Foundation
import JSON

/// A connected MCP server reached over Streamable HTTP.
///
/// ```swift
/// let client = try await MCPHTTPClient.connect(url: URL(string: "http://127.0.0.1:8000/mcp")!)
/// let list = try await client.listTools()
/// await client.close()
/// ```
public final class MCPHTTPClient: @unchecked Sendable {
    public let serverInfo: MCPServerInfo
    public let timeouts: MCPTimeouts
    private let channel: HTTPChannel

    /// The `Mcp-Session-Id` the server assigned at `initialize` (nil for stateless servers).
    public var sessionID: String? { channel.currentSessionID }

    private init(serverInfo: MCPServerInfo, timeouts: MCPTimeouts, channel: HTTPChannel) {
        self.serverInfo = serverInfo
        self.timeouts = timeouts
        self.channel = channel
    }

    /// Performs the handshake. `headers` go on every request (e.g. `Authorization` from a config).
    public static func connect(
        url: URL, headers: [String: String] = [:], timeouts: MCPTimeouts = MCPTimeouts(),
        onToolListChanged: (@Sendable () -> Void)? = nil,
        onNotification: (@Sendable (String, JSONValue?) -> Void)? = nil
    ) async throws -> MCPHTTPClient {
        let channel = HTTPChannel(
            url: url, headers: headers, onToolListChanged: onToolListChanged, onNotification: onNotification)
        do {
            let info = try await MCPSession.handshake(channel, timeout: timeouts.initialize) {
                channel.setProtocolVersion($0)
            }
            return MCPHTTPClient(serverInfo: info, timeouts: timeouts, channel: channel)
        } catch {
            await channel.terminate()
            throw error
        }
    }

    /// `tools/list`, following `nextCursor` until the last page.
    public func listTools() async throws -> MCPToolList {
        try await MCPSession.listTools(channel, timeout: timeouts.request)
    }

    /// Any other request (e.g. `tools/call`); the raw `result`.
    public func request(_ method: String, params: JSONValue? = nil) async throws -> JSONValue {
        try await channel.request(method, params: params, timeout: timeouts.request)
    }

    /// Ends the session with `DELETE` when the server gave one.
    public func close() async {
        await channel.terminate()
    }
}
