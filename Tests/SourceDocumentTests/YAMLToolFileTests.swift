import JSON
import SourceDocument
import Testing

/// Tool files written in YAML read as the same JSON value as their JSON twins.
@Suite struct YAMLToolFileTests {
    static let openAIYAML = """
        # OpenAI chat-completions tools, written as YAML
        - type: function
          function:
            name: get_weather
            description: >-
              Get the current weather for a city.
              Use it when the user asks about the weather.
            strict: true
            parameters:
              type: object
              properties:
                city:
                  type: string
                  description: "City name, e.g. Paris or 東京"
                unit:
                  type: string
                  enum: [celsius, fahrenheit]
                days:
                  type: integer
                  minimum: 1
                  maximum: 14
                  default: 3
                threshold: {type: number, default: 0.5, exclusiveMaximum: 1e2}
                note: {type: ["string", "null"], default: ~}
              required: [city]
              additionalProperties: false
        - type: function
          function:
            name: search_docs
            description: |
              Search the documentation.
              Returns at most ten results.
            parameters:
              type: object
              properties:
                query: {type: string, description: 'Free text, e.g. "install"'}
                tags:
                  type: array
                  items: {type: string}
                  maxItems: 0x10
              required: [query]

        """

    static let openAIJSON = """
        [
          {"type": "function", "function": {
            "name": "get_weather",
            "description": "Get the current weather for a city. Use it when the user asks about the weather.",
            "strict": true,
            "parameters": {
              "type": "object",
              "properties": {
                "city": {"type": "string", "description": "City name, e.g. Paris or 東京"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 14, "default": 3},
                "threshold": {"type": "number", "default": 0.5, "exclusiveMaximum": 100.0},
                "note": {"type": ["string", "null"], "default": null}
              },
              "required": ["city"],
              "additionalProperties": false
            }}},
          {"type": "function", "function": {
            "name": "search_docs",
            "description": "Search the documentation.\\nReturns at most ten results.\\n",
            "parameters": {
              "type": "object",
              "properties": {
                "query": {"type": "string", "description": "Free text, e.g. \\"install\\""},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 16}
              },
              "required": ["query"]
            }}}
        ]
        """

    static let mcpYAML = """
        jsonrpc: "2.0"
        id: 1
        result:
          tools:
            - name: read_file
              title: Read file
              description: Read a UTF-8 text file from the workspace.
              inputSchema:
                type: object
                properties:
                  path:
                    type: string
                    description: Path relative to the workspace root
                  offset: {type: integer, minimum: 0}
                required:
                  - path
              annotations:
                readOnlyHint: true
                destructiveHint: false
                openWorldHint: false
            - name: "delete_file"
              description: 'Delete a file. Cannot be undone.'
              inputSchema:
                type: object
                properties:
                  path: {type: string}
                required: [path]
              annotations: {readOnlyHint: false, destructiveHint: true}

        """

    static let mcpJSON = """
        {"jsonrpc": "2.0", "id": 1, "result": {"tools": [
          {"name": "read_file", "title": "Read file",
           "description": "Read a UTF-8 text file from the workspace.",
           "inputSchema": {"type": "object", "properties": {
              "path": {"type": "string", "description": "Path relative to the workspace root"},
              "offset": {"type": "integer", "minimum": 0}},
            "required": ["path"]},
           "annotations": {"readOnlyHint": true, "destructiveHint": false, "openWorldHint": false}},
          {"name": "delete_file", "description": "Delete a file. Cannot be undone.",
           "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]},
           "annotations": {"readOnlyHint": false, "destructiveHint": true}}
        ]}}
        """

    @Test(arguments: [(openAIYAML, openAIJSON), (mcpYAML, mcpJSON)])
    func yamlEqualsItsJSONTwin(yaml: String, json: String) throws {
        let doc = SourceDocument(uri: "tools.yaml", text: yaml)
        #expect(doc.tree.diagnostics.isEmpty)
        let expected = try Jansson.decode(json)
        #expect(doc.tree.jsonValue() == expected)
    }

    @Test func fieldsOfAToolPointAtTheirText() throws {
        let doc = SourceDocument(uri: "tools.yaml", text: YAMLToolFileTests.mcpYAML)
        let tool = JSONPointer.root / "result" / "tools" / 1
        let name = try #require(doc.tree.location(of: tool / "name"))
        #expect(String(decoding: doc.bytes[name.range], as: UTF8.self) == "\"delete_file\"")
        #expect(
            doc.range(of: tool / "name")
                == TextRange(start: .init(line: 20, character: 12), end: .init(line: 20, character: 25)))
        // A missing field lands on the deepest ancestor that exists, flagged inexact.
        let missing = try #require(doc.tree.location(of: tool / "inputSchema" / "properties" / "path" / "description"))
        #expect(missing.exact == false)
        #expect(String(decoding: doc.bytes[missing.range], as: UTF8.self) == "path")
    }

    /// JSON is (almost all) YAML 1.2: the JSON texts above, read as YAML, give jansson's value.
    @Test(arguments: [
        openAIJSON, mcpJSON, #"{"a":1,"b":"x\/y\u00e9\n","c":[true,false,null,-0,1.5E-3,12345678901234]}"#,
    ])
    func jsonTextReadAsYAMLMatchesJansson(json: String) throws {
        let tree = SyntaxTree.parse(Array(json.utf8), format: .yaml)
        #expect(tree.diagnostics.isEmpty)
        #expect(tree.jsonValue() == (try Jansson.decode(json)))
    }

    /// JSON writers escape characters beyond U+FFFF as surrogate pairs, which YAML does not
    /// have; such files still read as jansson reads them, with offsets intact.
    @Test func jsonSurrogatePairEscapesReadAsYAML() throws {
        let json = #"{"d": "smile \ud83d\ude00 and \\ud83d", "e": ["\uD834\uDD1E"], "f": 1}"#
        let tree = SyntaxTree.parse(Array(json.utf8), format: .yaml)
        #expect(tree.diagnostics.isEmpty)
        #expect(tree.jsonValue() == (try Jansson.decode(json)))
        let f = try #require(tree.location(of: JSONPointer.root / "f"))
        #expect(f.range == (json.utf8.count - 2)..<(json.utf8.count - 1))
        let e = try #require(tree.node(at: JSONPointer.root / "e" / 0))
        #expect(String(decoding: Array(json.utf8)[e.range], as: UTF8.self) == #""\uD834\uDD1E""#)
    }

    @Test func surrogateEscapesElsewhereStayLiteralText() {
        let tree = SyntaxTree.parse(Array(#"a: plain \ud83d\ude00"#.utf8), format: .yaml)
        #expect(tree.diagnostics.isEmpty)
        #expect(tree.jsonValue() == .object([JSONMember("a", .string(#"plain \ud83d\ude00"#))]))
    }
}
