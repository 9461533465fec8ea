import Foundation
import JSON
import SourceDocument
import TestSupport
import Testing
import ToolModel

@testable import Plugins

/// The fast `document/analyze` path: params encoded straight to bytes (with a per-tool cache
/// across document versions) and the negotiated `toolHashes` extension, checked against the
/// plain path and the reference encoding, over the real Swift plugin.
@Suite struct ToolHashesTests {
    /// Documents in several dialects and formats, with escapes, non-ASCII text, nulls and
    /// missing fields, generated from a seed.
    static func documents(seed: Int) -> [String] {
        var generator = SplitMix(seed: UInt64(seed))
        func text() -> String {
            let pieces = ["Look up", "a \"quoted\" word", "tab\there", "naïve café", "emoji 🧰", "back\\slash", "TODO"]
            return (0..<(1 + generator.next() % 3)).map { _ in pieces[generator.next() % pieces.count] }
                .joined(separator: " ")
        }
        func schema() -> String {
            let properties = (0..<(generator.next() % 4)).map { i in
                generator.next() % 2 == 0
                    ? "\"p\(i)\": {\"type\": \"string\"}"
                    : "\"p\(i)\": {\"type\": \"number\", \"description\": \(JSONValue.quoted(text())), \"minimum\": 1.5}"
            }
            let required = generator.next() % 2 == 0 ? ", \"required\": [\"p0\", \"ghost\"]" : ""
            return "{\"type\": \"object\", \"properties\": {\(properties.joined(separator: ", "))}\(required)}"
        }
        let count = 1 + generator.next() % 6
        let mcp = (0..<count).map { i in
            let title = generator.next() % 3 == 0 ? ", \"title\": null, \"annotations\": {\"readOnlyHint\": true}" : ""
            return
                "{\"name\": \"tool_\(i)\", \"description\": \(JSONValue.quoted(text())), \"inputSchema\": \(schema())\(title)}"
        }
        let openai = (0..<count).map { i in
            "{\"type\": \"function\", \"function\": {\"name\": \"fn_\(i)\", \"description\": \(JSONValue.quoted(text())), \"parameters\": \(schema())}}"
        }
        let anthropic = (0..<count).map { i in
            "{\"name\": \"a\(i)\", \"input_schema\": \(schema())}"
        }
        return [
            "{\"tools\": [\(mcp.joined(separator: ",\n"))]}",
            "[\(openai.joined(separator: ", "))]",
            "[\(anthropic.joined(separator: ", "))]",
            "tools:\n  - name: yaml_tool\n    description: \(text().replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\\", with: "/"))\n    inputSchema: {type: object}\n",
        ]
    }

    @Test func encodedParamsAreByteForByteTheReferenceEncoding() throws {
        let cache = ToolEncodingCache()
        for seed in 0..<40 {
            for (index, text) in Self.documents(seed: seed).enumerated() {
                // The same URI for every seed, so the cache compares each version with the last.
                let uri = index == 3 ? "file:///w/tools-\(index).yaml" : "file:///w/tools-\(index).json"
                let (document, set) = Fixture.toolSet(text, uri: uri)
                let settings: JSONValue = ["maxNameLength": .integer(Int64(seed))]
                for withText in [true, false] {
                    let reference = JSONWriter.bytes(
                        PluginMessages.analyzeParams(document, tools: set, settings: settings, includeText: withText))
                    let request = AnalyzeRequest(document: document, tools: set, settings: settings, cache: cache)
                    #expect(request.encoded(withText: withText) == reference, "seed \(seed) document \(index)")
                    // The hashed form is the same tools with a hash each, or the hash alone.
                    let hashed = try Jansson.decode(request.encoded(withText: withText, hashes: true) { _ in false })
                    let plain = try Jansson.decode(reference)
                    let tools = try #require(hashed["tools"]?.arrayValue)
                    #expect(tools.count == set.tools.count)
                    for (tool, expected) in zip(tools, plain["tools"]?.arrayValue ?? []) {
                        let members = try #require(tool.objectMembers)
                        #expect(members.first?.key == "hash")
                        #expect(JSONValue.object(Array(members.dropFirst())) == expected)
                    }
                    let references = try Jansson.decode(request.encoded(withText: withText, hashes: true) { _ in true })
                    #expect(
                        references["tools"]?.arrayValue?.map(\.stringValue) == request.tools.map(\.hash))
                }
            }
        }
    }

    @Test func aToolIsReencodedExactlyWhenItChanged() throws {
        let cache = ToolEncodingCache()
        let before = Self.hundredTools { _ in "" }
        let after = Self.hundredTools { $0 == 41 ? " (edited)" : "" }
        let (first, firstSet) = Fixture.toolSet(before)
        let (second, secondSet) = Fixture.toolSet(after)
        let old = AnalyzeRequest(document: first, tools: firstSet, settings: [:], cache: cache).tools.map(\.hash)
        let new = AnalyzeRequest(document: second, tools: secondSet, settings: [:], cache: cache).tools.map(\.hash)
        #expect(old.count == 100 && Set(old).count == 100)
        #expect(zip(old, new).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset) == [41])
        // Reverting reuses nothing stale: the hash is the original one again.
        let (third, thirdSet) = Fixture.toolSet(before)
        #expect(AnalyzeRequest(document: third, tools: thirdSet, settings: [:], cache: cache).tools.map(\.hash) == old)
    }

    @Test func theEncodingCacheIsBoundedByDocumentsAndBytes() {
        let text = Self.hundredTools { _ in "" }
        let byCount = ToolEncodingCache(capacity: 2)
        let byBytes = ToolEncodingCache(capacity: 64, maxBytes: text.utf8.count * 3)
        for i in 0..<5 {
            let (document, set) = Fixture.toolSet(text, uri: "file:///w/\(i).tools.json")
            _ = AnalyzeRequest(document: document, tools: set, settings: [:], cache: byCount).tools
            _ = AnalyzeRequest(document: document, tools: set, settings: [:], cache: byBytes).tools
        }
        #expect(byCount.documentCount == 2)
        // Each document keeps its text, its tools' text and their encoding, more than twice
        // its size: a budget of three times its size cannot hold two.
        #expect(byBytes.documentCount == 1)
    }

    static func hundredTools(caseCollision: Bool = false, suffix: (Int) -> String) -> String {
        let tools = (0..<100).map { i in
            let name = caseCollision && i == 99 ? "TOOL_003" : "tool_\(String(format: "%03d", i))"
            return """
                {"name": "\(name)", "description": "Looks up record \(i)\(suffix(i)). TODO",
                 "inputSchema": {"type": "object", "properties": {"id": {"type": "string", "description": "Record id"},
                 "verbose": {"type": "boolean"}}, "required": ["id"\(i % 10 == 0 ? ", \"ghost\"" : "")]}}
                """
        }
        return "{\"tools\": [\n" + tools.joined(separator: ",\n") + "\n]}"
    }

    /// Ids, pointers, messages, severities and fixes, in order.
    static func summary(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.ruleId) \($0.severity) \($0.pointer) \($0.preferKey) \($0.message) \($0.fixes)" }
    }

    @Test func negotiatedAndPlainPathsGiveIdenticalFindingsOverRealProcesses() async throws {
        let traffic = TrafficLog()
        let negotiated = PluginHost(trust: WorkspaceTrust(storePath: nil), observer: { traffic.record($0) })
        let plain = PluginHost(trust: WorkspaceTrust(storePath: nil), toolHashes: false)
        negotiated.register(try PluginFixtures.swiftExample(), origin: .user)
        plain.register(try PluginFixtures.swiftExample(), origin: .user)
        let versions = [
            Self.hundredTools { _ in "" },
            Self.hundredTools { _ in "" },
            Self.hundredTools { $0 == 7 ? " (edited)" : "" },
            Self.hundredTools(caseCollision: true) { $0 == 7 ? " (edited)" : "" },
            Self.hundredTools { " v\($0)" },
        ]
        var sizes: [Int] = []
        for (index, text) in versions.enumerated() {
            let document = SourceDocument(uri: "file:///w/hundred.tools.json", text: text, version: index)
            let set = DialectDetector.toolSet(from: document.tree.jsonValue() ?? .null, uri: document.uri)
            let fast = await negotiated.analyze(document, tools: set)
            let reference = await plain.analyze(document, tools: set)
            #expect(!reference.isEmpty)
            #expect(!reference.contains { $0.ruleId.hasPrefix("plugin-") }, "\(reference)")
            #expect(Self.summary(fast) == Self.summary(reference), "version \(index)")
            let request = try #require(traffic.traffic.last { $0.method == "document/analyze" && !$0.isResult })
            sizes.append(JSONWriter.bytes(request.payload).count)
            let tools = request.payload["tools"]?.arrayValue ?? []
            let references = tools.filter { $0["pointers"] == nil }.count
            // What went by reference: nothing at first, everything when unchanged, all but the
            // edited tool after a one-tool edit, nothing when every tool changed.
            #expect(references == [0, 100, 99, 99, 0][index], "version \(index)")
        }
        #expect(
            traffic.traffic.contains { item in
                item.isResult
                    && item.payload["findings"]?.arrayValue?.contains {
                        $0["code"]?.stringValue == "swift-example/name-case-collision"
                    } == true
            })
        #expect(sizes[1] * 5 < sizes[0], "\(sizes)")
        await negotiated.stopAll()
        await plain.stopAll()
        let seen = traffic.traffic
        #expect(
            seen.contains {
                $0.method == "initialize" && $0.isResult
                    && $0.payload["capabilities"]?["analyze"]?["toolHashes"] == true
            })
        for item in seen { #expect(ProtocolSchema.violations(item) ?? [] == [], "\(ProtocolSchema.name(for: item))") }
    }

    @Test func aPluginThatDroppedToolsGetsThemAgainInFull() async throws {
        let traffic = TrafficLog()
        // The plugin keeps 3 tools; the host believes it has all 100 after the first request.
        let host = PluginHost(
            trust: WorkspaceTrust(storePath: nil), settings: ["toolCacheEntries": 3],
            observer: { traffic.record($0) })
        let plain = PluginHost(trust: WorkspaceTrust(storePath: nil), toolHashes: false)
        host.register(try PluginFixtures.swiftExample(), origin: .user)
        plain.register(try PluginFixtures.swiftExample(), origin: .user)
        let (document, set) = Fixture.toolSet(Self.hundredTools(caseCollision: true) { _ in "" })
        let reference = await plain.analyze(document, tools: set)
        for _ in 0..<2 {
            let found = await host.analyze(document, tools: set)
            #expect(Self.summary(found) == Self.summary(reference))
        }
        let requests = traffic.traffic.filter { $0.method == "document/analyze" && !$0.isResult }
        let inFull = requests.map { ($0.payload["tools"]?.arrayValue ?? []).filter { $0["pointers"] != nil }.count }
        // First request in full; the second by reference, refused (-32040); its retry in full.
        #expect(inFull == [100, 0, 100])
        #expect(traffic.traffic.filter { $0.method == "document/analyze" && $0.isResult }.count == 2)
        await host.stopAll()
        await plain.stopAll()
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
    private var random: SplitMix64
    init(seed: UInt64) { random = SplitMix64(seed: seed) }
    /// A non-negative `Int`.
    mutating func next() -> Int { Int(truncatingIfNeeded: random.next() >> 1) }
}

