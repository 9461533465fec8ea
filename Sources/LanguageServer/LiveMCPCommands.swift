import Foundation
import JSON
import JSONRPC

extension LanguageServer {
    /// `toolwright.openMCPToolList [uri, server]` and `toolwright.refreshMCPServers [uri]`.
    ///
    /// The tool list is a real file (the `tools/list` result as the server sent it, in the
    /// temporary directory) opened with `window/showDocument`: every editor with LSP 3.16 can
    /// show a file, whereas a virtual document needs a client-side content provider (VS Code
    /// only). Being an MCP tool file, it gets this server's diagnostics and hovers too.
    func executeMCPCommand(_ request: IncomingRequest, arguments: [JSONValue]) {
        guard let uri = arguments.first?.stringValue, documents[uri] != nil, Self.isMCPConfig(uri) else {
            request.reply(error: .invalidParams("Expected arguments [uri, …] of an open MCP config document"))
            return
        }
        if request.params?["command"]?.stringValue == Command.refreshMCPServers.rawValue {
            liveMCPRefresh(uri) { request.reply(.null) }
            return
        }
        guard let server = arguments.dropFirst().first?.stringValue else {
            request.reply(error: .invalidParams("Expected arguments [uri, server]"))
            return
        }
        withAnalysis(request, uri: uri) { _, analyzed in
            guard let entry = analyzed?.mcp?.entries.first(where: { $0.entry.name == server }) else {
                throw ResponseError.invalidParams("No server \(server) in \(uri)")
            }
            guard let list = entry.list else {
                throw ResponseError.invalidParams(
                    "Server \(server) has no fetched tool list (\(Self.mcpLensTitle(entry) ?? "disabled"))")
            }
            if self.client.showDocument {
                self.connection.send(
                    request: "window/showDocument", params: ["uri": .string(list.fileURI), "takeFocus": true]
                ) { _ in }
            }
            return [
                "server": .string(server), "serverName": .string(list.serverName),
                "serverVersion": list.serverVersion.map { .string($0) } ?? .null,
                "uri": .string(list.fileURI), "path": .string(list.path),
                "tools": .array(list.tools.compactMap { $0["name"] }),
            ]
        }
    }
}
