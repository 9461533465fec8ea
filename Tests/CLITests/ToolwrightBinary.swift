import Foundation
import JSON

/// Runs the real `toolwright` executable over pipes, as a user or CI would.
struct ToolwrightBinary {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout decoded through jansson (the CLI's JSON and SARIF are checked as data).
        func json() throws -> JSONValue { try Jansson.decode(stdout) }
    }

    /// The repository root (tests run the examples from it, with relative paths).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The products directory holds both the test bundle and the executable: find it from the
    /// running test binary, falling back to the default debug build.
    static let executable: URL = {
        let candidates = [
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for directory in candidates {
            let url = directory.appendingPathComponent("toolwright")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/toolwright")
    }()

    /// Async so that a test waiting for the binary does not hold one of the concurrency pool's
    /// few threads (two on a 2-core machine) from the async tests running beside it: the wait
    /// happens on a thread of its own.
    static func run(
        _ arguments: [String], in directory: URL = repositoryRoot, environment extra: [String: String] = [:]
    ) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runBlocking(arguments, in: directory, environment: extra) })
            }.start()
        }
    }

    /// The binary started with stdout and stderr on pipes (stdin empty); the caller reads them
    /// and waits.
    static func start(
        _ arguments: [String], in directory: URL = repositoryRoot, environment extra: [String: String] = [:]
    ) throws -> (process: Process, out: Pipe, err: Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    private static func runBlocking(_ arguments: [String], in directory: URL, environment extra: [String: String])
        throws -> Run
    {
        let (process, out, err) = try start(arguments, in: directory, environment: extra)
        // Read both pipes before waiting, so a large report cannot fill a pipe and deadlock. The
        // stderr reader is a thread of its own: a dispatch block would wait for a pool that the
        // other tests, blocked like this one, may be holding.
        let errDone = NSCondition()
        nonisolated(unsafe) var errData: Data?
        Thread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errDone.withLock {
                errData = data
                errDone.signal()
            }
        }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errDone.withLock { while errData == nil { errDone.wait() } }
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData ?? Data(), as: UTF8.self))
    }

    /// A fresh temporary directory holding `files` (relative path → content).
    static func temporaryDirectory(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("toolwright-cli-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        return root
    }
}

extension JSONValue {
    var intValue: Int? { numberValue.map { Int($0) } }
    var array: [JSONValue] { arrayValue ?? [] }
}
