import ArgumentParser
import LanguageServer

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server over stdin/stdout (LSP base protocol).",
        discussion: "Editors start this; see editors/ for per-editor set-up."
    )

    func run() throws {
        LanguageServerMain.run()
    }
}
