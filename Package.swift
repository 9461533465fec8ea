// swift-tools-version: 6.0
import PackageDescription

// Layering, bottom up (no cycles):
// CJansson → JSON → SourceDocument → ToolModel → Rules → Analysis → LanguageServer → toolwright
// JSON → JSONRPC → LanguageServer
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Toolwright",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "toolwright", targets: ["toolwright"]),
        .library(name: "ToolwrightCore", targets: ["JSON", "SourceDocument", "ToolModel", "Rules", "Analysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        .target(name: "JSON", dependencies: ["CJansson"], swiftSettings: strict),
        .target(
            name: "SourceDocument",
            dependencies: ["JSON", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(name: "ToolModel", dependencies: ["JSON", "SourceDocument"], swiftSettings: strict),
        .target(name: "Rules", dependencies: ["JSON", "ToolModel", "Tokenizer"], swiftSettings: strict),
        .target(
            name: "Analysis",
            dependencies: ["JSON", "SourceDocument", "ToolModel", "Rules", "Tokenizer"],
            swiftSettings: strict
        ),
        .target(name: "JSONRPC", dependencies: ["JSON"], swiftSettings: strict),
        .target(name: "BundledResources", swiftSettings: strict),
        .target(
            name: "Tokenizer", dependencies: ["JSON", "BundledResources"], resources: [.copy("Resources")],
            swiftSettings: strict),
        .target(
            name: "Cost", dependencies: ["BundledResources", "JSON", "SourceDocument", "ToolModel", "Tokenizer"],
            resources: [.copy("Resources")],
            swiftSettings: strict),
        .target(
            name: "Plugins", dependencies: ["JSON", "JSONRPC", "SourceDocument", "ToolModel", "Rules"],
            swiftSettings: strict),
        .target(
            name: "LiveMCP", dependencies: ["JSON", "JSONRPC", "SourceDocument", "ToolModel"], swiftSettings: strict),
        // The semantic layer's dot products, in C for AVX with a run-time check (see its header).
        .target(name: "CSelectionKernels"),
        // Heap settings for one-shot commands (huge pages; see its header).
        .target(name: "CHeapTuning"),
        .target(
            name: "Selection",
            dependencies: ["BundledResources", "CSelectionKernels", "JSON", "SourceDocument", "ToolModel"],
            resources: [.copy("Resources")],
            swiftSettings: strict),
        .target(
            name: "LanguageServer",
            dependencies: [
                "JSON", "JSONRPC", "SourceDocument", "ToolModel", "Rules", "Analysis", "Tokenizer", "Selection", "Cost",
                "Plugins", "LiveMCP",
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "toolwright",
            dependencies: [
                "JSON", "SourceDocument", "ToolModel", "Rules", "Analysis", "LanguageServer", "Tokenizer", "Selection",
                "Cost", "Plugins", "LiveMCP", "CHeapTuning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // An out-of-process plugin written in Swift (plugins/swift-example), built with the package.
        .executableTarget(
            name: "toolwright-swift-example", dependencies: ["JSON", "JSONRPC"], path: "plugins/swift-example/Sources",
            swiftSettings: strict),
        // Seeded generators and the like shared by test targets (not a test target itself).
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "CHeapTuningTests", dependencies: ["CHeapTuning"], swiftSettings: strict),
        .testTarget(name: "BundledResourcesTests", dependencies: ["BundledResources"], swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["TestSupport", "JSON", "SourceDocument"], swiftSettings: strict),
        .testTarget(
            name: "SourceDocumentTests", dependencies: ["TestSupport", "JSON", "SourceDocument"], swiftSettings: strict),
        .testTarget(
            name: "ToolModelTests", dependencies: ["JSON", "SourceDocument", "ToolModel"], swiftSettings: strict),
        .testTarget(
            name: "RulesTests",
            dependencies: ["TestSupport", "JSON", "SourceDocument", "ToolModel", "Rules", "Tokenizer"],
            swiftSettings: strict),
        .testTarget(
            name: "AnalysisTests",
            dependencies: ["TestSupport", "JSON", "SourceDocument", "ToolModel", "Rules", "Analysis"],
            swiftSettings: strict
        ),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSON", "JSONRPC"], swiftSettings: strict),
        .testTarget(
            name: "TokenizerTests", dependencies: ["TestSupport", "JSON", "Tokenizer"], resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(
            name: "CostTests", dependencies: ["JSON", "SourceDocument", "ToolModel", "Tokenizer", "Cost"],
            swiftSettings: strict),
        .testTarget(
            name: "PluginsTests",
            dependencies: ["TestSupport", "JSON", "JSONRPC", "SourceDocument", "ToolModel", "Rules", "Plugins"],
            swiftSettings: strict),
        .testTarget(
            name: "LiveMCPTests", dependencies: ["JSON", "JSONRPC", "SourceDocument", "ToolModel", "Rules", "LiveMCP"],
            exclude: ["Servers", "install-servers.sh"], swiftSettings: strict),
        .testTarget(
            name: "SelectionTests", dependencies: ["TestSupport", "JSON", "SourceDocument", "ToolModel", "Selection", "CSelectionKernels"],
            swiftSettings: strict),
        .testTarget(
            name: "LanguageServerTests",
            dependencies: ["JSON", "JSONRPC", "SourceDocument", "ToolModel", "Rules", "Analysis", "LanguageServer"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["JSON", "SourceDocument", "Plugins"],
            resources: [],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
