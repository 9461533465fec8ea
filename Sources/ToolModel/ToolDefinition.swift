import JSON

/// A value together with the JSON Pointer it was read from.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var pointer: JSONPointer

    public init(_ value: Value, at pointer: JSONPointer) {
        self.value = value
        self.pointer = pointer
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// The tool-definition dialects Toolwright reads. Detected from content, never from file names.
public enum Dialect: String, Sendable, CaseIterable, Codable {
    /// MCP `Tool` objects: `tools/list` result, JSON-RPC response, bare array or single tool.
    case mcp
    /// OpenAI Chat Completions: `{"type":"function","function":{…}}`.
    case openaiChat = "openai-chat"
    /// OpenAI Responses: `{"type":"function","name":…,"parameters":…}`.
    case openaiResponses = "openai-responses"
    /// Anthropic Messages: `{"name","description","input_schema"}`.
    case anthropic
    /// Gemini `functionDeclarations` (bare or inside `tools: [...]`).
    case gemini
    /// Berkeley Function Calling Leaderboard function docs (`"type":"dict"` schemas, JSON Lines).
    case bfcl

    public var displayName: String {
        switch self {
        case .mcp: "MCP"
        case .openaiChat: "OpenAI Chat Completions"
        case .openaiResponses: "OpenAI Responses"
        case .anthropic: "Anthropic Messages"
        case .gemini: "Gemini"
        case .bfcl: "BFCL"
        }
    }

    /// The key under which this dialect keeps the parameter schema.
    public var schemaKey: String {
        switch self {
        case .mcp: "inputSchema"
        case .anthropic: "input_schema"
        case .openaiChat, .openaiResponses, .gemini, .bfcl: "parameters"
        }
    }
}

/// One tool, normalised across dialects. Every field remembers where it came from.
public struct ToolDefinition: Sendable {
    public var dialect: Dialect
    /// The tool's own object (for OpenAI Chat, the outer `{"type":"function",…}` object).
    public var pointer: JSONPointer
    /// The object holding `name`/`description`/schema (for OpenAI Chat, `…/function`).
    public var definitionPointer: JSONPointer
    public var name: Located<String>?
    public var title: Located<String>?
    public var description: Located<String>?
    /// The parameter schema (`inputSchema`, `input_schema` or `parameters`), as written.
    public var inputSchema: Located<JSONValue>?
    /// Where the input schema is, or would be if it were added.
    public var inputSchemaPointer: JSONPointer
    public var outputSchema: Located<JSONValue>?
    public var annotations: Located<JSONValue>?
    /// Provider extras kept verbatim: `strict`, `input_examples`, `cache_control`, `_meta`…
    public var extras: [String: Located<JSONValue>]
    /// The raw definition object (the one at `definitionPointer`).
    public var raw: JSONValue
    /// The tool list this tool belongs to: the tools of one API request, which must be unique by
    /// name. Usually the array holding the tool; for Gemini the `tools` array around several
    /// `functionDeclarations` lists; for BFCL records each record's `function` array.
    public var group: JSONPointer

    /// Always inlined: built by a call, a definition was copied field by field out of the
    /// call's result (a retain and a release per field, for every tool read).
    @inline(__always)
    public init(
        dialect: Dialect, pointer: JSONPointer, definitionPointer: JSONPointer, name: Located<String>? = nil,
        title: Located<String>? = nil, description: Located<String>? = nil, inputSchema: Located<JSONValue>? = nil,
        inputSchemaPointer: JSONPointer, outputSchema: Located<JSONValue>? = nil,
        annotations: Located<JSONValue>? = nil,
        extras: [String: Located<JSONValue>] = [:], raw: JSONValue, group: JSONPointer? = nil
    ) {
        self.dialect = dialect
        self.pointer = pointer
        self.definitionPointer = definitionPointer
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.inputSchemaPointer = inputSchemaPointer
        self.outputSchema = outputSchema
        self.annotations = annotations
        self.extras = extras
        self.raw = raw
        self.group = group ?? pointer.parent ?? .root
    }

    /// True when the input schema is Gemini's OpenAPI-subset `parameters` (upper-case type
    /// names such as `OBJECT` are valid there) rather than JSON Schema.
    public var usesOpenAPISchema: Bool {
        dialect == .gemini && inputSchemaPointer.lastToken == "parameters"
    }

    /// The name, or a placeholder for messages about unnamed tools.
    public var displayName: String { name?.value ?? "<unnamed tool>" }

    public func annotation(_ key: String) -> Bool? {
        annotations?.value[key]?.boolValue
    }
}

extension UnsafeMutablePointer where Pointee == ToolDefinition {
    /// Initializes the uninitialized definition here field by field, as
    /// `initialize(to: ToolDefinition(…))` would, with `group` given. A definition built whole and
    /// then stored, whether by `initialize(to:)` or an array's `append`, was copied and the
    /// original destroyed: a retain and a release per field, for every tool read.
    @inline(__always)
    func initializeFields(
        dialect: Dialect, pointer: consuming JSONPointer, definitionPointer: consuming JSONPointer,
        name: consuming Located<String>?, title: consuming Located<String>?,
        description: consuming Located<String>?, inputSchema: consuming Located<JSONValue>?,
        inputSchemaPointer: consuming JSONPointer, outputSchema: consuming Located<JSONValue>?,
        annotations: consuming Located<JSONValue>?, extras: consuming [String: Located<JSONValue>],
        raw: consuming JSONValue, group: consuming JSONPointer
    ) {
        self.pointer(to: \.dialect)!.initialize(to: dialect)
        self.pointer(to: \.pointer)!.initialize(to: pointer)
        self.pointer(to: \.definitionPointer)!.initialize(to: definitionPointer)
        self.pointer(to: \.name)!.initialize(to: name)
        self.pointer(to: \.title)!.initialize(to: title)
        self.pointer(to: \.description)!.initialize(to: description)
        self.pointer(to: \.inputSchema)!.initialize(to: inputSchema)
        self.pointer(to: \.inputSchemaPointer)!.initialize(to: inputSchemaPointer)
        self.pointer(to: \.outputSchema)!.initialize(to: outputSchema)
        self.pointer(to: \.annotations)!.initialize(to: annotations)
        self.pointer(to: \.extras)!.initialize(to: extras)
        self.pointer(to: \.raw)!.initialize(to: raw)
        self.pointer(to: \.group)!.initialize(to: group)
    }
}

/// The tools of one document.
public struct ToolSet: Sendable {
    public var uri: String
    public var dialect: Dialect?
    public var tools: [ToolDefinition]
    /// Findings from reading the document as tools (unrecognised shape, wrong field types).
    public var findings: [Finding]

    public init(uri: String, dialect: Dialect?, tools: [ToolDefinition], findings: [Finding] = []) {
        self.uri = uri
        self.dialect = dialect
        self.tools = tools
        self.findings = findings
    }
}
