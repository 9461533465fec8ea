import Foundation

/// Locates a target's copied resources (`resources: [.copy("Resources")]`) at run time.
///
/// Deliberately not `Bundle.module`: its accessor aborts the process when the bundle is missing
/// (a binary copied without it), and a linter must fail with a message instead.
public enum BundledResources {
    /// Where SwiftPM puts `Toolwright_<target>`'s resources relative to the running executable
    /// (Linux `.resources`, Darwin `.bundle`), then the source tree beside `sourceFile` as a
    /// development fallback; without duplicates, in search order.
    public static func directories(target: String, sourceFile: String) -> [String] {
        var roots: [URL] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            roots.append(executable.deletingLastPathComponent())
        }
        roots.append(Bundle.main.bundleURL)
        if let resources = Bundle.main.resourceURL { roots.append(resources) }
        var directories: [String] = []
        for root in roots {
            for bundle in ["Toolwright_\(target).resources", "Toolwright_\(target).bundle"] {
                let url = root.appendingPathComponent(bundle)
                directories.append(url.appendingPathComponent("Resources").path)
                directories.append(url.appendingPathComponent("Contents/Resources/Resources").path)
            }
        }
        let source = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent("Resources")
        directories.append(source.path)
        var seen = Set<String>()
        return directories.filter { seen.insert($0).inserted }
    }

    /// The first readable `name` in `directories(target:sourceFile:)`, or nil.
    public static func file(_ name: String, target: String, sourceFile: String) -> String? {
        for directory in directories(target: target, sourceFile: sourceFile) {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }
}
