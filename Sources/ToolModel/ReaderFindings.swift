import JSON

/// Findings the dialect reader itself emits. They are not rules (nothing to configure per
/// target), but they have ids and doc pages like rules do.
public enum ReaderFindings {
    /// The document matches no known tool-definition shape.
    public static let dialectUnknownId = "tool-dialect-unknown"
    /// An entry or field of a recognised document has the wrong shape.
    public static let shapeId = "tool-shape"

    /// The shapes the reader accepts, for the one finding an unrecognised document gets.
    public static let expectedShapes = [
        #"MCP: {"tools":[{"name","inputSchema",…}]}, a JSON-RPC tools/list response, a bare array of tools or one tool"#,
        #"OpenAI Chat: [{"type":"function","function":{"name","parameters"}}] (or inside {"tools":[…]})"#,
        #"OpenAI Responses: [{"type":"function","name","parameters"}]"#,
        #"Anthropic: [{"name","description","input_schema"}] (or inside {"tools":[…]})"#,
        #"Gemini: {"functionDeclarations":[…]}, [{"functionDeclarations":[…]}] or {"tools":[{"functionDeclarations":[…]}]}"#,
        #"BFCL: function docs with "parameters":{"type":"dict"} or JSON Lines records {"id","question","function":[…]}"#,
    ]

    static func unknown(reason: String?) -> Finding {
        let lead = reason ?? "This document does not look like a list of tool definitions."
        let message = lead + " Expected one of: " + expectedShapes.joined(separator: "; ") + "."
        return Finding(ruleId: dialectUnknownId, severity: .error, message: message, pointer: .root)
    }

    static func shape(
        _ message: String, at pointer: JSONPointer, severity: Severity = .error, preferKey: Bool = false
    ) -> Finding {
        Finding(ruleId: shapeId, severity: severity, message: message, pointer: pointer, preferKey: preferKey)
    }

    /// "an array", "a string"… for messages.
    static func article(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        case .integer: "an integer"
        default: "a " + value.typeName
        }
    }
}
