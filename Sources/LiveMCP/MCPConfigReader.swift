import Foundation
import JSON
import SourceDocument
import ToolModel

/// Which client's config layout a document uses.
public enum MCPConfigShape: String, Sendable, Hashable, CaseIterable {
    /// `.mcp.json` in a project (Claude Code): `{"mcpServers": {...}}`.
    case claudeCodeProject
    /// `~/.claude.json` (Claude Code): `mcpServers` at the top and under `projects.<path>`.
    case claudeCodeUser
    /// `claude_desktop_config.json`: `{"mcpServers": {...}}`.
    case claudeDesktop
    /// `.cursor/mcp.json` or `~/.cursor/mcp.json`: `{"mcpServers": {...}}`.
    case cursor
    /// Any other file with a top-level `mcpServers` object.
    case mcpServers
    /// VS Code `.vscode/mcp.json`: `{"servers": {...}, "inputs": [...]}`.
    case vsCode
    /// VS Code `settings.json`: `{"mcp": {"servers": {...}}}`.
    case vsCodeSettings
}

/// How a configured server is reached.
public enum MCPServerTransport: Sendable, Hashable {
    case stdio(command: String, arguments: [String], environment: [String: String], cwd: String?)
    /// Streamable HTTP (`type` `http` or `streamable-http`, or just a `url`).
    case http(url: String, headers: [String: String])
    /// The legacy HTTP+SSE transport (`type: "sse"`), which `MCPHTTPClient` does not speak.
    case sse(url: String, headers: [String: String])
}

/// One server entry of a config file, with where it is.
public struct MCPServerEntry: Sendable, Hashable {
    /// The key under `mcpServers` / `servers`: the server name clients prefix tools with.
    public var name: String
    /// The entry's value (point diagnostics here, with `preferKey` for the name).
    public var pointer: JSONPointer
    public var transport: MCPServerTransport
    /// `"disabled": true` (Claude, Cursor) or `"enabled": false`.
    public var disabled: Bool
    /// How this config's client presents the server's tool names.
    public var prefixing: ClientPrefixing
}

/// A config document read: its shape (nil when it has no server map), the well-formed
/// entries, and findings for the rest.
public struct MCPConfig: Sendable {
    public var shape: MCPConfigShape?
    public var servers: [MCPServerEntry]
    public var findings: [Finding]
}

/// Reads MCP client config files. Strings are expanded the way the config's client expands
/// them (`MCPVariableSyntax`): what cannot be expanded becomes a finding at the string.
public enum MCPConfigReader {
    /// Rule id of findings about config entries.
    public static let ruleId = "mcp-config"

    /// File names that are MCP configs whatever their content.
    public static func isConfigFile(uri: String) -> Bool {
        shape(forURI: uri) != nil
    }

    public static func read(_ document: SourceDocument, variables: MCPVariableContext = .process()) -> MCPConfig {
        guard let root = document.tree.jsonValue() else { return MCPConfig(shape: nil, servers: [], findings: []) }
        return read(root, uri: document.uri, variables: variables)
    }

    public static func read(_ root: JSONValue, uri: String, variables: MCPVariableContext = .process()) -> MCPConfig {
        var config = MCPConfig(shape: nil, servers: [], findings: [])
        let named = shape(forURI: uri)
        let context = ReadContext(
            variables: variables, workspaceFolder: variables.workspaceFolder ?? projectFolder(uri))
        if root["mcpServers"] != nil {
            let shape: MCPConfigShape = named ?? (root["projects"] != nil ? .claudeCodeUser : .mcpServers)
            config.shape = shape
            readMap(root["mcpServers"]!, at: .root / "mcpServers", shape: shape, context, into: &config)
            if shape == .claudeCodeUser, let projects = root["projects"]?.objectMembers {
                for project in projects {
                    guard let servers = project.value["mcpServers"] else { continue }
                    readMap(
                        servers, at: .root / "projects" / project.key / "mcpServers", shape: shape, context,
                        into: &config)
                }
            }
        } else if root["servers"] != nil {
            config.shape = .vsCode
            readMap(root["servers"]!, at: .root / "servers", shape: .vsCode, context, into: &config)
        } else if let servers = root["mcp"]?["servers"] {
            config.shape = .vsCodeSettings
            readMap(servers, at: .root / "mcp" / "servers", shape: .vsCodeSettings, context, into: &config)
        } else if named != nil {
            config.findings.append(
                finding(
                    "No MCP servers here: expected an object under \"mcpServers\" (Claude, Cursor), "
                        + "\"servers\" (VS Code mcp.json) or \"mcp.servers\" (VS Code settings).", at: .root,
                    severity: .warning))
        }
        return config
    }

