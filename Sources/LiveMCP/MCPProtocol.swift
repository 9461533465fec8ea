import JSON

/// Protocol revisions this client can speak, newest first. The handshake offers the first;
/// a server may answer with any other it prefers, and we accept it if it is listed here.
public enum MCPProtocol {
    public static let latestVersion = "2025-11-25"
    public static let supportedVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
    public static let clientName = "toolwright"
    public static let clientVersion = "0.1.0"

    /// `initialize` params: we ask for no client capabilities because we only list tools.
    static func initializeParams(version: String) -> JSONValue {
        [
            "protocolVersion": .string(version),
            "capabilities": [:],
            "clientInfo": ["name": .string(clientName), "version": .string(clientVersion)],
        ]
    }
}

/// What the server said in answer to `initialize`.
public struct MCPServerInfo: Sendable, Hashable {
    /// The negotiated protocol version.
    public var protocolVersion: String
    /// `serverInfo.name`, or "" when the server sent none.
    public var name: String
    public var version: String?
    public var capabilities: JSONValue
    public var instructions: String?
    /// The whole `initialize` result as received.
    public var raw: JSONValue

    /// True when the server declared `capabilities.tools.listChanged`.
    public var announcesToolListChanges: Bool { capabilities["tools"]?["listChanged"]?.boolValue == true }

    init(result: JSONValue) throws(MCPClientError) {
        guard case .object = result else {
            throw .protocolViolation("initialize result is \(result.typeName), not an object")
        }
        guard let version = result["protocolVersion"]?.stringValue else {
            throw .protocolViolation("initialize result has no string \"protocolVersion\"")
        }
        guard MCPProtocol.supportedVersions.contains(version) else {
            throw .unsupportedProtocolVersion(
                server: version, supported: MCPProtocol.supportedVersions)
        }
        protocolVersion = version
        name = result["serverInfo"]?["name"]?.stringValue ?? ""
        self.version = result["serverInfo"]?["version"]?.stringValue
        capabilities = result["capabilities"] ?? [:]
        instructions = result["instructions"]?.stringValue
        raw = result
    }
}

/// All pages of `tools/list`, joined.
public struct MCPToolList: Sendable, Hashable {
    /// Every tool object as received, in order, across pages.
    public var tools: [JSONValue]
    /// Each page's `tools/list` result exactly as received (key order kept).
    public var pages: [JSONValue]

    /// A single `tools/list` result holding every tool: the shape `DialectDetector` reads as MCP.
    public var result: JSONValue { ["tools": .array(tools)] }

    /// Tool names in order (tools without a string name are skipped).
    public var names: [String] { tools.compactMap { $0["name"]?.stringValue } }
}
