import JSON
import Rules
import Testing
import ToolModel

@Suite struct NamingSetRuleTests {
    static let longName = String(repeating: "weather_", count: 7) + "get"  // 59 characters

    static let cases: [RuleCase] = [
        .hit("name-prefixed-length", mcpTool(name: longName), .warning, at: "/tools/0/name", targets: [.claudeCode]),
        .clean("name-prefixed-length", mcpTool(name: "get_weather"), targets: [.claudeCode]),
        .clean("name-prefixed-length", mcpTool(name: longName), targets: [.mcp], "not a prefixing client"),
        .hit(
            "name-prefixed-length", mcpTool(name: "get_weather"), .warning, at: "/tools/0/name",
            targets: [.claudeCode], options: ["serverName": .string(String(repeating: "s", count: 50))],
            "long server key"),
        .hit("name-generic", mcpTool(name: "search"), .warning, at: "/tools/0/name"),
        .hit("name-generic", mcpTool(name: "get_data"), .warning, at: "/tools/0/name"),
        .clean("name-generic", mcpTool(name: "jira_search"), "a service prefix is specific"),
        .clean("name-generic", mcpTool(name: "read_file")),
    ]

    @Test(arguments: cases) func fixture(_ test: RuleCase) throws { try test.verify() }

    @Test func minorityStylePointsAtTheMajority() throws {
        let json = mcpTools(
            #"{"name":"get_weather","inputSchema":{}}"#, #"{"name":"list_cities","inputSchema":{}}"#,
            #"{"name":"getForecast","inputSchema":{}}"#, #"{"name":"alerts","inputSchema":{}}"#)
        let found = try findings("name-style-inconsistent", in: json)
        #expect(found.map(\.pointer) == [pointer("/tools/2/name")])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.related.map(\.pointer) == [pointer("/tools/0/name")])
        #expect(found.first?.message.contains("camelCase") == true)
    }

    @Test func oneStyleAndDottedNamespacesAreConsistent() throws {
        let snake = mcpTools(#"{"name":"get_weather","inputSchema":{}}"#, #"{"name":"list_cities","inputSchema":{}}"#)
        #expect(try findings("name-style-inconsistent", in: snake).isEmpty)
        let dotted = mcpTools(
            #"{"name":"math.gcd","inputSchema":{}}"#, #"{"name":"math.least_common_multiple","inputSchema":{}}"#)
        #expect(try findings("name-style-inconsistent", in: dotted).isEmpty)
    }

    @Test func namespaceMissingOnLargeUnprefixedSets() throws {
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
        let scattered = mcpTools(
            words.enumerated().map { #"{"name":"\#($1)_thing\#($0)","inputSchema":{}}"# }.joined(separator: ","))
        let found = try findings("name-namespace-missing", in: scattered)
        #expect(found.map(\.pointer) == [pointer("/tools/0/name")])
        #expect(found.first?.severity == .info)
        let prefixed = mcpTools(words.map { #"{"name":"weather_\#($0)","inputSchema":{}}"# }.joined(separator: ","))
        #expect(try findings("name-namespace-missing", in: prefixed).isEmpty)
        let few = mcpTools(words.prefix(5).map { #"{"name":"\#($0)_x","inputSchema":{}}"# }.joined(separator: ","))
        #expect(try findings("name-namespace-missing", in: few).isEmpty)
    }
}
