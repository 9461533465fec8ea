import JSON

extension SyntaxTree {
    /// The document's value, as `parse(bytes, format:).jsonValue()` gives it, for callers that
    /// need no byte positions (the simulator's tool files). Plain well-formed JSON is read
    /// straight into `JSONValue` by `JSONParser` without building the tree: where that reader
    /// answers, jansson agrees, and where jansson accepts a text the tree reads the same value
    /// (the JSON fuzz target's invariant; `SyntaxTreeValueTests`). Anything else — JSON Lines,
    /// YAML, duplicate keys, a BOM, a syntax problem of any kind — goes through the full parse.
    public static func value(of bytes: [UInt8], format: DocumentFormat) -> JSONValue? {
        if format == .json, let value = JSONParser.parse(bytes) { return value }
        return parse(bytes, format: format).jsonValue()
    }
}
