import Foundation
import JSON
import Rules
import Testing
import ToolModel

@testable import LiveMCP

/// The reference servers from PyPI, over stdio: their live tool lists must match the captures.
@Suite struct RealServerTests {
    @Test func timeServerListsItsTools() async throws {
        let command = try TestServers.venvProgram("mcp-server-time")
        let clock = ContinuousClock()
        let start = clock.now
        // A generous grace after stdin closes: under load the server may take seconds to exit.
        let client = try await MCPStdioClient.start(
            command: command, arguments: ["--local-timezone=UTC"],
            timeouts: MCPTimeouts(initialize: 120, exitAfterClose: 30))
        let connected = clock.now
        let list = try await client.listTools()
        let listed = clock.now
        let second = try await client.listTools()
        let warm = clock.now - listed
        let status = await client.close()

        print(
            "time server: start+initialize \(connected - start), first tools/list \(listed - connected), warm tools/list \(warm)"
        )
        #expect(client.serverInfo.name == "mcp-time")
        #expect(client.serverInfo.protocolVersion == MCPProtocol.latestVersion)
        #expect(list.names == (try TestServers.sampleToolNames("mcp-server-time")))
        #expect(second.tools == list.tools)
        #expect(list.pages.count == 1)
        #expect(status == .exited(0))
        #expect(!TestServers.isRunning(client.processIdentifier))
    }

    @Test func fetchServerToolAddressesTheModel() async throws {
        let command = try TestServers.venvProgram("mcp-server-fetch")
        let client = try await MCPStdioClient.start(command: command, timeouts: TestServers.slowStart)
        let list = try await client.listTools()
        await client.close()

        #expect(list.names == (try TestServers.sampleToolNames("mcp-server-fetch")))
        let set = DialectDetector.toolSet(from: list.result, uri: "mcp://mcp-server-fetch")
        #expect(set.dialect == .mcp)
        let fetch = try #require(set.tools.first)
        #expect(fetch.name?.value == "fetch")
        #expect(fetch.description?.value.contains("now grants you internet access") == true)
    }

    @Test func gitServerListsTwelveTools() async throws {
        let command = try TestServers.venvProgram("mcp-server-git")
        let repository = TestServers.temporaryFile("repo")
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: repository) }
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "init", "-q", repository]
        try git.run()
        git.waitUntilExit()
        try #require(git.terminationStatus == 0)
        let client = try await MCPStdioClient.start(
            command: command, arguments: ["--repository", repository], timeouts: TestServers.slowStart)
        let list = try await client.listTools()
        await client.close()

        #expect(list.names == (try TestServers.sampleToolNames("mcp-server-git")))
        #expect(list.names.count == 12)
        // A real finding on the live list: the generated schemas leave parameters undescribed.
        let set = DialectDetector.toolSet(from: list.result, uri: "mcp://mcp-server-git")
        let findings = RuleEngine().run(on: set, targets: [.mcp])
        let undescribed = findings.filter { $0.ruleId == "param-no-description" }.map(\.pointer.description)
        #expect(undescribed.contains("/tools/0/inputSchema/properties/repo_path"))
    }
}
