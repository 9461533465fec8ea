import Foundation

/// Finds tool files under directories, for `toolwright check DIR` and the server's workspace
/// index. Extensions pick the candidates; whether a candidate really holds tools is decided by
/// its content later (see `WorkspaceLoader`), because tool files have no fixed name.
public enum ToolFileDiscovery {
    /// Extensions (lowercased, without the dot) that can hold tool definitions.
    public static let extensions: Set<String> = ["json", "jsonl", "ndjson", "yaml", "yml"]

    /// Directories never entered: dependencies and build output are full of unrelated JSON.
    public static let skippedDirectories: Set<String> = ["node_modules", "Pods", "DerivedData", "__pycache__"]

    public static func hasToolFileExtension(_ path: String) -> Bool {
        extensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// `foo.tools.json`, `foo.tools.yaml`…: named as a tool file, so kept even when its content
    /// is broken beyond recognition (a syntax error must still be reported).
    public static func isNamedToolFile(_ path: String) -> Bool {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
        return name.hasSuffix(".tools") || name == "tools"
    }

    /// Candidate files below `directory`, sorted so runs are reproducible. Hidden files and
    /// directories (`.git`, `.build`, `.toolwright.yaml`) are skipped, and symbolic links to
    /// directories are not followed, so a link cycle cannot make the walk endless.
    public static func candidates(in directory: String) throws -> [String] {
        let manager = FileManager.default
        var found: [String] = []
        var pending = [directory]
        while let current = pending.popLast() {
            let names = try manager.contentsOfDirectory(atPath: current)
            for name in names where !name.hasPrefix(".") {
                let path = current.hasSuffix("/") ? current + name : current + "/" + name
                let type = (try? manager.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    if type != .typeSymbolicLink && !skippedDirectories.contains(name) { pending.append(path) }
                } else if hasToolFileExtension(name) {
                    found.append(path)
                }
            }
        }
        return found.sorted()
    }
}
