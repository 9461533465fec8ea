import Foundation
import JSON
import Selection
import SourceDocument
import Testing
import ToolModel

/// `PromptSetLoader.readToolSet` reads plain JSON tool files through jansson (fast) and
/// everything else through `SourceDocument`; both must give the simulator the same tools.
@Suite struct ToolFileReadingTests {
    /// The same file read the position-tracking way.
    static func slowPath(_ path: String) throws -> ToolSet {
        let document = SourceDocument(
            uri: URL(fileURLWithPath: path).absoluteString, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        return DialectDetector.toolSet(from: try #require(document.tree.jsonValue()), uri: document.uri)
    }

    static func summary(_ set: ToolSet) -> [String] {
        ["\(set.uri) \(String(describing: set.dialect)) \(set.findings.count)"]
            + set.findings.map { "\($0.ruleId) \($0.pointer) \($0.message)" }
            + set.tools.map { tool in
                let text = ToolText(tool)
                return "\(tool.pointer) \(text.name) | \(text.description) | \(text.parameterNames) | "
                    + "\(text.parameterText) | \(text.requiredParameters.map { "\($0.name):\($0.type ?? "-")" })"
            }
    }

    @Test(arguments: [
        // OpenAI Chat tools: nested parameters, enums, escapes, numbers of every kind.
        #"""
        [{"type": "function", "function": {"name": "get_weather", "description": "Weather \u00e9t\u00e9 \"now\"\nfor a city.",
          "parameters": {"type": "object", "required": ["city", "days"], "properties": {
            "city": {"type": "string", "description": "City name", "enum": ["Paris", "東京", 1, 2.5e3, -0, true]},
            "days": {"type": "integer", "description": "Days ahead", "minimum": 1, "maximum": 1.0E1},
            "where": {"type": "object", "properties": {"lat": {"type": "number", "description": "Latitude"}}}}}}},
         {"type": "function", "function": {"name": "send_email", "description": "", "parameters": {}}}]
        """#,
        // MCP, with a duplicate key (jansson refuses it; the fallback keeps both as before).
        #"{"tools": [{"name": "a", "description": "first", "description": "second", "inputSchema": {"type": "object"}}]}"#,
        // Not tools at all, and not JSON.
        #"{"hello": [1, 2, 3]}"#,
        "tools:\n  - name: yaml_tool\n",
    ])
    func jsonThroughJanssonReadsLikeTheSourceDocumentParser(text: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("toolwright-read-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t.tools.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let fast = try? PromptSetLoader.readToolSet(path: path)
        let slow = try? Self.slowPath(path)
        #expect(fast.map(Self.summary) == slow.map(Self.summary))
        // Every JSON case is read (the YAML text in a .json file goes wherever the parser takes it).
        if !text.hasPrefix("tools:") { #expect(fast != nil) }
    }
}
