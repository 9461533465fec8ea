import Foundation
import JSON

/// What one live server returned: the handshake and every tool.
public struct MCPLiveListing: Sendable {
    public var serverInfo: MCPServerInfo
    public var tools: MCPToolList
    /// The server's standard error (stdio servers only).
    public var standardError: String
}

/// Connects to a configured server, lists its tools, and disconnects.
public enum MCPConnector {
    /// - Parameters:
    ///   - cwd: the working directory for stdio servers whose entry has no `cwd` (clients run
    ///     them from the project folder).
    ///   - closeInBackground: after a successful listing, return at once and shut the server
    ///     down on a detached task (the editor shows results without waiting for the exit; the
    ///     process is still stopped and reaped). Failures always wait for the close, whose
    ///     standard error the message carries.
    ///   - onSpawn: see `MCPStdioClient.start`.
    public static func listTools(
        for entry: MCPServerEntry, cwd: String? = nil, timeouts: MCPTimeouts = MCPTimeouts(),
        closeInBackground: Bool = false, onSpawn: (@Sendable (Int32) -> Void)? = nil
    ) async throws -> MCPLiveListing {
        switch entry.transport {
        case .stdio(let command, let arguments, let environment, let entryCwd):
            let client = try await MCPStdioClient.start(
                command: command, arguments: arguments, environment: environment, cwd: entryCwd ?? cwd,
                timeouts: timeouts, onSpawn: onSpawn)
            do {
                let tools = try await client.listTools()
                let standardError = client.standardError
                if closeInBackground {
                    Task.detached { await client.close() }
                } else {
                    await client.close()
                }
                return MCPLiveListing(serverInfo: client.serverInfo, tools: tools, standardError: standardError)
            } catch {
                await client.close()
                throw error
            }
        case .http(let url, let headers):
            guard let endpoint = URL(string: url) else {
                throw MCPClientError.connectionFailed(url: url, reason: "not a valid URL")
            }
            let client = try await MCPHTTPClient.connect(url: endpoint, headers: headers, timeouts: timeouts)
            do {
                let tools = try await client.listTools()
                if closeInBackground {
                    Task.detached { await client.close() }
                } else {
                    await client.close()
                }
                return MCPLiveListing(serverInfo: client.serverInfo, tools: tools, standardError: "")
            } catch {
                await client.close()
                throw error
            }
        case .sse(let url, _):
            throw MCPClientError.connectionFailed(
                url: url, reason: "the legacy HTTP+SSE transport is not supported; use Streamable HTTP")
        }
    }
}
