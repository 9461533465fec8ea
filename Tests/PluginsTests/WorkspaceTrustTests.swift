import Foundation
import JSON
import Plugins
import Testing
import ToolModel

@Suite struct WorkspaceTrustTests {
    /// A workspace folder holding a copy of the house-style plugin under `plugins/`.
    private func workspaceWithPlugin() throws -> String {
        let root = try PluginFixtures.temporaryDirectory()
        let target = root + "/plugins/house-style"
        try FileManager.default.createDirectory(atPath: root + "/plugins", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixture.path("plugins/house-style"), toPath: target)
        return root
    }

    private let tools = #"[{"name": "a", "description": "TODO", "inputSchema": {"type": "object"}}]"#

    @Test func workspacePluginStartsOnlyAfterTrust() async throws {
        let root = try workspaceWithPlugin()
        let trust = WorkspaceTrust(storePath: nil)
        let host = PluginHost(trust: trust)
        let problems = host.discover(workspaceRoot: root)
        #expect(problems.isEmpty)
        let (document, set) = Fixture.toolSet(tools, uri: "file://\(root)/tools.json")

        let before = await host.analyze(document, tools: set)
        #expect(before.map(\.ruleId) == [PluginHost.untrustedRuleId])
        #expect(before.first?.message.contains(root) == true)
        #expect(before.first?.message.contains("house-style") == true)
        #expect(before.first?.message.contains("trust") == true)
        #expect(host.pid(of: "house-style") == nil)
        #expect(host.statuses().first?.state == "untrusted")

        try trust.trust(root)
        let after = await host.analyze(document, tools: set)
        #expect(after.contains { $0.ruleId == "house-style/no-placeholder" })
        #expect(!after.contains { $0.ruleId == PluginHost.untrustedRuleId })
        #expect(host.pid(of: "house-style") != nil)
        await host.stopAll()
    }

    @Test func userPluginsRunWithoutTrust() async throws {
        let host = PluginHost(trust: WorkspaceTrust(storePath: nil))
        host.register(try PluginFixtures.houseStyle(), origin: .user)
        let (document, set) = Fixture.toolSet(tools)
        #expect(await host.analyze(document, tools: set).contains { $0.ruleId == "house-style/no-placeholder" })
        await host.stopAll()
    }

    @Test func trustStorePersistsAndCoversSubfolders() throws {
        let directory = try PluginFixtures.temporaryDirectory()
        let store = directory + "/config/toolwright/trusted.json"
        let first = WorkspaceTrust(storePath: store)
        #expect(!first.isTrusted("/srv/project"))
        try first.trust("/srv/project/", persist: true)
        let second = WorkspaceTrust(storePath: store)
        #expect(second.isTrusted("/srv/project"))
        #expect(second.isTrusted("file:///srv/project/sub"))
        #expect(!second.isTrusted("/srv/project-other"))
        #expect(!second.isTrusted("/srv"))
        let written = try Jansson.decode(try String(contentsOfFile: store, encoding: .utf8))
        #expect(written["trusted"]?[0]?.stringValue == "/srv/project")
    }

    @Test func explicitRootsNeedNoStore() {
        let trust = WorkspaceTrust(trustedRoots: ["/a/b"], storePath: nil)
        #expect(trust.isTrusted("/a/b/c"))
        #expect(!trust.isTrusted("/a"))
    }
}
