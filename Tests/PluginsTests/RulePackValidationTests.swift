import Foundation
import JSON
import Plugins
import Rules
import SourceDocument
import Testing
import ToolModel

@Suite struct RulePackValidationTests {
    private func load(_ text: String, uri: String = "file:///p.yaml") -> (RulePack?, [Finding]) {
        RulePack.load(SourceDocument(uri: uri, text: text))
    }

    @Test func badEntriesArePointedAtInThePackFile() {
        let text = """
            rules:
              good:
                given: $.tools[*].name
                then: {function: truthy}
              unknown-function:
                given: $.tools[*].name
                then: {function: shout}
              bad-selector:
                given: $.tools[?(@.name)]
                then: {function: truthy}
              bad-regex:
                given: $.tools[*].name
                then: {function: pattern, functionOptions: {match: "(unclosed"}}
              bad-casing:
                given: $.tools[*].name
                then: {function: casing, functionOptions: {type: screaming}}
              missing-then:
                given: $.tools[*]
              extra-key:
                given: $.tools[*]
                then: {function: defined}
                colour: red
            """
        let (pack, findings) = load(text)
        let pointers = Set(findings.map(\.pointer.description))
        #expect(pointers.contains("/rules/unknown-function/then/function"))
        #expect(pointers.contains("/rules/bad-selector/given"))
        #expect(pointers.contains("/rules/bad-regex/then/functionOptions/match"))
        #expect(pointers.contains("/rules/bad-casing/then/functionOptions/type"))
        #expect(pointers.contains("/rules/missing-then"))
        #expect(pointers.contains("/rules/extra-key/colour"))
        #expect(findings.allSatisfy { $0.ruleId == RulePack.invalidRuleId && $0.severity == .error })
        // The valid rules still load.
        #expect(pack?.rules.map(\.metadata.id) == ["good"])
        // Every pointer resolves in the pack document, so an editor can underline it.
        let document = SourceDocument(uri: "file:///p.yaml", text: text)
        for finding in findings {
            #expect(document.tree.location(of: finding.pointer)?.exact == true, "\(finding.pointer)")
        }
    }

    @Test func unreadablePackIsOneFinding() {
        let (pack, findings) = load("{\"rules\": ", uri: "file:///p.json")
        #expect(pack == nil)
        #expect(findings.count == 1)
        #expect(findings.first?.ruleId == RulePack.invalidRuleId)
    }

    @Test func missingRulesIsReportedAtTheRoot() {
        let (pack, findings) = load("{\"id\": \"x\"}", uri: "file:///p.json")
        #expect(pack == nil)
        #expect(findings.map(\.pointer) == [.root])
        #expect(findings.first?.message.contains("rules") == true)
    }

    @Test func embeddedSchemaEqualsTheProtocolFile() throws {
        let onDisk = try Jansson.decode(
            try String(contentsOfFile: Fixture.path("protocol/rule-pack.schema.json"), encoding: .utf8))
        // A pack valid by the on-disk schema is accepted, and a rule with an unknown key is not:
        // the loader's behaviour follows that file.
        let validator = SchemaValidator(schema: onDisk)
        let good = Fixture.json(#"{"rules": {"a": {"given": "$", "then": {"function": "defined"}}}}"#)
        let bad = Fixture.json(#"{"rules": {"a": {"given": "$", "then": {"function": "defined"}, "x": 1}}}"#)
        #expect(validator.isValid(good))
        #expect(!validator.isValid(bad))
        #expect(RulePack.schema == onDisk)
    }

    @Test func shippedPacksAreValidAndFindThings() throws {
        for name in ["enterprise-strict.yaml", "mcp-author.yaml"] {
            let path = Fixture.path("plugins/packs/\(name)")
            let (pack, findings) = RulePack.load(path: path)
            #expect(findings.isEmpty, "\(name): \(findings)")
            let loaded = try #require(pack)
            #expect(loaded.rules.count >= 3, "\(name)")
            let (_, set) = Fixture.toolSet(Fixture.mcpTools)
            let found = RuleEngine(toolRules: loaded.rules, setRules: []).run(on: set, targets: [.mcp])
            #expect(!found.isEmpty, "\(name) finds nothing in a file with a camelCase name and a 1-word description")
        }
    }
}