/// The Python house-style plugin takes the extension statelessly (its checks look at one tool
/// at a time): the same findings as over the plain protocol.
@Suite struct HouseStyleToolHashesTests {
    @Test func negotiatedAndPlainPathsGiveIdenticalFindings() async throws {
        let traffic = TrafficLog()
        let negotiated = PluginHost(trust: WorkspaceTrust(storePath: nil), observer: { traffic.record($0) })
        let plain = PluginHost(trust: WorkspaceTrust(storePath: nil), toolHashes: false)
        negotiated.register(try PluginFixtures.houseStyle(), origin: .user)
        plain.register(try PluginFixtures.houseStyle(), origin: .user)
        let versions = [
            ToolHashesTests.hundredTools { _ in "" },
            ToolHashesTests.hundredTools { _ in "" },
            ToolHashesTests.hundredTools { $0 == 50 ? " (this tool is edited)" : "" },
        ]
        for (index, text) in versions.enumerated() {
            let document = SourceDocument(uri: "file:///w/house.tools.json", text: text, version: index)
            let set = DialectDetector.toolSet(from: document.tree.jsonValue() ?? .null, uri: document.uri)
            let fast = await negotiated.analyze(document, tools: set)
            let reference = await plain.analyze(document, tools: set)
            #expect(reference.count >= 100)
            #expect(!reference.contains { $0.ruleId.hasPrefix("plugin-") }, "\(reference)")
            #expect(ToolHashesTests.summary(fast) == ToolHashesTests.summary(reference), "version \(index)")
        }
        await negotiated.stopAll()
        await plain.stopAll()
        let requests = traffic.traffic.filter { $0.method == "document/analyze" && !$0.isResult }
        #expect(
            requests.map { ($0.payload["tools"]?.arrayValue ?? []).filter { $0["pointers"] != nil }.count } == [
                100, 0, 1,
            ])
        #expect(requests.allSatisfy { $0.payload["document"]?["text"] == nil })
        for item in traffic.traffic {
            #expect(ProtocolSchema.violations(item) ?? [] == [], "\(ProtocolSchema.name(for: item))")
        }
    }
}
