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
        // The common case first, without `Bundle.main`: creating it lists the executable's
        // directory (≈ 20 M instructions in a SwiftPM build folder). Same first candidates,
        // same order.
        if let executable = executableDirectory() {
            for bundle in ["Toolwright_\(target).resources", "Toolwright_\(target).bundle"] {
                for inner in ["Resources", "Contents/Resources/Resources"] {
                    let path = executable + "/" + bundle + "/" + inner + "/" + name
                    if FileManager.default.isReadableFile(atPath: path) { return path }
                }
            }
        }
        for directory in directories(target: target, sourceFile: sourceFile) {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The running executable's directory with symlinks resolved, from `/proc/self/exe`
    /// (Linux); nil elsewhere or when it cannot be read.
    private static func executableDirectory() -> String? {
        #if os(Linux)
            var buffer = [CChar](repeating: 0, count: 4097)
            let length = readlink("/proc/self/exe", &buffer, 4096)
            guard length > 0 else { return nil }
            let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard let slash = path.lastIndex(of: "/") else { return nil }
            return String(path[..<slash])
        #else
            return nil
        #endif
    }
}