    static func shape(forURI uri: String) -> MCPConfigShape? {
        let parts = uri.split(separator: "/").map(String.init)
        guard let file = parts.last else { return nil }
        let folder = parts.count > 1 ? parts[parts.count - 2] : ""
        switch file {
        case ".mcp.json": return .claudeCodeProject
        case ".claude.json": return .claudeCodeUser
        case "claude_desktop_config.json": return .claudeDesktop
        case "mcp.json" where folder == ".cursor": return .cursor
        case "mcp.json" where folder == ".vscode": return .vsCode
        default: return nil
        }
    }

    private struct ReadContext {
        var variables: MCPVariableContext
        var workspaceFolder: String?
    }

    /// The folder a config belongs to: the one holding `.vscode/` or `.cursor/`, else the
    /// file's own folder.
    static func projectFolder(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        let folder = url.deletingLastPathComponent()
        if [".vscode", ".cursor"].contains(folder.lastPathComponent) { return folder.deletingLastPathComponent().path }
        return folder.path
    }

    /// `text` as the config's client would pass it; what cannot be expanded is reported at
    /// `pointer` (an error when the client would ask the user, so the entry is not started).
    private static func expanded(
        _ text: String, at pointer: JSONPointer, _ syntax: MCPVariableSyntax, _ context: ReadContext,
        into config: inout MCPConfig
    ) -> String {
        let expansion = MCPVariables.expand(
            text, syntax: syntax, context: context.variables, workspaceFolder: context.workspaceFolder)
        for message in expansion.errors { config.findings.append(finding(message, at: pointer)) }
        for message in expansion.warnings { config.findings.append(finding(message, at: pointer, severity: .warning)) }
        return expansion.text
    }

    private static func readMap(
        _ map: JSONValue, at pointer: JSONPointer, shape: MCPConfigShape, _ context: ReadContext,
        into config: inout MCPConfig
    ) {
        guard let members = map.objectMembers else {
            config.findings.append(
                finding("The server list must be an object keyed by server name, not \(map.typeName).", at: pointer))
            return
        }
        for member in members {
            let entryPointer = pointer / member.key
            if let entry = readEntry(member.key, member.value, at: entryPointer, shape: shape, context, into: &config) {
                config.servers.append(entry)
            }
        }
    }

