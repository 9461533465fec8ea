import Foundation
import JSON
import SourceDocument
import Testing
import ToolModel

/// Tools read from real documents through the document layer: the pointers the reader hands
/// out must land on the right text.
@Suite struct DocumentIntegrationTests {
    func text(of pointer: JSONPointer, in document: SourceDocument, preferKey: Bool = false) -> String? {
        guard let location = document.tree.location(of: pointer, preferKey: preferKey), location.exact else {
            return nil
        }
        return String(decoding: document.bytes[location.range], as: UTF8.self)
    }

    @Test func bfclJSONLinesUnderAJSONName() throws {
        let path = "datasets/bfcl-multiple-dev/BFCL_v4_multiple.json"
        let document = SourceDocument(uri: "file:///" + path, bytes: Array(try SharedData.data(path)))
        #expect(document.format == .jsonLines)
        let value = try #require(document.tree.jsonValue())
        let set = DialectDetector.toolSet(from: value, uri: document.uri)
        #expect(set.dialect == .bfcl)
        #expect(set.findings.isEmpty)
        #expect(Set(set.tools.map(\.group)).count == 200)
        let tool = try #require(set.tools.first { $0.pointer == pointer("/3/function/0") })
        let namePointer = try #require(tool.name?.pointer)
        #expect(text(of: namePointer, in: document) == #""EuclideanDistance.calculate""#)
        let range = try #require(document.range(of: namePointer))
        #expect(range.start.line == 3)
    }

    @Test func mcpCapturePointersLandOnTheirText() throws {
        let path = "samples/mcp-server-time.tools-list.json"
        let document = SourceDocument(uri: "file:///" + path, bytes: Array(try SharedData.data(path)))
        let set = DialectDetector.toolSet(from: try #require(document.tree.jsonValue()), uri: document.uri)
        let tool = try #require(set.tools.last)
        #expect(text(of: try #require(tool.name?.pointer), in: document) == #""convert_time""#)
        #expect(text(of: tool.inputSchemaPointer, in: document, preferKey: true) == #""inputSchema""#)
    }
}
