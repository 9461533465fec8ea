// swift-tools-version: 6.1
import Foundation
import PackageDescription

// A path dependency's identity is its directory's name, which differs between clones
// (`toolwright`, `main`, a CI folder): read it instead of hard-coding it.
let toolwright = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "ToolwrightBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // jansson's C parser alone (no conversion to Swift values), as the baseline.
        .systemLibrary(name: "CJanssonRaw", path: "Sources/CJanssonRaw", pkgConfig: "jansson"),
        .target(
            name: "BenchSupport",
            dependencies: ["CJanssonRaw", .product(name: "ToolwrightCore", package: toolwright)],
            path: "Sources/BenchSupport"
        ),
        .executableTarget(
            name: "ToolwrightBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "ToolwrightCore", package: toolwright),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/ToolwrightBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Prints the MB/s table directly (package-benchmark reports operations per second).
        .executableTarget(
            name: "bench-summary",
            dependencies: ["BenchSupport", .product(name: "ToolwrightCore", package: toolwright)],
            path: "Sources/bench-summary"
        ),
    ],
    swiftLanguageModes: [.v6]
)
