// A Toolwright plugin written in Swift: the same protocol as the Python ones, over the main
// package's JSON (jansson) and JSONRPC (framing, reader thread, serial writer) modules.
// Speaks toolwright-plugin/1 on stdin/stdout; see protocol/plugin-protocol.md.
import Foundation
import JSON
import JSONRPC

#if canImport(Glibc)
    import Glibc
#endif

/// The checks. Everything the host sends is already normalised and carries JSON Pointers into
/// the document, so the plugin never parses the document text (it asks the host to omit it).
enum Checks {
    struct Settings {
        var maxNameLength = 40
    }

    static func analyze(_ params: JSONValue, settings: Settings) -> JSONValue {
        var findings: [JSONValue] = []
        for tool in params["tools"]?.arrayValue ?? [] {
            let pointers = tool["pointers"]
            if let name = tool["name"]?.stringValue, name.unicodeScalars.count > settings.maxNameLength,
                let at = pointers?["name"]
            {
                findings.append([
                    "code": "swift-example/name-length", "pointer": at,
                    "message": .string(
                        "Tool name \"\(name)\" has \(name.unicodeScalars.count) characters; keep it to "
                            + "\(settings.maxNameLength) or fewer"),
                ])
            }
            guard let schema = tool["inputSchema"], let schemaText = pointers?["inputSchema"]?.stringValue,
                let schemaPointer = JSONPointer(schemaText)
            else { continue }
            let properties = schema["properties"]?.objectMembers ?? []
            for property in properties where property.value.objectMembers != nil && property.value["description"] == nil
            {
                findings.append([
                    "code": "swift-example/param-undocumented",
                    "pointer": .string((schemaPointer / "properties" / property.key).description),
                    "preferKey": true,
                    "message": .string("Parameter \"\(property.key)\" has no description"),
                ])
            }
            let names = Set(properties.map(\.key))
            for (index, required) in (schema["required"]?.arrayValue ?? []).enumerated() {
                guard let key = required.stringValue, !names.contains(key) else { continue }
                let pointer = (schemaPointer / "required" / index).description
                findings.append([
                    "code": "swift-example/required-unknown", "pointer": .string(pointer),
                    "message": .string("\"\(key)\" is required but not a property"),
                    "fixes": [
                        [
                            "title": .string("Remove \"\(key)\" from required"), "isPreferred": true,
                            "operations": [["op": "remove", "pointer": .string(pointer)]],
                        ]
                    ],
                ])
            }
        }
        return ["findings": .array(findings)]
    }

    static func settings(from value: JSONValue?, base: Settings) -> Settings {
        var settings = base
        if let n = value?["maxNameLength"]?.numberValue, n >= 1 { settings.maxNameLength = Int(n) }
        return settings
    }
}

/// Answers requests on the connection's reader thread: each analysis is a few microseconds, so
/// handing off to another thread would cost more than it saves.
final class Plugin: MessageHandler, @unchecked Sendable {
    private let connection: Connection
    private let lock = NSLock()
    private var settings = Checks.Settings()
    private var shutdownRequested = false

    init(connection: Connection) { self.connection = connection }

    func handle(_ request: IncomingRequest) {
        switch request.method {
        case "initialize":
            lock.withLock { settings = Checks.settings(from: request.params?["settings"], base: settings) }
            request.reply([
                "protocolVersion": "toolwright-plugin/1",
                "pluginInfo": ["name": "swift-example", "version": "1.0.0"],
                "capabilities": ["analyze": ["documentText": false]],
            ])
        case "document/analyze":
            let current = lock.withLock { settings }
            request.reply(Checks.analyze(request.params ?? .null, settings: current))
        case "shutdown":
            lock.withLock { shutdownRequested = true }
            request.reply(.null)
        default:
            request.reply(error: .methodNotFound(request.method))
        }
    }

    func handle(notification method: String, params: JSONValue?) {
        switch method {
        case "workspace/didChangeConfiguration":
            lock.withLock { settings = Checks.settings(from: params?["settings"], base: settings) }
        case "exit":
            connection.flush()
            exit(lock.withLock { shutdownRequested } ? 0 : 1)
        default:
            break
        }
    }

    func connectionClosed() {}
}

// A write to a host that is gone must not kill us with SIGPIPE before we notice EOF.
signal(SIGPIPE, SIG_IGN)
let connection = Connection(input: 0, output: 1)
connection.start(Plugin(connection: connection))
// End of input means the host is gone (or closed our stdin): exit, as the protocol requires.
connection.waitUntilClosed()
connection.flush()
exit(0)
