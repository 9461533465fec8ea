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

    /// `value(of:format:)` with the format `DocumentFormat.detect(uri:bytes:)` gives, without
    /// its content sniffing where it cannot matter: a document named neither JSON Lines nor YAML
    /// whose first significant byte opens an object or array is JSON or JSON Lines to `detect`,
    /// and a text that `JSONParser` reads whole is never JSON Lines to `sniff` (that needs a `}`
    /// line followed by a `{` line, which one JSON text never has). The sniff scans up to the
    /// first line feed: the whole of a one-line file.
    public static func value(of bytes: [UInt8], uri: String) -> JSONValue? {
        if opensJSONContainer(bytes), !namesOtherFormat(uri), let value = JSONParser.parse(bytes) { return value }
        return value(of: bytes, format: DocumentFormat.detect(uri: uri, bytes: bytes))
    }

    /// The value of `value(of:uri:)` where `JSONParser` gives it (a JSON object or array read
    /// whole, in a file not named JSON Lines or YAML), else nil: then ask `value(of:uri:)`. For
    /// bytes that are no array (a mapped file).
    public static func parsedJSONValue(of bytes: UnsafeRawBufferPointer, uri: String) -> JSONValue? {
        guard opensJSONContainer(bytes), !namesOtherFormat(uri) else { return nil }
        return JSONParser.parse(bytes)
    }

    private static func opensJSONContainer(_ bytes: some Sequence<UInt8>) -> Bool {
        for byte in bytes {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): return true
            default: return false
            }
        }
        return false
    }

    private static func namesOtherFormat(_ uri: String) -> Bool {
        let lower = uri.lowercased()
        return lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".yaml")
            || lower.hasSuffix(".yml")
    }
}
