import Foundation

/// Which workspaces may run code: plugins and commands named by a workspace only start once
/// the user trusted its root. Trust comes from explicit roots (an LSP setting or CLI flag) and
/// from a store file (`~/.config/toolwright/trusted.json`: `{"trusted": ["/path", …]}`).
public final class WorkspaceTrust: @unchecked Sendable {
    private let lock = NSLock()
    private var explicitRoots: Set<String>
    /// `nil`: no store (trust only what is passed in).
    public let storePath: String?

    public init(trustedRoots: [String] = [], storePath: String? = WorkspaceTrust.defaultStorePath) {
        self.explicitRoots = Set(trustedRoots.map(Self.normalise))
        self.storePath = storePath
    }

    /// `$XDG_CONFIG_HOME/toolwright/trusted.json`, else `~/.config/toolwright/trusted.json`.
    public static var defaultStorePath: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        return base + "/toolwright/trusted.json"
    }

    /// True when `root` or one of its ancestors is trusted.
    public func isTrusted(_ root: String) -> Bool {
        let path = Self.normalise(root)
        let roots = lock.withLock { explicitRoots }.union(storedRoots())
        return roots.contains { path == $0 || path.hasPrefix($0 == "/" ? "/" : $0 + "/") }
    }

    /// Trusts `root` for this session; with `persist`, also records it in the store.
    public func trust(_ root: String, persist: Bool = false) throws {
        let path = Self.normalise(root)
        lock.withLock { _ = explicitRoots.insert(path) }
        guard persist, let storePath else { return }
        var roots = storedRoots()
        roots.insert(path)
        let object: [String: Any] = ["trusted": roots.sorted()]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try FileManager.default.createDirectory(
            atPath: (storePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: storePath), options: .atomic)
    }

    /// How a user trusts `root`, for diagnostics.
    public func howToTrust(_ root: String) -> String {
        let store = storePath ?? WorkspaceTrust.defaultStorePath
        return "run `toolwright trust \(root)`, pass `--trust-workspace \(root)`, "
            + "or add \"\(root)\" to \"trusted\" in \(store)"
    }

    private func storedRoots() -> Set<String> {
        guard let storePath, let data = FileManager.default.contents(atPath: storePath),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let list = object["trusted"] as? [String]
        else { return [] }
        return Set(list.map(Self.normalise))
    }

    static func normalise(_ path: String) -> String {
        let stripped = path.hasPrefix("file://") ? String(path.dropFirst(7)) : path
        let standard = (stripped as NSString).standardizingPath
        return standard.count > 1 && standard.hasSuffix("/") ? String(standard.dropLast()) : standard
    }
}
