import JSON
import Testing

@testable import LiveMCP

@Suite struct ClientPrefixingTests {
    @Test func presentedNames() {
        #expect(ClientPrefixing.claudeCode.presentedName(server: "git", tool: "git_status") == "mcp__git__git_status")
        #expect(ClientPrefixing.claudeCode.presentedName(server: "my.server", tool: "a b") == "mcp__my_server__a_b")
        #expect(ClientPrefixing.serverUnderscore.presentedName(server: "git", tool: "git_status") == "git_git_status")
        #expect(ClientPrefixing.none.presentedName(server: "git", tool: "git_status") == "git_status")
    }

    @Test func presentedToolsRenameOnlyTheName() {
        let tools: [JSONValue] = [
            ["description": "d", "name": "fetch", "inputSchema": ["type": "object"]],
            ["description": "nameless"],
        ]
        let renamed = ClientPrefixing.claudeCode.presentedTools(tools, server: "fetch")
        #expect(renamed[0] == ["description": "d", "name": "mcp__fetch__fetch", "inputSchema": ["type": "object"]])
        #expect(renamed[0].objectMembers?.map(\.key) == ["description", "name", "inputSchema"])
        #expect(renamed[1] == tools[1])
    }
}
