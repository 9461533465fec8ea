import JSON

/// How an MCP client shows a server's tools to the model. Set-level rules (name length,
/// collisions across servers) should judge the names as presented, not as the server sent them.
public enum ClientPrefixing: String, Sendable, Hashable, CaseIterable {
    /// Claude Code: `mcp__<server>__<tool>`, with characters outside `[A-Za-z0-9_-]` in either
    /// part replaced by `_`.
    case claudeCode
    /// Clients that join with one underscore: `<server>_<tool>`.
    case serverUnderscore
    /// The tool name as the server sent it.
    case none

    public func presentedName(server: String, tool: String) -> String {
        switch self {
        case .claudeCode: "mcp__" + Self.normalized(server) + "__" + Self.normalized(tool)
        case .serverUnderscore: server + "_" + tool
        case .none: tool
        }
    }

    /// The tools with each `name` replaced by its presented form (other members and their
    /// order untouched), ready for the same rules as any tools/list result.
    public func presentedTools(_ tools: [JSONValue], server: String) -> [JSONValue] {
        tools.map { tool in
            guard case .object(var members) = tool,
                let index = members.firstIndex(where: { $0.key == "name" }),
                let name = members[index].value.stringValue
            else { return tool }
            members[index].value = .string(presentedName(server: server, tool: name))
            return .object(members)
        }
    }

    /// The convention of the client a config file belongs to.
    public static func forConfig(_ shape: MCPConfigShape) -> ClientPrefixing {
        switch shape {
        case .claudeCodeProject, .claudeCodeUser: .claudeCode
        case .claudeDesktop, .cursor, .mcpServers, .vsCode, .vsCodeSettings: .serverUnderscore
        }
    }

    private static func normalized(_ part: String) -> String {
        String(
            part.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "_", "-": Character(scalar)
                default: "_"
                }
            })
    }
}