    private static func readEntry(
        _ name: String, _ value: JSONValue, at pointer: JSONPointer, shape: MCPConfigShape, _ context: ReadContext,
        into config: inout MCPConfig
    ) -> MCPServerEntry? {
        let syntax = MCPVariableSyntax.forConfig(shape)
        let expand = Expand(syntax: syntax, context: context)
        guard case .object = value else {
            config.findings.append(
                finding("Server \"\(name)\" must be an object, not \(value.typeName).", at: pointer))
            return nil
        }
        let before = config.findings.count
        let type = value["type"]
        if let type, type.stringValue == nil {
            config.findings.append(finding("\"type\" must be a string.", at: pointer / "type"))
        }
        let kind = type?.stringValue
        let headers = stringMap(value["headers"], at: pointer / "headers", expand, into: &config)
        var transport: MCPServerTransport?
        switch (kind, value["command"], value["url"] ?? value["serverUrl"]) {
        case ("stdio", nil, _), (nil, nil, nil):
            config.findings.append(
                finding(
                    "Server \"\(name)\" has neither \"command\" (a local stdio server) nor \"url\" (a remote one).",
                    at: pointer, preferKey: true))
        case (nil, .some(let command), _), ("stdio", .some(let command), _):
            guard let written = command.stringValue, !written.trimmingTrailingWhitespace.isEmpty else {
                config.findings.append(finding("\"command\" must be a non-empty string.", at: pointer / "command"))
                break
            }
            let command = expanded(written, at: pointer / "command", syntax, context, into: &config)
            let arguments = stringList(value["args"], at: pointer / "args", expand, into: &config)
            let environment = stringMap(value["env"], at: pointer / "env", expand, into: &config)
            var cwd: String?
            if let raw = value["cwd"] {
                cwd = raw.stringValue.map { expanded($0, at: pointer / "cwd", syntax, context, into: &config) }
                if cwd == nil { config.findings.append(finding("\"cwd\" must be a string.", at: pointer / "cwd")) }
            }
            transport = .stdio(command: command, arguments: arguments, environment: environment, cwd: cwd)
        case ("http", _, let url), ("streamable-http", _, let url), ("sse", _, let url), (nil, nil, let url):
            let urlPointer = value["url"] != nil ? pointer / "url" : pointer / "serverUrl"
            guard let url, let written = url.stringValue,
                case let text = expanded(written, at: urlPointer, syntax, context, into: &config),
                text.hasPrefix("http://") || text.hasPrefix("https://")
            else {
                let at = value["url"] != nil ? pointer / "url" : pointer
                config.findings.append(
                    finding("Server \"\(name)\" needs a \"url\" starting with http:// or https://.", at: at))
                break
            }
            if kind == "sse" {
                config.findings.append(
                    finding(
                        "Server \"\(name)\" uses the deprecated HTTP+SSE transport; live checks need Streamable HTTP.",
                        at: pointer / "type", severity: .warning))
                transport = .sse(url: text, headers: headers)
            } else {
                transport = .http(url: text, headers: headers)
            }
        case (.some(let other), _, _):
            config.findings.append(
                finding(
                    "Unknown server type \(JSONValue.quoted(other)); expected \"stdio\", \"http\" or \"sse\".",
                    at: pointer / "type"))
        }
        guard let transport, config.findings[before...].allSatisfy({ $0.severity != .error }) else { return nil }
        let disabled = value["disabled"]?.boolValue == true || value["enabled"]?.boolValue == false
        return MCPServerEntry(
            name: name, pointer: pointer, transport: transport, disabled: disabled,
            prefixing: ClientPrefixing.forConfig(shape))
    }

    private struct Expand {
        var syntax: MCPVariableSyntax
        var context: ReadContext
    }

    private static func stringList(
        _ value: JSONValue?, at pointer: JSONPointer, _ expand: Expand, into config: inout MCPConfig
    ) -> [String] {
        guard let value else { return [] }
        guard let items = value.arrayValue else {
            config.findings.append(finding("\"\(pointer.lastToken ?? "")\" must be an array of strings.", at: pointer))
            return []
        }
        var out: [String] = []
        for (index, item) in items.enumerated() {
            if let text = item.stringValue {
                out.append(expanded(text, at: pointer / index, expand.syntax, expand.context, into: &config))
            } else {
                config.findings.append(
                    finding("Argument \(index) must be a string, not \(item.typeName).", at: pointer / index))
            }
        }
        return out
    }

    private static func stringMap(
        _ value: JSONValue?, at pointer: JSONPointer, _ expand: Expand, into config: inout MCPConfig
    ) -> [String: String] {
        guard let value else { return [:] }
        guard let members = value.objectMembers else {
            config.findings.append(
                finding("\"\(pointer.lastToken ?? "")\" must be an object of strings.", at: pointer))
            return [:]
        }
        var out: [String: String] = [:]
        for member in members {
            if let text = member.value.stringValue {
                out[member.key] = expanded(text, at: pointer / member.key, expand.syntax, expand.context, into: &config)
            } else {
                config.findings.append(
                    finding(
                        "\(JSONValue.quoted(member.key)) must be a string, not \(member.value.typeName).",
                        at: pointer / member.key))
            }
        }
        return out
    }

    private static func finding(
        _ message: String, at pointer: JSONPointer, severity: Severity = .error, preferKey: Bool = false
    ) -> Finding {
        Finding(ruleId: ruleId, severity: severity, message: message, pointer: pointer, preferKey: preferKey)
    }
}
