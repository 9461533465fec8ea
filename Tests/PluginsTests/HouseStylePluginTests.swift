import Foundation
import JSON
import Plugins
import SourceDocument
import Testing
import ToolModel

/// The shipped Python plugin, run for real, with every payload checked against the protocol schemas.
@Suite struct HouseStylePluginTests {
    static let tools = """
        {"tools": [
          {"name": "read_file", "description": "This tool lets you read a file. TODO: limits",
           "inputSchema": {"type": "object", "properties": {
             "path": {"type": "string", "description": "FIXME"}, "a~b/c": {"type": "string", "description": "TBD"}}}},
          {"name": "list_dir", "description": "Lists a directory.", "inputSchema": {"type": "object"}}
        ]}
        """

    @Test func analyzesAToolFileWithPointerAddressedFindingsAndFixes() async throws {
        let traffic = TrafficLog()
        let host = PluginHost(
            trust: WorkspaceTrust(storePath: nil), observer: { traffic.record($0) }, log: { traffic.log($0) })
        host.register(try PluginFixtures.houseStyle(), origin: .user)
        let (document, set) = Fixture.toolSet(Self.tools)
        let findings = await host.analyze(document, tools: set)
        let byRule = Dictionary(grouping: findings, by: \.ruleId)
        let verb = try #require(byRule["house-style/description-starts-with-verb"]?.first)
        #expect(verb.pointer.description == "/tools/0/description")
        #expect(verb.severity == .warning)
        let fix = try #require(verb.fixes.first)
        #expect(fix.operations == [.replace(verb.pointer, "Read a file. TODO: limits")])
        #expect(
            Set(byRule["house-style/no-placeholder"]?.map(\.pointer.description) ?? []) == [
                "/tools/0/description", "/tools/0/inputSchema/properties/path/description",
                "/tools/0/inputSchema/properties/a~0b~1c/description",
            ])
        #expect(!findings.contains { $0.pointer.description.hasPrefix("/tools/1") })
        // Quick fixes on request, too.
        let fixes = await host.codeActions(document, at: verb.pointer, findings: [verb])
        #expect(fixes.first?.operations == [.replace(verb.pointer, "Read a file. TODO: limits")])
        // Selection.
        let ranked = await host.select(
            query: "list the directory",
            tools: set.tools.map {
                ["name": .string($0.name?.value ?? ""), "description": .string($0.description?.value ?? "")]
            }, limit: 1)
        let result = try #require(try ranked["house-style"]?.get())
        #expect(result["ranked"]?[0]?["name"]?.stringValue == "list_dir")
        let pid = try #require(host.pid(of: "house-style"))
        await host.stopAll()
        #expect(!PluginFixtures.isRunning(pid))

        // Every payload on the wire matches its schema, and the log notification arrived.
        let seen = traffic.traffic
        let methods = Set(seen.map(ProtocolSchema.name))
        for expected in [
            "initialize.params", "initialize.result", "document/analyze.params", "document/analyze.result",
            "document/codeActions.params", "document/codeActions.result", "tools/select.params",
            "tools/select.result", "window/logMessage.params", "shutdown.result",
        ] {
            #expect(methods.contains(expected), "no \(expected) seen")
        }
        for item in seen {
            let problems = ProtocolSchema.violations(item)
            #expect(problems != nil, "no schema for \(ProtocolSchema.name(for: item))")
            #expect(problems?.isEmpty == true, "\(ProtocolSchema.name(for: item)): \(problems ?? [])")
        }
        #expect(traffic.logLines.contains { $0.contains("house-style ready") })
    }

    @Test func settingsChangeReachesThePlugin() async throws {
        let host = PluginHost(trust: WorkspaceTrust(storePath: nil), settings: ["maxParameters": 5])
        host.register(try PluginFixtures.houseStyle(), origin: .user)
        let (document, set) = Fixture.toolSet(Self.tools)
        #expect(!(await host.analyze(document, tools: set)).contains { $0.ruleId == "house-style/max-parameters" })
        host.didChangeConfiguration(["maxParameters": 1])
        // No wait: the host sends the notification ahead of any later request.
        let findings = await host.analyze(document, tools: set)
        #expect(
            findings.first { $0.ruleId == "house-style/max-parameters" }?.pointer.description
                == "/tools/0/inputSchema/properties")
        await host.stopAll()
    }

    @Test func shippedManifestsMatchTheManifestSchema() throws {
        let schemaText = try String(
            contentsOfFile: Fixture.path("protocol/plugin-manifest.schema.json"), encoding: .utf8)
        let validator = SchemaValidator(schema: try Jansson.decode(schemaText))
        let manifestText = try String(contentsOfFile: Fixture.path("plugins/house-style/plugin.json"), encoding: .utf8)
        #expect(validator.validate(try Jansson.decode(manifestText)).isEmpty)
        let broken = Fixture.json(#"{"id": "X Y", "protocol": "other/2", "command": []}"#)
        #expect(validator.validate(broken).count >= 3)
    }

    @Test func manifestProblemsPointIntoTheManifest() {
        let (manifest, findings) = PluginManifest.parse(
            Fixture.json(#"{"id": "x", "protocol": "other/2", "command": [], "timeouts": {"requestMs": -1}}"#),
            directory: "/tmp")
        #expect(manifest == nil)
        #expect(Set(findings.map(\.pointer.description)) == ["/protocol", "/command", "/timeouts/requestMs"])
    }

    @Test func activationPatterns() throws {
        var manifest = try PluginFixtures.houseStyle()
        manifest.documentPatterns = ["**/*.tools.json", "mcp.json"]
        #expect(manifest.isActive(for: "file:///w/a/b/x.tools.json"))
        #expect(manifest.isActive(for: "file:///w/x.tools.json"))
        #expect(manifest.isActive(for: "file:///w/deep/mcp.json"))
        #expect(!manifest.isActive(for: "file:///w/x.json"))
    }
}
