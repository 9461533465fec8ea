import Foundation
import JSON
import SourceDocument
import Testing
import ToolModel

@testable import Plugins

/// The host's per-version shortcuts under `toolHashes` (tools re-encoded only when their text
/// changed, remembered findings re-checked only for tools whose text or place changed) against
/// the plain protocol, over generated edit sequences: edits, insertions and deletions that move
/// tools, whitespace-only changes, case collisions, syntax errors, reverts. The plugins are the
/// Swift example and `cross-pointer.py`, whose findings partly point outside their own tool.
@Suite struct ToolHashesEditTests {
    struct Tool {
        var name: String
        var description: String?
        var properties: [(name: String, documented: Bool)]
        var ghost: Bool
        var spaced: Bool

        func render() -> String {
            let colon = spaced ? ":  " : ":"
            let properties = properties.map { property in
                let description = property.documented ? ", \"description\"\(colon)\"The \(property.name)\"" : ""
                return "\"\(property.name)\"\(colon){\"type\"\(colon)\"string\"\(description)}"
            }
            let required = ([properties.isEmpty ? nil : self.properties[0].name] + [ghost ? "ghost" : nil])
                .compactMap { $0 }.map { "\"\($0)\"" }
            let description = self.description.map { ", \"description\"\(colon)\(JSONValue.quoted($0))" } ?? ""
            return "{\"name\"\(colon)\"\(name)\"\(description), \"inputSchema\"\(colon){\"type\": \"object\", "
                + "\"properties\": {\(properties.joined(separator: ", "))}, \"required\": [\(required.joined(separator: ", "))]}}"
        }
    }

    static func render(_ tools: [Tool]) -> String {
        "{\"tools\": [\n" + tools.map { $0.render() }.joined(separator: ",\n") + "\n]}"
    }

    /// Texts of successive versions of one document.
    static func versions(seed: UInt64, count: Int) -> [String] {
        var random = SplitMix(seed: seed)
        func newTool(_ n: Int) -> Tool {
            Tool(
                name: "tool_\(n)", description: random.next() % 4 == 0 ? nil : "Looks up item \(n). TODO",
                properties: (0..<(random.next() % 4)).map { ("p\($0)", random.next() % 2 == 0) },
                ghost: random.next() % 3 == 0, spaced: false)
        }
        var tools = (0..<12).map(newTool)
        var texts: [String] = [render(tools)]
        for step in 1..<count {
            let k = random.next() % tools.count
            switch random.next() % 13 {
            case 0: tools[k].description = (tools[k].description ?? "Now described") + " v\(step)"
            case 10: tools[k].description = nil
            case 11: tools.append(newTool(100 + step))
            case 12: if tools.count > 1 { tools.removeLast() }
            case 1:
                if !tools[k].properties.isEmpty {
                    let p = random.next() % tools[k].properties.count
                    tools[k].properties[p].documented.toggle()
                }
            case 2: tools[k].ghost.toggle()
            case 3: tools.insert(newTool(100 + step), at: k)
            case 4: if tools.count > 1 { tools.remove(at: k) }
            case 5: tools[k].name = tools[random.next() % tools.count].name.uppercased()
            case 6: tools[k].spaced.toggle()
            case 7: break
            case 8:
                // A revert: an earlier text again (the model goes on from the current one).
                texts.append(texts[random.next() % texts.count])
                continue
            default:
                texts.append(render(tools) + ",")
                continue
            }
            texts.append(render(tools))
        }
        return texts
    }

    static func crossPointerPlugin() throws -> PluginManifest {
        let directory = try PluginFixtures.temporaryDirectory()
        let script = try String(
            contentsOfFile: Fixture.path("Tests/plugin-fixtures/cross-pointer.py"), encoding: .utf8)
        try script.write(toFile: directory + "/cross.py", atomically: true, encoding: .utf8)
        let manifest: JSONValue = [
            "id": "cross-pointer", "version": "1.0.0", "protocol": "toolwright-plugin/1",
            "command": ["python3", "-u", "cross.py"],
            "timeouts": ["initializeMs": 60000, "requestMs": 60000, "shutdownMs": 2000],
        ]
        let (parsed, problems) = PluginManifest.parse(manifest, directory: directory)
        guard let parsed, problems.isEmpty else { throw PluginFixtures.FixtureError(message: "\(problems)") }
        return parsed
    }

    /// Analyzes `document` with both hosts, expects the same findings from each and no failed
    /// plugin, and returns the plain protocol's findings.
    private static func plainFindingsMatch(
        _ negotiated: PluginHost, _ plain: PluginHost, _ document: SourceDocument, context: String
    ) async -> [Finding] {
        let set = DialectDetector.toolSet(from: document.tree.jsonValue() ?? .null, uri: document.uri)
        let fast = await negotiated.analyze(document, tools: set)
        let reference = await plain.analyze(document, tools: set)
        #expect(!reference.contains { $0.ruleId == PluginHost.failedRuleId }, "\(reference)")
        #expect(ToolHashesTests.summary(fast) == ToolHashesTests.summary(reference), "\(context)")
        return reference
    }

