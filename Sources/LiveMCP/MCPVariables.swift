import Foundation
import ToolModel

/// How a client substitutes variables in the strings of its MCP config. Toolwright starts a
/// server with the values its client would pass, so a config that reads a token from the
/// environment works in the editor and in `check --live` as it does in the client.
public enum MCPVariableSyntax: Sendable, Hashable {
    /// Claude Desktop: every value is taken as written.
    case none
    /// Claude Code (`.mcp.json`, `~/.claude.json`) and other `mcpServers` files: `${VAR}` and
    /// `${VAR:-default}`. An unset `${VAR}` without a default stays as written (what Claude
    /// Code passes on).
    case shell
    /// VS Code and Cursor: `${env:VAR}` (empty when unset), `${workspaceFolder}`,
    /// `${workspaceFolderBasename}`, `${userHome}`, `${pathSeparator}` / `${/}`, and
    /// `${input:id}`, which VS Code asks the user for and Toolwright cannot.
    case editor

    static func forConfig(_ shape: MCPConfigShape) -> Self {
        switch shape {
        case .claudeDesktop: .none
        case .claudeCodeProject, .claudeCodeUser, .mcpServers: .shell
        case .cursor, .vsCode, .vsCodeSettings: .editor
        }
    }
}

/// What variables expand to: the environment Toolwright runs in and the workspace folder.
public struct MCPVariableContext: Sendable {
    public var environment: [String: String]
    /// `${workspaceFolder}`; nil takes the config's project folder (the folder holding
    /// `.vscode/` or `.cursor/`, else the file's own folder).
    public var workspaceFolder: String?

    public init(environment: [String: String], workspaceFolder: String? = nil) {
        self.environment = environment
        self.workspaceFolder = workspaceFolder
    }

    /// This process's environment.
    public static func process(workspaceFolder: String? = nil) -> Self {
        Self(environment: ProcessInfo.processInfo.environment, workspaceFolder: workspaceFolder)
    }
}

/// One string after substitution, with what could not be substituted.
struct MCPExpansion: Equatable {
    var text: String
    /// Warnings: the server still starts, with the value the client would pass.
    var warnings: [String] = []
    /// Errors: the client would ask the user, so the server cannot be started as configured.
    var errors: [String] = []
}

enum MCPVariables {
    static func expand(
        _ text: String, syntax: MCPVariableSyntax, context: MCPVariableContext, workspaceFolder: String?
    ) -> MCPExpansion {
        guard syntax != .none, text.contains("${") else { return MCPExpansion(text: text) }
        var result = MCPExpansion(text: "")
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            result.text += rest[..<open.lowerBound]
            guard let close = closingBrace(in: rest[open.upperBound...]) else {
                rest = rest[open.lowerBound...]
                break
            }
            let body = String(rest[open.upperBound..<close])
            let written = String(rest[open.lowerBound...close])
            rest = rest[rest.index(after: close)...]
            switch syntax {
            case .shell: result.text += shell(body, written: written, context: context, into: &result)
            case .editor:
                result.text += editor(
                    body, written: written, context: context, workspaceFolder: workspaceFolder, into: &result)
            case .none: result.text += written
            }
        }
        result.text += rest
        return result
    }

    /// The `}` that closes a `${` (nested `${…}` in a default are skipped over).
    private static func closingBrace(in text: Substring) -> Substring.Index? {
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{" && index > text.startIndex && text[text.index(before: index)] == "$" { depth += 1 }
            if character == "}" {
                if depth == 0 { return index }
                depth -= 1
            }
            index = text.index(after: index)
        }
        return nil
    }

    private static func isName(_ name: some StringProtocol) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
        }
    }

    private static func shell(
        _ body: String, written: String, context: MCPVariableContext, into result: inout MCPExpansion
    ) -> String {
        let name: Substring
        var fallback: Substring?
        if let separator = body.range(of: ":-") {
            name = body[..<separator.lowerBound]
            fallback = body[separator.upperBound...]
        } else {
            name = Substring(body)
        }
        guard isName(name) else { return written }
        if let value = context.environment[String(name)], !(value.isEmpty && fallback != nil) { return value }
        if let fallback { return String(fallback) }
        result.warnings.append(
            "\(written) is not set in the environment Toolwright runs in, so the server gets the text \(written) "
                + "as written (as Claude Code passes it). Set \(name) before starting the editor, or give a default: "
                + "${\(name):-value}.")
        return written
    }

    private static func editor(
        _ body: String, written: String, context: MCPVariableContext, workspaceFolder: String?,
        into result: inout MCPExpansion
    ) -> String {
        if body.hasPrefix("env:") {
            let name = String(body.dropFirst(4))
            if let value = context.environment[name] { return value }
            result.warnings.append(
                "\(written) is not set in the environment Toolwright runs in, so the server gets an empty value. "
                    + "Set \(name) before starting the editor.")
            return ""
        }
        if body.hasPrefix("input:") {
            result.errors.append(
                "\(written) is asked of the user when the client starts this server, and Toolwright cannot ask. "
                    + "To check the server live, pass the value through the environment instead: ${env:NAME}.")
            return written
        }
        switch body {
        case "workspaceFolder", "workspaceRoot":
            if let workspaceFolder { return workspaceFolder }
        case "workspaceFolderBasename":
            if let workspaceFolder { return (workspaceFolder as NSString).lastPathComponent }
        case "userHome":
            if let home = context.environment["HOME"] { return home }
        case "pathSeparator", "/":
            return "/"
        default:
            result.warnings.append("\(written) is not a variable Toolwright can substitute; it is passed as written.")
            return written
        }
        result.warnings.append("\(written) has no value here; it is passed as written.")
        return written
    }
}
