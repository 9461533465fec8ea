import Foundation
import SourceDocument
import ToolModel

/// A path that could not be checked, with the reason (missing, unreadable).
public struct LoadError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// Turns the paths a user named into documents: files are always taken, directories are
/// searched for files that are tool files by name (`*.tools.*`) or by content (a recognised
/// dialect).
public struct WorkspaceLoader: Sendable {
    public var analyzer: Analyzer

    public init(analyzer: Analyzer = Analyzer()) {
        self.analyzer = analyzer
    }

    public struct Loaded: Sendable {
        public var documents: [SourceDocument]
        public var errors: [LoadError]
        /// Candidates in directories that were left out because they hold no tools.
        public var skipped: [String]
    }

    public func load(paths: [String]) -> Loaded {
        var loaded = Loaded(documents: [], errors: [], skipped: [])
        var seen: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                loaded.errors.append(LoadError(path: path, reason: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                let candidates: [String]
                do {
                    candidates = try ToolFileDiscovery.candidates(in: path)
                } catch {
                    loaded.errors.append(LoadError(path: path, reason: "cannot read directory"))
                    continue
                }
                for candidate in candidates where seen.insert(Self.normalized(candidate)).inserted {
                    switch read(candidate) {
                    case .success(let document):
                        if ToolFileDiscovery.isNamedToolFile(candidate)
                            || analyzer.toolSet(of: document).dialect != nil
                        {
                            loaded.documents.append(document)
                        } else {
                            loaded.skipped.append(candidate)
                        }
                    case .failure(let error):
                        loaded.errors.append(error)
                    }
                }
            } else if seen.insert(Self.normalized(path)).inserted {
                switch read(path) {
                case .success(let document): loaded.documents.append(document)
                case .failure(let error): loaded.errors.append(error)
                }
            }
        }
        return loaded
    }

    /// Reads a file as bytes (never as a String: invalid UTF-8 is a finding, not a read error).
    public func read(_ path: String) -> Result<SourceDocument, LoadError> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(LoadError(path: path, reason: "cannot open file"))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            return .success(SourceDocument(uri: path, bytes: [UInt8](data)))
        } catch {
            return .failure(LoadError(path: path, reason: "cannot read file"))
        }
    }

    static func normalized(_ path: String) -> String {
        (path as NSString).standardizingPath
    }
}
