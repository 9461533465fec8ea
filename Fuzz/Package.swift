// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets, kept out of the main package so its build is untouched. Build with
// `../scripts/fuzz.sh` (it passes -sanitize=fuzzer,address); a plain `swift build` of this
// package is not meaningful because each target's entry point is libFuzzer's.

// A path dependency's identity is its directory's name, which differs between clones.
let toolwright = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent
let core = Target.Dependency.product(name: "ToolwrightCore", package: toolwright)

let package = Package(
    name: "ToolwrightFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        // JSONRPC is not a product of the main package; compile its sources (a symlink to
        // ../Sources/JSONRPC) under another module name instead of editing the main manifest.
        .target(name: "FuzzJSONRPC", dependencies: [core], path: "Sources/FuzzJSONRPC"),
        .target(name: "FuzzSupport", dependencies: [core]),
        .executableTarget(name: "fuzz-json", dependencies: [core, "FuzzSupport"]),
        .executableTarget(name: "fuzz-yaml", dependencies: [core, "FuzzSupport"]),
        .executableTarget(name: "fuzz-lsp", dependencies: [core, "FuzzJSONRPC", "FuzzSupport"]),
        .executableTarget(name: "fuzz-pointer", dependencies: [core, "FuzzSupport"]),
        .executableTarget(name: "fuzz-tokenizer", dependencies: [core, "FuzzSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
