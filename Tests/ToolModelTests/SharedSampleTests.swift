import JSON
import Testing
import ToolModel

/// The real captures and datasets in the shared research folder.
@Suite struct SharedSampleTests {
    @Test(arguments: [
        ("samples/mcp-server-fetch.tools-list.json", ["fetch"]),
        ("samples/mcp-server-time.tools-list.json", ["get_current_time", "convert_time"]),
        (
            "samples/mcp-server-git.tools-list.json",
            [
                "git_status", "git_diff_unstaged", "git_diff_staged", "git_diff", "git_commit", "git_add", "git_reset",
                "git_log", "git_create_branch", "git_checkout", "git_show", "git_branch",
            ]
        ),
    ])
    func mcpCaptures(_ path: String, _ names: [String]) throws {
        let set = DialectDetector.toolSet(from: try SharedData.json(path), uri: path)
        #expect(set.dialect == .mcp)
        #expect(set.findings.isEmpty)
        #expect(set.names == names)
        for (index, tool) in set.tools.enumerated() {
            #expect(tool.name?.pointer == pointer("/result/tools/\(index)/name"))
            #expect(tool.inputSchema?.pointer == pointer("/result/tools/\(index)/inputSchema"))
            #expect(tool.annotations?.pointer == pointer("/result/tools/\(index)/annotations"))
        }
    }

    @Test func captureInsideCaptureWrapper() throws {
        let response = try SharedData.json("samples/mcp-server-time.tools-list.json")
        let wrapped: JSONValue = ["_capture": ["server": "mcp-server-time"], "response": response]
        let set = DialectDetector.toolSet(from: wrapped, uri: "x")
        #expect(set.dialect == .mcp)
        #expect(set.tools.last?.name?.pointer == pointer("/response/result/tools/1/name"))
    }

    @Test func bfclJSONLinesRecords() throws {
        let value = try SharedData.jsonLines("datasets/bfcl-multiple-dev/BFCL_v4_multiple.json", limit: 5)
        let set = DialectDetector.toolSet(from: value, uri: "BFCL_v4_multiple.json")
        #expect(set.dialect == .bfcl)
        #expect(set.findings.isEmpty)
        #expect(set.tools.count == 12)
        #expect(set.tools.first?.name == Located("triangle_properties.get", at: pointer("/0/function/0/name")))
        let euclid = try #require(set.tools.first { $0.name?.value == "EuclideanDistance.calculate" })
        #expect(euclid.name?.pointer == pointer("/3/function/0/name"))
        #expect(euclid.inputSchemaPointer == pointer("/3/function/0/parameters"))
        #expect(euclid.group == pointer("/3/function"))
        #expect(set.tools.allSatisfy { $0.dialect == .bfcl })
    }

    @Test(arguments: [
        "datasets/bfcl-multiple-dev/possible_answer/BFCL_v4_multiple.json",
        "datasets/bfcl-multiple-dev/model_results/AIREV-Agent-0.8B/BFCL_v4_multiple_result.json",
        "datasets/seal-tools-dev/dev.jsonl",
    ])
    func jsonLinesWithoutToolDefinitions(_ path: String) throws {
        let set = DialectDetector.toolSet(from: try SharedData.jsonLines(path, limit: 5), uri: path)
        #expect(set.tools.isEmpty)
        #expect(set.findings.map(\.ruleId) == ["tool-dialect-unknown"])
    }

    @Test func sealToolsFineTuneFileIsNotAToolList() throws {
        let set = DialectDetector.toolSet(
            from: try SharedData.json("datasets/seal-tools-dev/dev.json"), uri: "dev.json")
        #expect(set.tools.isEmpty)
        #expect(set.findings.map(\.ruleId) == ["tool-dialect-unknown"])
    }
}
