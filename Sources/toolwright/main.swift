import ArgumentParser
import Foundation

// A custom entry point rather than `@main`: ArgumentParser exits 64 on usage errors, and
// Toolwright promises 2 for usage and I/O errors (0 clean, 1 findings).
do {
    var command = try Toolwright.parseAsRoot()
    BatchHeap.prepare(for: command)
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    if Toolwright.exitCode(for: error) == .success {
        // --help and --version.
        Toolwright.exit(withError: error)
    }
    Terminal.writeError(Toolwright.fullMessage(for: error))
    Foundation.exit(ExitStatus.usage)
}
