import Foundation
import JSON
import Plugins
import Testing

@Suite struct KeywordSelectorPluginTests {
    @Test func ranksTheMatchingToolFirstAndRespectsTheLimit() async throws {
        let (manifest, problems) = PluginManifest.load(path: Fixture.path("plugins/keyword-selector/plugin.json"))
        #expect(problems.isEmpty)
        let traffic = TrafficLog()
        let host = PluginHost(trust: WorkspaceTrust(storePath: nil), observer: { traffic.record($0) })
        host.register(try #require(manifest), origin: .user)
        let tools: [JSONValue] = [
            ["name": "send_email", "description": "Send an email message to a recipient."],
            ["name": "getWeatherForecast", "description": "Weather forecast for a city."],
            ["name": "list_files", "description": "List files in a directory."],
        ]
        let results = await host.select(query: "what is the weather forecast in Paris", tools: tools, limit: 2)
        let ranked = try #require(try results["keyword-selector"]?.get()["ranked"]?.arrayValue)
        #expect(ranked.count == 2)
        #expect(ranked.first?["name"]?.stringValue == "getWeatherForecast")
        #expect(ranked.first?["reason"]?.stringValue == "forecast weather")
        // The analyzer-less selector is never asked to analyze.
        let (document, set) = Fixture.toolSet(Fixture.mcpTools)
        #expect(await host.analyze(document, tools: set).isEmpty)
        await host.stopAll()
        for item in traffic.traffic {
            #expect(ProtocolSchema.violations(item) == [], "\(ProtocolSchema.name(for: item))")
        }
    }
}
