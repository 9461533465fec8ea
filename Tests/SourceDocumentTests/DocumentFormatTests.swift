import SourceDocument
import Testing

@Suite struct DocumentFormatTests {
    @Test(arguments: [
        ("file:///a.jsonl", "{}", DocumentFormat.jsonLines),
        ("file:///a.ndjson", "{}", .jsonLines),
        ("file:///a.yaml", "{}", .yaml),
        ("file:///a.YML", "a: 1", .yaml),
        ("file:///a.json", "{\n  \"a\": 1\n}", .json),
        ("file:///a.json", "{\"a\": 1}", .json),
        ("file:///a.json", "not json at all", .json),
        // BFCL: JSON Lines under a .json name.
        ("file:///BFCL_v4_multiple.json", "{\"id\": 1}\n{\"id\": 2}\n", .jsonLines),
        ("untitled:1", "\u{FEFF}  [1]", .json),
        ("untitled:1", "{\"a\": 1}\r\n{\"a\": 2}", .jsonLines),
        ("untitled:1", "tools:\n  - name: x", .yaml),
    ])
    func detects(_ uri: String, _ text: String, _ expected: DocumentFormat) {
        #expect(DocumentFormat.detect(uri: uri, bytes: Array(text.utf8)) == expected)
    }

    @Test func bfclFileNamedJSONParsesEveryLine() {
        let document = SourceDocument(
            uri: "file:///BFCL_v4_multiple.json", text: "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3}\n")
        #expect(document.tree.diagnostics.isEmpty)
        #expect(document.tree.jsonValue()?.arrayValue?.count == 3)
    }
}
