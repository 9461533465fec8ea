import JSON
import Rules
import Testing
import Tokenizer
import ToolModel

/// Findings of one rule for the first document, with the others as its workspace.
func workspaceFindings(
    _ rule: String, in documents: [String], targets: Set<Target>? = nil, options: JSONValue = .object([])
) throws -> [Finding] {
    let sets = try documents.enumerated().map { index, json in
        DialectDetector.toolSet(from: try Jansson.decode(json), uri: "file:///server\(index).json")
    }
    let settings = [rule: RuleSetting(options: options)]
    return RuleEngine().run(
        on: sets[0], workspace: sets, targets: targets ?? Target.defaults(for: sets[0].dialect), settings: settings
    ).filter { $0.ruleId == rule }
}

@Suite struct SetRuleTests {
    static func tools(_ count: Int, prefix: String = "weather") -> String {
        mcpTools((0..<count).map { #"{"name":"\#(prefix)_tool_\#($0)","inputSchema":{}}"# }.joined(separator: ","))
    }

    @Test func toolCountDependsOnTheTarget() throws {
        let found = try findings("set-tool-count", in: Self.tools(21), targets: [.openai])
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.pointer == pointer("/tools"))
        #expect(try findings("set-tool-count", in: Self.tools(21), targets: [.mcp]).isEmpty)
        #expect(try findings("set-tool-count", in: Self.tools(41), targets: [.mcp]).map(\.severity) == [.info])
        #expect(try findings("set-tool-count", in: Self.tools(129), targets: [.openai]).map(\.severity) == [.error])
        #expect(try findings("set-tool-count", in: Self.tools(31), targets: [.anthropic]).map(\.severity) == [.warning])
        #expect(try findings("set-tool-count", in: Self.tools(19), targets: [.openai]).isEmpty)
    }

    @Test func toolCountAcrossTheWorkspace() throws {
        let found = try workspaceFindings(
            "set-tool-count", in: [Self.tools(12), Self.tools(12, prefix: "mail")], targets: [.openai])
        #expect(found.count == 1)
        #expect(found.first?.message.contains("24 tools across the workspace (12 here)") == true)
    }

    @Test func tokenBudgetCountsWithTheRealTokenizer() throws {
        let found = try findings("set-token-budget", in: Self.tools(3), options: ["maxTokens": 10])
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.pointer == pointer("/tools"))
        // The count is o200k_base tokens of each tool's compact JSON, summed.
        let encoding = try Encoding.named(.o200kBase)
        let expected = try toolSet(Self.tools(3)).tools.reduce(0) { $0 + encoding.count($1.raw.serialized()) }
        #expect(found.first?.message.contains("about \(expected) tokens (o200k_base)") == true, "\(found)")
        #expect(try findings("set-token-budget", in: Self.tools(3)).isEmpty)
    }

    static let readFile =
        #"{"name":"read_file","description":"Read the complete contents of a file from disk as text.","inputSchema":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}"#
    static let readText =
        #"{"name":"read_text_file","description":"Read the complete contents of a text file from disk.","inputSchema":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}"#

