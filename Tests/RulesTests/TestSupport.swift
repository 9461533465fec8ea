import JSON
import Rules
import Testing
import ToolModel

func pointer(_ text: String) -> JSONPointer { JSONPointer(text)! }

func toolSet(_ json: String) throws -> ToolSet {
    DialectDetector.toolSet(from: try Jansson.decode(json), uri: "file:///tools.json")
}

/// Runs the catalogue (or one rule) through the engine and keeps the findings of `ruleId`.
func findings(
    _ ruleId: String, in json: String, targets: Set<Target>? = nil, options: JSONValue = .object([])
) throws -> [Finding] {
    let set = try toolSet(json)
    let engine = RuleEngine()
    let settings = [ruleId: RuleSetting(options: options)]
    return engine.run(on: set, targets: targets ?? Target.defaults(for: set.dialect), settings: settings)
        .filter { $0.ruleId == ruleId }
}

/// An MCP tools/list result with one tool.
func mcpTool(
    name: String = "get_weather", description: String? = "Get the current weather for a city by name.",
    schema: String = #"{"type":"object","properties":{"city":{"type":"string","description":"City name."}}}"#
) -> String {
    var fields = [#""name":"# + jsonString(name)]
    if let description { fields.append(#""description":"# + jsonString(description)) }
    fields.append(#""inputSchema":"# + schema)
    return #"{"tools":[{"# + fields.joined(separator: ",") + "}]}"
}

func jsonString(_ text: String) -> String { JSONValue.string(text).serialized() }
