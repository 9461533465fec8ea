import Foundation
import JSON
import Plugins
import Testing
import ToolModel

/// Prints figures for the Python plugin; asserts only that the runs produced findings.
@Suite struct PluginBenchmarkTests {
    @Test func pythonPluginSpawnAndWarmAnalyzeOnAHundredTools() async throws {
        let tools = (0..<100).map { i in
            #"{"name": "tool_\#(i)", "description": "This tool reads item \#(i). TODO", "inputSchema": {"type": "object", "properties": {"id": {"type": "string", "description": "Item id"}}}}"#
        }
        let (document, set) = Fixture.toolSet("[" + tools.joined(separator: ",") + "]")
        #expect(set.tools.count == 100)
        let host = PluginHost(trust: WorkspaceTrust(storePath: nil))
        host.register(try PluginFixtures.houseStyle(), origin: .user)
        let clock = ContinuousClock()
        var first: [Finding] = []
        let cold = await clock.measure { first = await host.analyze(document, tools: set) }
        #expect(first.count == 200)
        var samples: [Duration] = []
        for _ in 0..<30 {
            var found: [Finding] = []
            samples.append(await clock.measure { found = await host.analyze(document, tools: set) })
            #expect(found.count == 200)
        }
        samples.sort()
        print(
            "plugin benchmark (python house-style, 100 tools): spawn+initialize+first analyze \(cold); "
                + "warm analyze median \(samples[samples.count / 2]), p90 \(samples[samples.count * 9 / 10])")
        await host.stopAll()
    }
}
