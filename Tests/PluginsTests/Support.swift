import Foundation
import JSON
import SourceDocument
import ToolModel

enum Fixture {
    /// Repository root, found from this file's path (tests run from any directory).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { repoRoot.appendingPathComponent(relative).path }

    static func toolSet(_ text: String, uri: String = "file:///w/tools.json") -> (SourceDocument, ToolSet) {
        let document = SourceDocument(uri: uri, text: text)
        let value = document.tree.jsonValue() ?? .null
        return (document, DialectDetector.toolSet(from: value, uri: uri))
    }

    static func json(_ text: String) -> JSONValue {
        (try? Jansson.decode(text)) ?? .null
    }

    static let mcpTools = """
        {"tools": [
          {"name": "getWeather", "description": "Weather.",
           "inputSchema": {"type": "object", "properties": {"City": {"type": "string"}, "days": {"type": "integer"}}}},
          {"name": "search_docs", "description": "Search the documentation index for pages matching a query.",
           "inputSchema": {"type": "object", "properties": {"query": {"type": "string", "description": "Text"}}}}
        ]}
        """
}
