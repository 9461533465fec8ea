import Analysis
import ArgumentParser
import Foundation
import JSON
import ToolModel

struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Write the drift lockfile: a SHA-256 per tool of its approved definition.",
        discussion: """
            The lockfile (.toolwright.lock.json, format: protocol/lockfile.schema.json) goes next to \
            the .toolwright.yaml found upward from the first path, or into that path's directory; \
            `check` looks for it in the same places. \
            `toolwright check` then reports tools that changed since (with what changed and the text \
            added to descriptions, re-checked by the security rules), tools not in the lock, and \
            locked tools that are gone (rule sec-definition-drift).
            """
    )

    @Argument(help: "Tool files or directories to lock.")
    var paths: [String]

    @Option(help: "Where to write the lockfile (default: next to .toolwright.yaml, or ./.toolwright.lock.json).")
    var output: String?

    @Option(help: "The configuration file whose directory receives the lockfile.")
    var config: String?

    /// A directory path as is, a file's parent: where `check` starts looking for the lock.
    static func directory(of path: String) -> URL {
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: path)
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        return exists && isDirectory.boolValue ? url : url.deletingLastPathComponent()
    }

    func run() throws {
        let loaded = WorkspaceLoader().load(paths: paths)
        for error in loaded.errors {
            Terminal.writeError("toolwright: error: \(error)")
        }
        guard loaded.errors.isEmpty else { throw ExitCode(ExitStatus.usage) }
        let configuration = LoadedConfiguration.find(explicit: config, paths: paths)
        let documents = loaded.documents.filter { !(configuration?.ignores($0) ?? false) }
        let analyzer = Analyzer()
        let sets = documents.map { analyzer.toolSet(of: $0) }.filter { !$0.tools.isEmpty }
        let lock = ConfigurationLoader.lockFile(for: sets)
        let url =
            output.map { URL(fileURLWithPath: $0) }
            ?? configuration?.url.deletingLastPathComponent().appendingPathComponent(ConfigurationLoader.lockFileName)
            ?? Self.directory(of: paths.first ?? ".").appendingPathComponent(ConfigurationLoader.lockFileName)
        do {
            try Data((lock.serialized(.pretty) + "\n").utf8).write(to: url)
        } catch {
            Terminal.writeError("toolwright: error: cannot write \(url.path): \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        let count = lock["tools"]?.objectMembers?.count ?? 0
        Terminal.write(
            "locked \(count) tool\(count == 1 ? "" : "s") from \(sets.count) file\(sets.count == 1 ? "" : "s") in \(url.path)\n"
        )
    }
}