    @Test func nearDuplicatesPointAtEachOther() throws {
        let found = try findings("set-near-duplicate", in: mcpTools(Self.readFile, Self.readText))
        #expect(found.map(\.pointer) == [pointer("/tools/0/name"), pointer("/tools/1/name")])
        #expect(found.map(\.severity) == [.warning, .warning])
        #expect(found.map { $0.related.map(\.pointer) } == [[pointer("/tools/1/name")], [pointer("/tools/0/name")]])
        let distinct = mcpTools(
            Self.readFile, #"{"name":"send_email","description":"Send an email to a recipient.","inputSchema":{}}"#)
        #expect(try findings("set-near-duplicate", in: distinct).isEmpty)
    }

    @Test func nearDuplicatesAcrossDocumentsCarryTheURI() throws {
        let found = try workspaceFindings("set-near-duplicate", in: [mcpTools(Self.readFile), mcpTools(Self.readText)])
        #expect(found.count == 1)
        #expect(found.first?.related.first?.uri == "file:///server1.json")
        #expect(found.first?.related.first?.pointer == pointer("/tools/0/name"))
    }

    @Test func nearDuplicatesInSeparateBFCLRecordsAreNotCompared() throws {
        let record = { (id: String, f: String) in #"{"id":"\#(id)","question":[],"function":[\#(f)]}"# }
        let json = "[" + record("a", Self.readFile) + "," + record("b", Self.readText) + "]"
        #expect(try findings("set-near-duplicate", in: json).isEmpty)
    }

    @Test func shadowingCostOnTheDearerLookAlike() throws {
        let cheap =
            #"{"name":"search_issues","description":"Search issues in the tracker by text.","inputSchema":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}}"#
        let dear =
            #"{"name":"search_issues_in_project","description":"Search issues in the tracker by text.","inputSchema":{"type":"object","properties":{"q":{"type":"string"},"a":{"type":"string"},"b":{"type":"string"},"c":{"type":"string"},"d":{"type":"string"},"e":{"type":"string"}},"required":["q","a","b","c","d","e"]}}"#
        // Identical descriptions, but the extra name words keep the cosine near 0.77.
        let found = try findings("set-shadowing-cost", in: mcpTools(cheap, dear), options: ["threshold": 0.7])
        #expect(found.map(\.pointer) == [pointer("/tools/1/name")])
        #expect(found.first?.severity == .info)
        #expect(found.first?.related.map(\.pointer) == [pointer("/tools/0/name")])
        #expect(
            try findings(
                "set-shadowing-cost", in: mcpTools(cheap, cheap.replacingFirst("search_issues", "find_issues"))
            ).isEmpty)
    }

    @Test func consolidationOfCRUDFamilies() throws {
        let json = mcpTools(
            #"{"name":"create_user","inputSchema":{}}"#, #"{"name":"get_user","inputSchema":{}}"#,
            #"{"name":"delete_user","inputSchema":{}}"#, #"{"name":"get_weather","inputSchema":{}}"#)
        let found = try findings("set-consolidation-candidate", in: json)
        #expect(found.map(\.pointer) == [pointer("/tools/0/name")])
        #expect(found.first?.severity == .info)
        #expect(found.first?.related.map(\.pointer) == [pointer("/tools/1/name"), pointer("/tools/2/name")])
        let two = mcpTools(#"{"name":"create_user","inputSchema":{}}"#, #"{"name":"get_user","inputSchema":{}}"#)
        #expect(try findings("set-consolidation-candidate", in: two).isEmpty)
    }

    @Test func consolidationOfSequences() throws {
        let json = mcpTools(
            #"{"name":"list_users","description":"Lists users.","inputSchema":{}}"#,
            #"{"name":"create_event","description":"Creates an event; call list_users first to find attendees.","inputSchema":{}}"#
        )
        let found = try findings("set-consolidation-candidate", in: json)
        #expect(found.map(\.pointer) == [pointer("/tools/1/description")])
        #expect(found.first?.related.map(\.pointer) == [pointer("/tools/0/name")])
    }

    @Test func parameterNameDrift() throws {
        let tool = { (name: String, param: String) in
            #"{"name":"\#(name)","inputSchema":{"type":"object","properties":{"\#(param)":{"type":"string"}}}}"#
        }
        let json = mcpTools(tool("get_issue", "repo"), tool("list_pulls", "repo"), tool("get_commit", "repository"))
        let found = try findings("set-param-name-drift", in: json)
        #expect(found.map(\.pointer) == [pointer("/tools/2/inputSchema/properties/repository")])
        #expect(found.first?.severity == .info)
        #expect(found.first?.related.map(\.pointer) == [pointer("/tools/0/inputSchema/properties/repo")])
        let consistent = mcpTools(tool("get_issue", "repo"), tool("list_pulls", "repo"))
        #expect(try findings("set-param-name-drift", in: consistent).isEmpty)
    }

    @Test func nameCollisionAcrossServers() throws {
        let found = try workspaceFindings(
            "set-name-collision",
            in: [mcpTools(#"{"name":"search","inputSchema":{}}"#), mcpTools(#"{"name":"search","inputSchema":{}}"#)])
        #expect(found.map(\.pointer) == [pointer("/tools/0/name")])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.related.first?.uri == "file:///server1.json")
        let single = try workspaceFindings(
            "set-name-collision",
            in: [
                mcpTools(#"{"name":"search","inputSchema":{}}"#), mcpTools(#"{"name":"jira_search","inputSchema":{}}"#),
            ])
        #expect(single.isEmpty)
    }
}

extension String {
    func replacingFirst(_ target: String, _ replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return self[..<range.lowerBound] + replacement + self[range.upperBound...]
    }
}
