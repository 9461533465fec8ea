import ArgumentParser
import Foundation
import Plugins

struct TrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Trust a workspace, so its plugins (and configured MCP server commands) may run.",
        discussion: """
            Nothing from a workspace runs until its root (or a parent folder) is trusted. Trust is \
            recorded in $XDG_CONFIG_HOME/toolwright/trusted.json (default ~/.config/toolwright/trusted.json).
            """
    )

    @Argument(help: "The workspace root (default: the current directory).")
    var root: String = FileManager.default.currentDirectoryPath

    @Flag(help: "Only say whether the root is trusted (exit 0 trusted, 1 not).")
    var check = false

    func run() throws {
        let path = URL(fileURLWithPath: root).standardizedFileURL.path
        let trust = WorkspaceTrust()
        if check {
            let trusted = trust.isTrusted(path)
            Terminal.write("\(path): \(trusted ? "trusted" : "not trusted")\n")
            if !trusted { throw ExitCode(ExitStatus.findings) }
            return
        }
        do {
            try trust.trust(path, persist: true)
        } catch {
            Terminal.writeError("toolwright: error: cannot record trust in \(trust.storePath ?? "?"): \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        Terminal.write("trusted \(path) (recorded in \(trust.storePath ?? "?"))\n")
    }
}
