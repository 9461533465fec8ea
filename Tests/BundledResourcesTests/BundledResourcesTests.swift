import BundledResources
import Foundation
import Testing

@Suite struct BundledResourcesTests {
    @Test func findsAFileInTheSourceTreeFallback() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tw-resources-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Resources"), withIntermediateDirectories: true)
        try "x".write(to: root.appendingPathComponent("Resources/data.txt"), atomically: true, encoding: .utf8)
        let source = root.appendingPathComponent("Loader.swift").path
        let found = BundledResources.file("data.txt", target: "NoSuchTarget", sourceFile: source)
        #expect(found == root.appendingPathComponent("Resources/data.txt").path)
        #expect(BundledResources.file("missing.txt", target: "NoSuchTarget", sourceFile: source) == nil)
    }

    @Test func searchesTheExecutablesBundlesBeforeTheSourceTree() {
        let dirs = BundledResources.directories(target: "Cost", sourceFile: "/src/Cost/PriceTable.swift")
        #expect(dirs.last == "/src/Cost/Resources")
        #expect(dirs.contains { $0.hasSuffix("Toolwright_Cost.resources/Resources") })
        #expect(Set(dirs).count == dirs.count)
    }
}
