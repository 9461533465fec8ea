import Foundation
import JSON
import Rules
import SourceDocument
import ToolModel

/// Finds and reads `.toolwright.yaml` for a tool file.
public enum ConfigurationLoader {
    /// The nearest configuration file in the file's directory or above it, if any.
    public static func find(for file: URL) -> URL? {
        var directory = file.hasDirectoryPath ? file : file.deletingLastPathComponent()
        while true {
            for name in Configuration.fileNames {
                let candidate = directory.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }

    /// Reads a configuration file; an unreadable file is one finding at its root.
    public static func load(_ url: URL, knownRules: Set<String> = ConfigurationLoader.builtinRuleIds)
        -> (configuration: Configuration, document: SourceDocument?)
    {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let finding = Finding(
                ruleId: Configuration.findingId, severity: .error, message: "Cannot read \(url.path).", pointer: .root)
            return (Configuration(uri: url.absoluteString, findings: [finding]), nil)
        }
        let document = SourceDocument(uri: url.absoluteString, bytes: Array(data), format: .yaml)
        var configuration = Configuration.read(document, knownRules: knownRules)
        let lockURL = url.deletingLastPathComponent().appendingPathComponent(lockFileName)
        if let lock = FileManager.default.contents(atPath: lockURL.path),
            let value = try? Jansson.decode(String(decoding: lock, as: UTF8.self))
        {
            configuration.useLock(value)
        }
        return (configuration, document)
    }

    /// The nearest lockfile in the file's directory or above it, read (used when there is no
    /// `.toolwright.yaml`, whose directory otherwise holds the lock).
    public static func findLock(for file: URL) -> JSONValue? {
        var directory = file.hasDirectoryPath ? file : file.deletingLastPathComponent()
        while true {
            let candidate = directory.appendingPathComponent(lockFileName)
            if let data = FileManager.default.contents(atPath: candidate.path) {
                return try? Jansson.decode(String(decoding: data, as: UTF8.self))
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }

    /// The lockfile `toolwright lock` writes next to `.toolwright.yaml`.
    public static let lockFileName = ".toolwright.lock.json"

    /// The lockfile's content for the tool sets of a workspace: `{"version": 1, "tools": {name:
    /// {sha256, description}}}`. Tools are keyed by name; a name defined twice keeps the first.
    public static func lockFile(for sets: [ToolSet]) -> JSONValue {
        var seen = Set<String>()
        var tools: [JSONMember] = []
        for set in sets {
            for member in DefinitionLock.entries(for: set).objectMembers ?? [] where seen.insert(member.key).inserted {
                tools.append(member)
            }
        }
        return ["version": .integer(Int64(DefinitionLock.version)), "tools": .object(tools)]
    }

    /// The configuration for a tool file: the nearest one found upward, or the defaults.
    public static func configuration(for file: URL, knownRules: Set<String> = ConfigurationLoader.builtinRuleIds)
        -> Configuration
    {
        guard let url = find(for: file) else { return Configuration(uri: "") }
        return load(url, knownRules: knownRules).configuration
    }

    /// The path of a tool file relative to the configuration's directory, for `ignore.paths`.
    public static func relativePath(of file: URL, to configuration: URL) -> String? {
        let base = configuration.deletingLastPathComponent().standardizedFileURL.path
        let path = file.standardizedFileURL.path
        guard path.hasPrefix(base + "/") else { return nil }
        return String(path.dropFirst(base.count + 1))
    }

    /// Rule ids of the built-in catalogue (config entries for other ids are reported).
    public static var builtinRuleIds: Set<String> { Set(RuleEngine().allMetadata.map(\.id)) }
}
