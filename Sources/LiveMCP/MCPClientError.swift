import JSONRPC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why talking to an MCP server failed. Every case reads as a complete sentence, and carries
/// the tail of the server's standard error when there is one, because that is where servers
/// explain themselves.
public enum MCPClientError: Error, Sendable, CustomStringConvertible {
    case commandNotFound(String, searched: [String])
    case spawnFailed(String, errno: Int32)
    case timeout(method: String, seconds: Double, stderr: String)
    case serverExited(method: String, status: ExitStatus, stderr: String)
    case invalidOutput(line: String, stderr: String)
    case serverError(method: String, ResponseError, stderr: String)
    case unsupportedProtocolVersion(server: String, supported: [String])
    case protocolViolation(String)
    case http(method: String, status: Int, body: String)
    case connectionFailed(url: String, reason: String)
    case closed

    public var description: String {
        switch self {
        case .commandNotFound(let command, let searched):
            let places = searched.isEmpty ? "" : " (searched PATH: \(searched.joined(separator: ":")))"
            return "MCP server command not found: \(command)\(places)"
        case .spawnFailed(let command, let code):
            return "Could not start MCP server \(command): \(String(cString: strerror(code)))"
        case .timeout(let method, let seconds, let stderr):
            return "MCP server did not answer \(method) within \(Self.seconds(seconds))."
                + Self.tail(stderr)
        case .serverExited(let method, let status, let stderr):
            return "MCP server \(status) during \(method)." + Self.tail(stderr)
        case .invalidOutput(let line, let stderr):
            return "MCP server wrote something that is not JSON-RPC to standard output: \(line). "
                + "Stdio servers must write only protocol messages there (logs belong on standard error)."
                + Self.tail(stderr)
        case .serverError(let method, let error, let stderr):
            return "MCP server answered \(method) with error \(error.code): \(error.message)" + Self.tail(stderr)
        case .unsupportedProtocolVersion(let server, let supported):
            return "MCP server wants protocol version \(server); this client supports "
                + supported.joined(separator: ", ")
        case .protocolViolation(let message):
            return "MCP server broke the protocol: \(message)"
        case .http(let method, let status, let body):
            let detail = body.isEmpty ? "" : ": \(body.prefix(500))"
            return "MCP server answered \(method) with HTTP status \(status)\(detail)"
        case .connectionFailed(let url, let reason):
            return "Could not reach MCP server at \(url): \(reason)"
        case .closed:
            return "The MCP client is closed."
        }
    }

    /// The captured standard error, for callers that show it separately.
    public var standardError: String {
        switch self {
        case .timeout(_, _, let s), .serverExited(_, _, let s), .invalidOutput(_, let s), .serverError(_, _, let s): s
        default: ""
        }
    }

    private static func tail(_ stderr: String) -> String {
        let trimmed = stderr.trimmingTrailingWhitespace
        guard !trimmed.isEmpty else { return " (nothing on standard error)" }
        return "\nServer standard error (last lines):\n" + trimmed
    }

    private static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }
}

/// How a server process ended.
public enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "was killed by signal \(signal)"
        }
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
