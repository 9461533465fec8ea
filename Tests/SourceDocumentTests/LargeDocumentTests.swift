import JSON
import SourceDocument
import Testing

@Suite struct LargeDocumentTests {
    /// About 10 MB of `tools/list` response with `count` tools.
    static func generate(count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 2_200)
        out += Array("{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {\"tools\": [\n".utf8)
        for i in 0..<count {
            if i > 0 { out += Array(",\n".utf8) }
            let description = String(repeating: "Looks up records é 日本 🚀 \\\"quoted\\\" \\n. ", count: 1 + i % 5)
            var properties = ""
            for p in 0..<(3 + i % 6) {
                if p > 0 { properties += ",\n" }
                properties += """
                          "param_\(p)": {"type": "\(p % 2 == 0 ? "string" : "integer")", \
                    "description": "Parameter \(p) of tool \(i).", "minimum": -\(p).5e1, "maximum": \(i * 1000 + p)}
                    """
            }
            let tool = """
                  {
                    "name": "tool_\(i)",
                    "description": "\(description)",
                    "inputSchema": {
                      "type": "object",
                      "properties": {
                \(properties)
                      },
                      "required": ["param_0"],
                      "additionalProperties": false
                    },
                    "annotations": {"readOnlyHint": \(i % 2 == 0), "openWorldHint": null}
                  }
                """
            out += Array(tool.utf8)
        }
        out += Array("\n], \"nextCursor\": null}}\n".utf8)
        return out
    }

    @Test func tenMegabytesParseCompletely() throws {
        let count = 9_500
        let bytes = Self.generate(count: count)
        #expect(bytes.count > 10_000_000)
        let tree = SyntaxTree.parse(bytes, format: .json)
        #expect(tree.diagnostics.isEmpty)
        let tools = try #require(tree.node(at: JSONPointer("/result/tools")!))
        guard case .array(let items) = tools.value else {
            Issue.record("tools is not an array")
            return
        }
        #expect(items.count == count)
        let last = try #require(tree.location(of: JSONPointer("/result/tools/\(count - 1)/name")!))
        #expect(Array(bytes[last.range]) == Array("\"tool_\(count - 1)\"".utf8))
        #expect(tree.jsonValue() == (try Jansson.decode(bytes)))
    }
}
