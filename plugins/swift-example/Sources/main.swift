// A Toolwright plugin written in Swift: the same protocol as the Python ones, over the main
// package's JSON (jansson) and JSONRPC (framing, reader thread, serial writer) modules.
// Speaks toolwright-plugin/1 on stdin/stdout; see protocol/plugin-protocol.md.
import Foundation
import JSON
import JSONRPC

#if canImport(Glibc)
    import Glibc
#endif

/// Answers requests on the connection's reader thread: each analysis is a few microseconds, so
/// handing off to another thread would cost more than it saves.
final class Plugin: MessageHandler, @unchecked Sendable {
    private let connection: Connection
    private let lock = NSLock()
    private var settings = Checks.Settings()
    private var shutdownRequested = false
    /// Set when the host offered `toolHashes` in `initialize` (the plugin always accepts).
    private var toolHashes = false
    private var cache = ToolCache()

    init(connection: Connection) { self.connection = connection }

    func handle(_ request: IncomingRequest) {
        switch request.method {
        case "initialize":
            let offered = request.params?["capabilities"]?["analyze"]?["toolHashes"]?.boolValue == true
            lock.withLock {
                settings = Checks.settings(from: request.params?["settings"], base: settings)
                toolHashes = offered
            }
            var analyze: [JSONMember] = [JSONMember("documentText", false)]
            if offered { analyze.append(JSONMember("toolHashes", true)) }
            request.reply([
                "protocolVersion": "toolwright-plugin/1",
                "pluginInfo": ["name": "swift-example", "version": "1.1.0"],
                "capabilities": ["analyze": .object(analyze)],
            ])
        case "document/analyze":
            let params = request.params ?? .null
            let result: Result<JSONValue, ToolCache.UnknownHashes> = lock.withLock {
                toolHashes
                    ? cache.analyze(params, settings: settings) : .success(Checks.analyze(params, settings: settings))
            }
            switch result {
            case .success(let value): request.reply(value)
            case .failure(let unknown):
                request.reply(
                    error: ResponseError(
                        code: ToolCache.unknownToolHashCode, message: "Unknown tool hash(es); send the tools in full",
                        data: ["hashes": .array(unknown.hashes.map(JSONValue.string))]))
            }
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
