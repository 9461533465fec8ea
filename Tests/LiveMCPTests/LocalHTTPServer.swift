import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Python HTTP server on 127.0.0.1 (port 0, so the OS picks a free one). `start` returns
/// once the server printed the address it listens on; its output keeps being drained.
final class LocalHTTPServer: @unchecked Sendable {
    let process = Process()
    let port: Int

    private init(port: Int) { self.port = port }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/mcp")! }

    /// `python` is a path, or nil for the `python3` on PATH (enough for stdlib-only scripts).
    static func start(python: String?, script: String, arguments: [String]) async throws -> LocalHTTPServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/env")
        process.arguments = (python == nil ? ["python3"] : []) + [TestServers.script(script)] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Blocking reads happen on their own thread; the first line naming the port resumes us.
        let port: Int? = await withCheckedContinuation { continuation in
            let thread = Thread {
                var text = ""
                var resumed = false
                while true {
                    let data = output.fileHandleForReading.availableData
                    if data.isEmpty { break }
                    guard !resumed else { continue }
                    text += String(decoding: data, as: UTF8.self)
                    if let port = Self.port(in: text) {
                        resumed = true
                        continuation.resume(returning: port)
                    }
                }
                if !resumed { continuation.resume(returning: nil) }
            }
            thread.start()
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw ServerDidNotStart()
        }
        let server = LocalHTTPServer(port: port)
        server.processBox = process
        return server
    }

    private var processBox: Process?

    /// SIGKILL, because a child of Foundation's `Process` inherits the spawning thread's signal
    /// mask, and Swift's concurrency threads block SIGTERM.
    func stop() {
        guard let process = processBox, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    struct ServerDidNotStart: Error {}

    /// "Uvicorn running on http://127.0.0.1:PORT" or "listening on PORT".
    private static func port(in text: String) -> Int? {
        for marker in ["http://127.0.0.1:", "listening on "] {
            guard let range = text.range(of: marker) else { continue }
            let digits = text[range.upperBound...].prefix { $0.isNumber }
            let rest = text[range.upperBound...].dropFirst(digits.count)
            if !digits.isEmpty, !rest.isEmpty, let port = Int(digits) { return port }
        }
        return nil
    }
}
