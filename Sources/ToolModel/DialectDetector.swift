import JSON

/// Reads a JSON value as a tool set, detecting the dialect from its content.
/// (Implementation in progress.)
public enum DialectDetector {
    public static func toolSet(from value: JSONValue, uri: String) -> ToolSet {
        ToolSet(uri: uri, dialect: nil, tools: [])
    }
}
