import Foundation

/// Entry point of `toolwright lsp`.
///
/// TEMPORARY STUB owned by the `cli` branch so the executable links before the server lands.
/// The `lsp` branch replaces this file (same path, same signature); delete it on merge.
public enum LanguageServerMain {
    public static func run() -> Never {
        FileHandle.standardError.write(Data("toolwright lsp: the language server is not built yet\n".utf8))
        exit(2)
    }
}
