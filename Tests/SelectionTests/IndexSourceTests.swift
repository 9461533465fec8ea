import JSON
import TestSupport
import Testing
import ToolModel

@testable import Selection

/// The simulator builds its index straight from the tool definitions (`SchemaWords`), not from
/// a `ToolText` per tool; both must give the same index, field for field. The synonym ids come
/// from a stored text instead of the groups: they must be the groups' table.
@Suite struct IndexSourceTests {
    /// Every field the index builds, compared exactly (doubles and floats by value, which is
    /// their bits here: none is NaN).
    static func expectSame(_ a: SelectionIndex, _ b: SelectionIndex, _ label: String) {
        #expect(a.toolCount == b.toolCount, "\(label)")
        #expect(a.termText == b.termText, "\(label)")
        #expect(a.surface == b.surface, "\(label)")
        #expect(a.idf == b.idf, "\(label)")
        #expect(a.postingStart == b.postingStart, "\(label)")
        #expect(a.postingTool == b.postingTool, "\(label)")
        #expect(a.postingContribution == b.postingContribution, "\(label)")
        #expect(a.denseRow == b.denseRow, "\(label)")
        #expect(a.denseContributions == b.denseContributions, "\(label)")
        #expect(a.toolTerms.map { $0.map(\.id) } == b.toolTerms.map { $0.map(\.id) }, "\(label)")
        #expect(a.toolTerms.map { $0.map(\.frequency) } == b.toolTerms.map { $0.map(\.frequency) }, "\(label)")
        #expect(a.synonyms == b.synonyms, "\(label)")
        #expect(a.nameTerms == b.nameTerms, "\(label)")
        #expect(a.namePostingStart == b.namePostingStart, "\(label)")
        #expect(a.namePostingTool == b.namePostingTool, "\(label)")
        #expect(a.nameIDF == b.nameIDF, "\(label)")
        #expect(a.requiresNumber == b.requiresNumber, "\(label)")
        #expect(a.numberTools == b.numberTools, "\(label)")
        #expect(a.lexicon.terms == b.lexicon.terms, "\(label)")
        #expect(a.lexicon.pieces == b.lexicon.pieces, "\(label)")
        #expect(a.toolVectors.values == b.toolVectors.values, "\(label)")
    }

    /// The index from `ToolText`s, as `SelectionSimulator.init(toolSets:)` built it before.
    static func fromTexts(_ sets: [ToolSet], options: ScorerOptions) -> SelectionIndex {
        let texts = sets.flatMap { set in set.tools.filter { $0.name != nil }.map { ToolText($0) } }
        return SelectionIndex(texts: texts, options: options)
    }

    static let optionSets: [ScorerOptions] = {
        var lexical = ScorerOptions.default
        lexical.semanticWeight = 0
        var plain = ScorerOptions.default
        plain.stemming = false
        plain.abbreviations = false
        return [.default, lexical, plain]
    }()

    /// Random MCP tools: titles (some empty), descriptions (some missing), the random schemas
    /// of `ToolTextTests` (nesting, `items`, long enums, repeated keys, non-object values),
    /// `required` lists naming typed, untyped, repeated and absent parameters, camelCase and
    /// non-ASCII words, tools without a name (skipped by both).
    static func randomSet(_ random: inout SplitMix64, tools count: Int) -> ToolSet {
        func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        let words = [
            "getWeather", "Fetch the current weather", "café crème", "HTMLParser", "user_id", "the", "info",
            "repo", "booking", "searches", "2024", "créer un rendez-vous", "lookupOrders", "price in EUR",
            "", "a.b.c", "Maximum number of results",
        ]
        var list: [JSONValue] = []
        for t in 0..<count {
            var members: [JSONMember] = []
            if pick(12) != 0 { members.append(JSONMember("name", .string("\(words[pick(words.count)])_\(t)"))) }
            if pick(3) == 0 {
                members.append(JSONMember("title", .string(pick(4) == 0 ? "" : words[pick(words.count)])))
            }
            if pick(6) != 0 {
                members.append(
                    JSONMember(
                        "description",
                        .string((0..<pick(6)).map { _ in words[pick(words.count)] }.joined(separator: " "))))
            }
            var schema = ToolTextTests.schema(&random, depth: 0)
            if case .object(var fields) = schema, pick(2) == 0 {
                var properties: [JSONMember] = []
                for p in 0..<pick(5) {
                    let type = ["integer", "string", "number", "float", "double", "int", "boolean"][pick(7)]
                    var field: [JSONMember] = [JSONMember("description", .string(words[pick(words.count)]))]
                    if pick(4) != 0 { field.append(JSONMember("type", .string(type))) }
                    properties.append(JSONMember("p\(p)", .object(field)))
                }
                fields.append(JSONMember("properties", .object(properties)))
                let required = (0..<pick(4)).map { _ in JSONValue.string("p\(pick(6))") }
                fields.append(JSONMember("required", .array(required + (pick(3) == 0 ? [.integer(1)] : []))))
                schema = .object(fields)
            }
            members.append(JSONMember("inputSchema", schema))
            list.append(.object(members))
        }
        return DialectDetector.toolSet(from: .object([JSONMember("tools", .array(list))]), uri: "file:///r.tools.json")
    }

    @Test func definitionsGiveTheIndexOfToolTexts() {
        var random = SplitMix64(seed: 8)
        for round in 0..<40 {
            let sets = (0..<(1 + round % 3)).map { _ in Self.randomSet(&random, tools: 1 + Int(random.next() % 40)) }
            for (o, options) in Self.optionSets.enumerated() {
                Self.expectSame(
                    Self.fromTexts(sets, options: options), SelectionIndex(toolSets: sets, options: options),
                    "round \(round), options \(o)")
            }
        }
    }

    @Test func devSetToolsGiveTheIndexOfToolTexts() throws {
        var sets: [ToolSet] = []
        for item in try SharedData.bfclItems().prefix(300) { sets.append(item.toolSet) }
        for item in try SharedData.sealItems().prefix(300) { sets.append(item.toolSet) }
        for (o, options) in Self.optionSets.enumerated() {
            Self.expectSame(
                Self.fromTexts(sets, options: options), SelectionIndex(toolSets: sets, options: options),
                "options \(o)")
        }
    }

    /// `Synonyms.ids` against the groups' table looked up term by term, for vocabularies
    /// holding all, some or none of its terms.
    @Test func storedSynonymsAreTheGroupsTable() {
        for stemming in [true, false] {
            let table = Synonyms.build(stemming: stemming)
            let terms = Set(table.keys).union(table.values.flatMap { $0 }).sorted()
            #expect(!terms.isEmpty)
            for keep in [1, 2, 3, 7] {
                var vocabulary = TermIds()
                var count = 0
                for (i, term) in terms.enumerated() where i % keep == 0 {
                    vocabulary.insert(term, id: count)
                    count += 1
                }
                vocabulary.insert("unrelated", id: count)
                count += 1
                var expected = [[Int]](repeating: [], count: count)
                for (term, others) in table {
                    guard let id = vocabulary.find(term) else { continue }
                    let known = others.compactMap { vocabulary.find($0) }
                    if !known.isEmpty { expected[id] = known }
                }
                let ids = Synonyms.ids(stemming: stemming, vocabulary: vocabulary, termCount: count)
                #expect(ids == expected, "stemming \(stemming), keep every \(keep)")
                #expect(ids.contains { !$0.isEmpty })
            }
        }
    }
}
