import JSON
import Selection
import ToolModel

/// A tool set from JSON text (any dialect the reader knows).
func tools(_ json: String, uri: String = "file:///t.tools.json") throws -> ToolSet {
    DialectDetector.toolSet(from: try Jansson.decode(json), uri: uri)
}

/// MCP tools from (name, description) pairs.
func mcpTools(_ entries: [(String, String)], uri: String = "file:///t.tools.json") -> ToolSet {
    let list: [JSONValue] = entries.map { name, description in
        .object([
            JSONMember("name", .string(name)), JSONMember("description", .string(description)),
            JSONMember("inputSchema", .object([JSONMember("type", "object")])),
        ])
    }
    return DialectDetector.toolSet(from: .object([JSONMember("tools", .array(list))]), uri: uri)
}

func pointer(_ text: String) -> JSONPointer { JSONPointer(text)! }