    @Test(arguments: [UInt64(1), 2])
    func generatedEditsGiveTheFindingsOfThePlainProtocol(seed: UInt64) async throws {
        let traffic = TrafficLog()
        let negotiated = PluginHost(trust: WorkspaceTrust(storePath: nil), observer: { traffic.record($0) })
        let plain = PluginHost(trust: WorkspaceTrust(storePath: nil), toolHashes: false)
        for host in [negotiated, plain] {
            host.register(try PluginFixtures.swiftExample(), origin: .user)
            host.register(try Self.crossPointerPlugin(), origin: .user)
        }
        var sawDropped = false
        for (index, text) in Self.versions(seed: seed, count: 50).enumerated() {
            let document = SourceDocument(uri: "file:///w/edited.tools.json", text: text, version: index)
            let reference = await Self.plainFindingsMatch(
                negotiated, plain, document, context: "seed \(seed) version \(index)")
            sawDropped = sawDropped || reference.contains { $0.ruleId == PluginHost.invalidResultRuleId }
        }
        // The last tool's `cross/next` names a tool that does not exist: dropped, and said so.
        #expect(sawDropped)
        // The shortcuts were taken: most tools went by reference.
        let requests = traffic.traffic.filter { $0.method == "document/analyze" && !$0.isResult }
        let tools = requests.flatMap { $0.payload["tools"]?.arrayValue ?? [] }
        #expect(tools.filter { $0.stringValue != nil }.count * 2 > tools.count)
        await negotiated.stopAll()
        await plain.stopAll()
    }

    /// Versions of a 30-tool document that change one tool, several, or move them all (a tool
    /// inserted or removed near the top), then revert. The host patches its last answer in
    /// place when a few tools changed and rebuilds it when many did (every tool of
    /// `cross-pointer.py`, whose findings point at the next tool, counts as changed each time);
    /// both must give the plain protocol's findings.
    @Test func wideEditsGiveTheFindingsOfThePlainProtocol() async throws {
        let negotiated = PluginHost(trust: WorkspaceTrust(storePath: nil))
        let plain = PluginHost(trust: WorkspaceTrust(storePath: nil), toolHashes: false)
        for host in [negotiated, plain] {
            host.register(try PluginFixtures.swiftExample(), origin: .user)
            host.register(try Self.crossPointerPlugin(), origin: .user)
        }
        func tool(_ n: Int, _ note: String = "") -> Tool {
            Tool(
                name: "tool_\(n)", description: n % 5 == 0 ? nil : "Looks up item \(n). TODO\(note)",
                properties: (0..<(n % 3)).map { ("p\($0)", ($0 + n) % 2 == 0) }, ghost: n % 4 == 0, spaced: false)
        }
        var tools = (0..<30).map { tool($0) }
        var texts = [Self.render(tools)]
        tools[7] = tool(7, " edited")
        texts.append(Self.render(tools))
        for k in [2, 11, 19, 25] { tools[k].ghost.toggle() }
        texts.append(Self.render(tools))
        tools.insert(tool(100), at: 1)
        texts.append(Self.render(tools))
        tools[3].description = nil
        texts.append(Self.render(tools))
        tools.remove(at: 0)
        texts.append(Self.render(tools))
        texts.append(texts[1])
        texts.append(texts[2])
        for (index, text) in texts.enumerated() {
            let document = SourceDocument(uri: "file:///w/wide.tools.json", text: text, version: index)
            _ = await Self.plainFindingsMatch(negotiated, plain, document, context: "version \(index)")
        }
        await negotiated.stopAll()
        await plain.stopAll()
    }

    /// The host's memory of the last answer per document (tools recognised by identity) must
    /// not outlive what it rests on: two documents share one plugin process, sometimes with
    /// the same text (the same hashes, one memory of findings, two last answers), and settings
    /// changes clear the memory of findings in between (a stale last answer would keep
    /// name-length findings of the old limit).
    @Test func interleavedDocumentsAndSettingsChangesGiveThePlainFindings() async throws {
        let negotiated = PluginHost(trust: WorkspaceTrust(storePath: nil))
        let plain = PluginHost(trust: WorkspaceTrust(storePath: nil), toolHashes: false)
        for host in [negotiated, plain] {
            host.register(try PluginFixtures.swiftExample(), origin: .user)
            host.register(try Self.crossPointerPlugin(), origin: .user)
        }
        let texts = Self.versions(seed: 3, count: 30)
        var sawNameLength = false
        for step in texts.indices {
            if step % 10 == 9 {
                let limit: JSONValue = ["maxNameLength": step % 20 == 9 ? 5 : 40]
                negotiated.didChangeConfiguration(limit)
                plain.didChangeConfiguration(limit)
                // No wait: the host sends the notification ahead of any later request.
            }
            // Document b trails a by three versions: the same texts, later.
            for (uri, text) in [("a", texts[step]), ("b", texts[max(0, step - 3)])] {
                let document = SourceDocument(uri: "file:///w/\(uri).tools.json", text: text, version: step)
                let reference = await Self.plainFindingsMatch(
                    negotiated, plain, document, context: "step \(step) document \(uri)")
                sawNameLength = sawNameLength || reference.contains { $0.ruleId == "swift-example/name-length" }
            }
        }
        #expect(sawNameLength)
        await negotiated.stopAll()
        await plain.stopAll()
    }
}
