import Analysis
import Foundation
import JSON
import Rules
import Testing

@Suite struct ConfigurationSchemaTests {
    static let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("protocol/config.schema.json")

    static func schema() throws -> JSONValue {
        try Jansson.decode(String(contentsOf: schemaURL, encoding: .utf8))
    }

    @Test func listsEveryRuleAndTarget() throws {
        let schema = try Self.schema()
        let ruleKeys = Set(
            (schema.resolve(JSONPointer("/properties/rules/properties")!)?.objectMembers ?? []).map(\.key))
        #expect(ruleKeys == ConfigurationLoader.builtinRuleIds)
        let targets = schema.resolve(JSONPointer("/$defs/target/enum")!)?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(Set(targets) == Set(Target.allCases.map(\.rawValue)))
    }

    @Test func topLevelKeysMatchTheReader() throws {
        let schema = try Self.schema()
        let keys = Set((schema["properties"]?.objectMembers ?? []).map(\.key))
        #expect(keys == ["$schema", "targets", "rules", "ignore", "plugins", "pluginSettings"])
        // Every key the schema offers is accepted by the reader without a finding.
        let config = Configuration.read(
            [
                "$schema": "x", "targets": ["mcp"], "rules": [:], "ignore": ["paths": [], "tools": []], "plugins": [],
                "pluginSettings": ["p": ["n": 1]],
            ],
            uri: "", knownRules: ConfigurationLoader.builtinRuleIds)
        #expect(config.findings.isEmpty)
    }
}
