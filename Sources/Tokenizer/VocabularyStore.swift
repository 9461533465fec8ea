import BundledResources
import Foundation

/// Finds, verifies and caches rank files. Each file is read, SHA-256-checked and parsed once per
/// process (per directory), on first use.
enum VocabularyStore {
    /// Environment variable naming a directory of `<name>.tiktoken` files that replaces the
    /// bundled copies.
    static let environmentVariable = "TOOLWRIGHT_VOCAB_DIR"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var tables: [String: RankTable] = [:]
    nonisolated(unsafe) private static var encodings: [String: Encoding] = [:]

    /// The directory to read from: the explicit one, else `$TOOLWRIGHT_VOCAB_DIR`, else nil
    /// (bundled resources).
    static func resolvedDirectory(_ explicit: String?, environment: [String: String]? = nil) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        // getenv, not ProcessInfo.environment: this runs on every `Encoding.named` call and the
        // latter copies the whole environment each time.
        let fromEnvironment =
            environment.map { $0[environmentVariable] } ?? getenv(environmentVariable).map { String(cString: $0) }
        if let fromEnvironment, !fromEnvironment.isEmpty { return fromEnvironment }
        return nil
    }

    static func encoding(
        _ name: EncodingName, directory: String?, make: (RankTable) -> Encoding
    ) throws(TokenizerError) -> Encoding {
        let key = "\(name.rawValue)\u{0}\(directory ?? "")"
        lock.lock()
        defer { lock.unlock() }
        if let cached = encodings[key] { return cached }
        let tableKey = "\(name.vocabularyName)\u{0}\(directory ?? "")"
        let table: RankTable
        if let cached = tables[tableKey] {
            table = cached
        } else {
            table = try load(name, directory: directory)
            tables[tableKey] = table
        }
        let encoding = make(table)
        encodings[key] = encoding
        return encoding
    }

    /// Reads, verifies and parses one rank file.
    static func load(_ name: EncodingName, directory: String?) throws(TokenizerError) -> RankTable {
        let path = try locate(name.vocabularyName, directory: directory)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .unreadableVocabulary(path: path, reason: error.localizedDescription)
        }
        // Hash on another core while this one parses: the checksum is a third of the load time.
        // The parsed table is only returned once the digest matches.
        let digest = DigestTask(data)
        let parsed = data.withUnsafeBytes { raw in
            Result { () throws(TokenizerError) in try VocabularyParser.parse(raw.bindMemory(to: UInt8.self)) }
        }
        let actual = digest.wait()
        guard actual == name.expectedSHA256 else {
            throw .checksumMismatch(path: path, expected: name.expectedSHA256, actual: actual)
        }
        return try parsed.get()
    }

    /// SHA-256 of some bytes, computed on a thread of its own. Not on a dispatch queue: the
    /// loader waits for it while holding the store's lock, and every other analysis thread may
    /// be waiting on that lock; a queued digest then waits for the dispatch pool to grow, which
    /// it does by one thread a second (an editor opening 40 files at once stalled for seconds).
    private final class DigestTask: @unchecked Sendable {
        private let group = DispatchGroup()
        // Written once on the thread before `leave()`, read after `wait()`: ordered by the group.
        private var digest = ""

        init(_ data: Data) {
            group.enter()
            let thread = Thread { [self] in
                digest = data.withUnsafeBytes { SHA256.hexDigest($0.bindMemory(to: UInt8.self)) }
                group.leave()
            }
            thread.qualityOfService = .userInitiated
            thread.start()
        }

        func wait() -> String {
            group.wait()
            return digest
        }
    }

    /// Path of `<vocabulary>.tiktoken` in the directory, or in the bundled resources.
    static func locate(_ vocabulary: String, directory: String?) throws(TokenizerError) -> String {
        let candidates = directory.map { [$0] } ?? bundledDirectories()
        guard let path = firstReadable("\(vocabulary).tiktoken", in: candidates) else {
            throw .vocabularyNotFound(name: vocabulary, searched: candidates)
        }
        return path
    }

    /// Path of a bundled resource file, if present.
    static func bundledFile(_ file: String) -> String? { firstReadable(file, in: bundledDirectories()) }

    private static func firstReadable(_ file: String, in directories: [String]) -> String? {
        for directory in directories {
            let path = (directory as NSString).appendingPathComponent(file)
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Where SwiftPM puts this target's resources, then the source tree (`BundledResources`).
    static func bundledDirectories() -> [String] {
        BundledResources.directories(target: "Tokenizer", sourceFile: #filePath)
    }
}
