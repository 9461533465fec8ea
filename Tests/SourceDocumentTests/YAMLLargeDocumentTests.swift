import JSON
import SourceDocument
import Testing

/// A long YAML file with multi-byte text everywhere: offsets stay exact far from the start,
/// where libyaml's character counts have drifted megabytes away from byte offsets.
@Suite struct YAMLLargeDocumentTests {
    @Test func offsetsStayExactThroughAMegabyteOfMultiByteText() throws {
        var bytes = Array("tools:\n".utf8)
        var nameOffsets: [Int] = []
        let count = 4_000
        for i in 0..<count {
            let head = Array("  - name: ".utf8)
            nameOffsets.append(bytes.count + head.count)
            bytes += head + Array("outil_\(i)\n".utf8)
            bytes += Array("    description: \"Donne la météo 🌦 pour 東京 n°\(i)\"\n".utf8)
            bytes += Array("    inputSchema: {type: object, properties: {ville: {type: string}}}\n".utf8)
        }
        #expect(bytes.count > 500_000)
        let tree = SyntaxTree.parse(bytes, format: .yaml)
        #expect(tree.diagnostics.isEmpty)
        let tools = try #require(tree.node(at: JSONPointer.root / "tools"))
        guard case .array(let items) = tools.value else {
            Issue.record("tools is not an array")
            return
        }
        #expect(items.count == count)
        for i in stride(from: 0, to: count, by: 37) + [count - 1] {
            let name = try #require(tree.location(of: JSONPointer.root / "tools" / i / "name"))
            let text = "outil_\(i)"
            #expect(name.range == nameOffsets[i]..<(nameOffsets[i] + text.utf8.count))
            let description = try #require(tree.node(at: JSONPointer.root / "tools" / i / "description"))
            #expect(description.jsonValue() == .string("Donne la météo 🌦 pour 東京 n°\(i)"))
            #expect(
                tree.pointer(at: description.range.upperBound - 1) == JSONPointer.root / "tools" / i / "description")
        }
    }
}
