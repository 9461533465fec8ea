import Foundation
import JSON
import Plugins
import Testing
import ToolModel

/// The shipped Swift plugin (`plugins/swift-example`, built with the package), run for real.
@Suite struct SwiftExamplePluginTests {
    static let tools = """
        {"tools": [
          {"name": "fetch_every_open_invoice_for_the_current_customer_account", "description": "Fetch invoices.",
           "inputSchema": {"type": "object", "properties": {
             "customer": {"type": "string", "description": "Customer id"}, "a/b": {"type": "integer"}},
             "required": ["customer", "status"]}},
          {"name": "ping", "description": "Check the service answers.", "inputSchema": {"type": "object"}}
        ]}
        """

    @Test func findingsArePointerAddressedWithAFixAndTheTextIsNotSent() async throws {
        let traffic = TrafficLog()
        let host = PluginHost(
            trust: WorkspaceTrust(storePath: nil), observer: { traffic.record($0) }, log: { traffic.log($0) })
        host.register(try PluginFixtures.swiftExample(), origin: .user)
        let (document, set) = Fixture.toolSet(Self.tools)
        let findings = await host.analyze(document, tools: set)
        let byRule = Dictionary(grouping: findings, by: \.ruleId)
        #expect(byRule["swift-example/name-length"]?.map(\.pointer.description) == ["/tools/0/name"])
        #expect(byRule["swift-example/name-length"]?.first?.severity == .warning)
        let undocumented = try #require(byRule["swift-example/param-undocumented"]?.first)
        #expect(undocumented.pointer.description == "/tools/0/inputSchema/properties/a~1b")
        #expect(undocumented.preferKey)
        #expect(undocumented.severity == .info)
        let required = try #require(byRule["swift-example/required-unknown"]?.first)
        #expect(required.pointer.description == "/tools/0/inputSchema/required/1")
        #expect(required.severity == .error)
        #expect(required.fixes.first?.operations == [.remove(required.pointer)])
        #expect(findings.count == 3)
        let pid = try #require(host.pid(of: "swift-example"))
        await host.stopAll()
        #expect(!PluginFixtures.isRunning(pid))

        let seen = traffic.traffic
        let analyze = try #require(seen.first { $0.method == "document/analyze" && !$0.isResult })
        // The plugin declined the document text in initialize, so the host left it out.
        #expect(analyze.payload["document"]?["text"] == nil)
        #expect(analyze.payload["document"]?["uri"]?.stringValue == document.uri)
        for item in seen { #expect(ProtocolSchema.violations(item) ?? [] == [], "\(ProtocolSchema.name(for: item))") }
        #expect(Set(seen.map(ProtocolSchema.name)).isSuperset(of: ["initialize.result", "shutdown.result"]))
    }

    @Test func settingsComeFromInitializeAndConfigurationChanges() async throws {
        let host = PluginHost(trust: WorkspaceTrust(storePath: nil), settings: ["maxNameLength": 3])
        host.register(try PluginFixtures.swiftExample(), origin: .user)
        let (document, set) = Fixture.toolSet(Self.tools)
        let first = await host.analyze(document, tools: set)
        #expect(first.filter { $0.ruleId == "swift-example/name-length" }.count == 2)
        host.didChangeConfiguration(["maxNameLength": 100])
        // No wait: the host sends the notification ahead of any later request.
        let second = await host.analyze(document, tools: set)
        #expect(!second.contains { $0.ruleId == "swift-example/name-length" })
        await host.stopAll()
    }

    @Test func theShippedManifestStartsThePluginThroughItsLauncher() async throws {
        let (loaded, problems) = PluginManifest.load(path: Fixture.path("plugins/swift-example/plugin.json"))
        var manifest = try #require(loaded)
        #expect(problems.isEmpty)
        #expect(manifest.command == ["./run.sh"])
        // The launcher execs the binary named here instead of searching .build (or building).
        manifest.environment["TOOLWRIGHT_SWIFT_EXAMPLE"] = try PluginFixtures.swiftExampleBinary()
        let health = await PluginProbe.run(manifest, workspaceRoot: nil)
        #expect(health.healthy, "\(health.error ?? "") \(health.stderrTail)")
        #expect(health.pluginInfo?["name"]?.stringValue == "swift-example")
        #expect(health.exit == "exit status 0")
    }
}
