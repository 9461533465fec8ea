import Foundation
import JSON
import Rules
import Testing
import ToolModel

@Suite struct CatalogueTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var allIds: [String] {
        RuleEngine().allMetadata.map(\.id) + BuiltinRules.documentCodes.map(\.id)
    }

    @Test func theFirstTenRulesAreRegistered() {
        let ids = Set(RuleEngine().allMetadata.map(\.id))
        let expected: Set<String> = [
            "name-target-pattern", "name-duplicate", "desc-missing", "desc-too-short", "param-no-description",
            "param-required-undefined", "schema-root-not-object", "schema-invalid", "sec-hidden-text",
            "sec-hidden-instruction-tag",
        ]
        #expect(expected.isSubset(of: ids))
    }

    @Test func idsAreUniqueAndWellFormed() {
        let ids = Self.allIds
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" }, "\(id)")
        }
    }

    @Test func everyIdHasADocsPage() throws {
        for id in Self.allIds {
            let page = Self.repoRoot.appendingPathComponent("docs/rules/\(id).md")
            guard FileManager.default.fileExists(atPath: page.path) else {
                Issue.record("missing docs/rules/\(id).md")
                continue
            }
            let text = try String(contentsOf: page, encoding: .utf8)
            #expect(text.hasPrefix("# \(id)"), "docs/rules/\(id).md must start with its id as title")
        }
        let index = try String(
            contentsOf: Self.repoRoot.appendingPathComponent("docs/rules/README.md"), encoding: .utf8)
        for id in Self.allIds {
            #expect(index.contains("(\(id).md)"), "docs/rules/README.md does not link \(id)")
        }
    }

    @Test func docsURLsNameTheirPage() {
        for meta in RuleEngine().allMetadata {
            #expect(meta.docsURL.hasSuffix("docs/rules/\(meta.id).md"))
            #expect(!meta.summary.isEmpty && !meta.explanation.isEmpty)
        }
    }

    @Test func readerFindingIdsAreDocumentCodes() {
        let codes = Set(BuiltinRules.documentCodes.map(\.id))
        #expect(codes.contains(ReaderFindings.dialectUnknownId))
        #expect(codes.contains(ReaderFindings.shapeId))
    }
}
