import JSON

/// Limits for every step of talking to a server, in seconds.
public struct MCPTimeouts: Sendable, Hashable {
    /// Start-up plus the `initialize` round trip (Python servers take a second or two to start).
    public var initialize: Double
    /// Any later request, per page for `tools/list`.
    public var request: Double
    /// How long a stdio server gets to exit after its stdin is closed, before SIGTERM.
    public var exitAfterClose: Double
    /// How long after SIGTERM before SIGKILL.
    public var exitAfterTerminate: Double

    public init(
        initialize: Double = 30, request: Double = 30, exitAfterClose: Double = 2, exitAfterTerminate: Double = 2
    ) {
        self.initialize = initialize
        self.request = request
        self.exitAfterClose = exitAfterClose
        self.exitAfterTerminate = exitAfterTerminate
    }
}

/// One way of carrying JSON-RPC to a server (stdio pipes, Streamable HTTP).
protocol MCPChannel: AnyObject, Sendable {
    /// Sends a request and waits for its response, throwing `MCPClientError`.
    func request(_ method: String, params: JSONValue?, timeout: Double) async throws -> JSONValue
    func notify(_ method: String, params: JSONValue?) async throws
}

/// The protocol steps shared by every transport.
enum MCPSession {
    /// `initialize`, version check, then `notifications/initialized`.
    /// `negotiated` runs before `notifications/initialized` is sent (HTTP puts the version in a header).
    static func handshake(
        _ channel: any MCPChannel, timeout: Double, negotiated: (String) -> Void = { _ in }
    ) async throws -> MCPServerInfo {
        let result = try await channel.request(
            "initialize", params: MCPProtocol.initializeParams(version: MCPProtocol.latestVersion), timeout: timeout)
        let info = try MCPServerInfo(result: result)
        negotiated(info.protocolVersion)
        try await channel.notify("notifications/initialized", params: nil)
        return info
    }

    /// Every page of `tools/list`. A cursor seen twice means the server loops; we stop there
    /// rather than ask forever.
    static func listTools(_ channel: any MCPChannel, timeout: Double, maxPages: Int = 1000) async throws
        -> MCPToolList
    {
        var list = MCPToolList(tools: [], pages: [])
        var cursor: String?
        var seen: Set<String> = []
        repeat {
            let params: JSONValue? = cursor.map { ["cursor": .string($0)] }
            let page = try await channel.request("tools/list", params: params, timeout: timeout)
            guard let tools = page["tools"]?.arrayValue else {
                throw MCPClientError.protocolViolation("tools/list result has no \"tools\" array")
            }
            list.pages.append(page)
            list.tools.append(contentsOf: tools)
            cursor = page["nextCursor"]?.stringValue
            if let next = cursor {
                guard seen.insert(next).inserted, list.pages.count < maxPages else {
                    throw MCPClientError.protocolViolation(
                        "tools/list pagination repeats cursor \(JSONValue.quoted(next))")
                }
            }
        } while cursor != nil
        return list
    }
}
