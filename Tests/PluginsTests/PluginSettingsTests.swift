import Foundation
import JSON
import Plugins
import Testing
import ToolModel

/// Settings per plugin id: each plugin gets its own, a change reaches only the plugins it
/// changes, and settings that do not match a plugin's `settingsSchema` are logged.
@Suite struct PluginSettingsTests {
    /// The shipped Swift plugin under another id (its findings keep their `swift-example/` codes).
    private func swiftExample(id: String) throws -> PluginManifest {
        var manifest = try PluginFixtures.swiftExample()
        manifest.id = id
        return manifest
    }

    private func nameLengthFindings(_ findings: [Finding]) -> Int {
        findings.filter { $0.ruleId == "swift-example/name-length" }.count
    }

    @Test func eachPluginGetsItsOwnSettings() async throws {
        // Both tool names (57 and 4 characters) are longer than 3; neither is longer than 100.
        let host = PluginHost(
            trust: WorkspaceTrust(storePath: nil), settings: ["maxNameLength": 3],
            pluginSettings: ["lenient": ["maxNameLength": 100]])
        host.register(try swiftExample(id: "strict"), origin: .user)
        host.register(try swiftExample(id: "lenient"), origin: .user)
        #expect(host.settings(for: "strict") == ["maxNameLength": 3])
        #expect(host.settings(for: "lenient") == ["maxNameLength": 100])
        let (document, set) = Fixture.toolSet(SwiftExamplePluginTests.tools)
        // "strict" falls back to the shared settings; with them for both, there would be 4.
        #expect(nameLengthFindings(await host.analyze(document, tools: set)) == 2)
        await host.stopAll()
    }

    @Test func aChangeIsSentOnlyToThePluginsWhoseSettingsItChanges() async throws {
        let traffic = TrafficLog()
        let host = PluginHost(
            trust: WorkspaceTrust(storePath: nil),
            pluginSettings: ["a": ["maxNameLength": 100], "b": ["maxNameLength": 100]],
            observer: { traffic.record($0) })
        host.register(try swiftExample(id: "a"), origin: .user)
        host.register(try swiftExample(id: "b"), origin: .user)
        let (document, set) = Fixture.toolSet(SwiftExamplePluginTests.tools)
        #expect(nameLengthFindings(await host.analyze(document, tools: set)) == 0)

        host.didChangeConfiguration(pluginSettings: ["a": ["maxNameLength": 3], "b": ["maxNameLength": 100]])
        // No wait: the notification goes ahead of the next request.
        #expect(nameLengthFindings(await host.analyze(document, tools: set)) == 2)
        let notified = traffic.traffic.filter { $0.method == "workspace/didChangeConfiguration" }
        #expect(notified.map(\.payload) == [["settings": ["maxNameLength": 3]]])

        // The same map again changes nothing and sends nothing.
        host.didChangeConfiguration(pluginSettings: ["a": ["maxNameLength": 3], "b": ["maxNameLength": 100]])
        #expect(nameLengthFindings(await host.analyze(document, tools: set)) == 2)
        #expect(traffic.traffic.filter { $0.method == "workspace/didChangeConfiguration" }.count == 1)

        // Left out of the map, a plugin falls back to the shared settings ({}: its default of 40,
        // which only the 57-character name breaks, once per plugin).
        host.didChangeConfiguration(pluginSettings: [:])
        #expect(host.settings(for: "a") == .object([]))
        #expect(nameLengthFindings(await host.analyze(document, tools: set)) == 2)
        await host.stopAll()
    }

    @Test func settingsThatBreakTheSchemaAreLoggedAndStillSent() async throws {
        let traffic = TrafficLog()
        let host = PluginHost(
            trust: WorkspaceTrust(storePath: nil), pluginSettings: ["swift-example": ["maxNameLength": "long"]],
            observer: { traffic.record($0) }, log: { traffic.log($0) })
        host.register(try PluginFixtures.swiftExample(), origin: .user)
        let logged = traffic.logLines.filter { $0.contains("settingsSchema") }
        #expect(logged.count == 1)
        #expect(logged.first?.contains("/maxNameLength") == true, "\(logged)")
        let (document, set) = Fixture.toolSet(SwiftExamplePluginTests.tools)
        _ = await host.analyze(document, tools: set)
        let initialize = try #require(traffic.traffic.first { $0.method == "initialize" && !$0.isResult })
        #expect(initialize.payload["settings"] == ["maxNameLength": "long"])
        await host.stopAll()
    }
}
