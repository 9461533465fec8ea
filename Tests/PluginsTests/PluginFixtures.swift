import Foundation
import JSON
import Plugins

/// Writes a plugin directory (manifest + script) into a fresh temporary folder.
enum PluginFixtures {
    /// A plugin that misbehaves on purpose; `mode` is its first argument.
    static var misbehaving: String {
        get throws { try String(contentsOfFile: Fixture.path("Tests/plugin-fixtures/misbehaving.py"), encoding: .utf8) }
    }

    static func misbehavingPlugin(
        _ mode: String, id: String? = nil, requestMs: Int = 20000, maxMessageBytes: Int = 1 << 20
    ) throws -> PluginManifest {
        let directory = try temporaryDirectory()
        try (try misbehaving).write(toFile: directory + "/bad.py", atomically: true, encoding: .utf8)
        let manifest: JSONValue = [
            "id": .string(id ?? "bad-\(mode)"), "version": "0.0.1", "protocol": "toolwright-plugin/1",
            "command": ["python3", "-u", "bad.py", .string(mode)],
            "timeouts": ["initializeMs": 60000, "requestMs": .integer(Int64(requestMs)), "shutdownMs": 500],
            "limits": ["maxMessageBytes": .integer(Int64(maxMessageBytes)), "restartBackoffMs": [0]],
        ]
        let (parsed, problems) = PluginManifest.parse(manifest, directory: directory)
        guard let parsed, problems.isEmpty else { throw FixtureError(message: "\(problems)") }
        return parsed
    }

    static func houseStyle() throws -> PluginManifest {
        let (manifest, problems) = PluginManifest.load(path: Fixture.path("plugins/house-style/plugin.json"))
        guard let manifest, problems.isEmpty else { throw FixtureError(message: "\(problems)") }
        return manifest
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "toolwright-plugins-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// True while a process with this pid exists (zombies count as gone: they hold no resources
    /// but their pid, and Foundation reaps them).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !status.contains(") Z ")
    }

    struct FixtureError: Error { var message: String }
}

/// Collects what the host saw on the wire.
final class TrafficLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [PluginTraffic] = []
    private var lines: [String] = []
    func record(_ item: PluginTraffic) { lock.withLock { items.append(item) } }
    func log(_ line: String) { lock.withLock { lines.append(line) } }
    var traffic: [PluginTraffic] { lock.withLock { items } }
    var logLines: [String] { lock.withLock { lines } }
}

extension PluginFixtures {
    /// The `toolwright-swift-example` executable built next to the test bundle.
    static func swiftExampleBinary() throws -> String {
        let candidates = [
            Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Fixture.repoRoot.appendingPathComponent(".build/debug"),
        ]
        for directory in candidates {
            let path = directory.appendingPathComponent("toolwright-swift-example").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw FixtureError(message: "toolwright-swift-example is not built (swift build builds it)")
    }

    /// The shipped Swift plugin's manifest, run from the built binary directly.
    static func swiftExample() throws -> PluginManifest {
        let (loaded, problems) = PluginManifest.load(path: Fixture.path("plugins/swift-example/plugin.json"))
        guard var manifest = loaded, problems.isEmpty else { throw FixtureError(message: "\(problems)") }
        manifest.command = [try swiftExampleBinary()]
        return manifest
    }
}
