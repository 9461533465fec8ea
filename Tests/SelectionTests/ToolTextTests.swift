import JSON
import TestSupport
import Testing
import ToolModel

@testable import Selection

/// `ToolText` reads each property's fields in one pass over its members; it must collect what
/// the straightforward reading (one subscript per field, the last of a repeated key) collects.
@Suite struct ToolTextTests {
    struct Reference {
        var names: [String] = []
        var text: [String] = []

        mutating func collect(_ schema: JSONValue, depth: Int) {
            guard depth < ToolText.maxDepth, case .object = schema else { return }
            for member in schema["properties"]?.objectMembers ?? [] {
                names.append(member.key)
                let property = member.value
                if let text = property["description"]?.stringValue { self.text.append(text) }
                if let values = property["enum"]?.arrayValue {
                    let strings = values.prefix(ToolText.maxEnumValues).compactMap(\.stringValue)
                    if !strings.isEmpty { self.text.append(strings.joined(separator: " ")) }
                }
                collect(property, depth: depth + 1)
                if let items = property["items"] { collect(items, depth: depth + 1) }
            }
        }
    }

    static func schema(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        if depth > 5 || pick(4) == 0 {
            return [.string("x"), .integer(3), .null, .array(["a", 1, "b"])][pick(4)]
        }
        var members: [JSONMember] = []
        let keys = ["properties", "description", "enum", "items", "type", "title", "descriptioN", "item"]
        for _ in 0..<pick(7) {
            let key = keys[pick(keys.count)]
            let value: JSONValue
            switch key {
            case "properties":
                value = .object(
                    (0..<pick(4)).map { _ in
                        JSONMember(["p", "q", "p", "é"][pick(4)], schema(&random, depth: depth + 1))
                    })
            case "description", "descriptioN", "title": value = pick(5) == 0 ? .integer(1) : .string("d\(pick(100))")
            case "enum": value = .array((0..<pick(30)).map { $0 % 3 == 0 ? .integer(Int64($0)) : .string("e\($0)") })
            case "items", "item": value = schema(&random, depth: depth + 1)
            default: value = .string("object")
            }
            members.append(JSONMember(key, value))
        }
        return .object(members)
    }

    @Test func collectsWhatTheSubscriptsFind() {
        var random = SplitMix64(seed: 31)
        for round in 0..<400 {
            let schema = Self.schema(&random, depth: 0)
            let tool = ToolDefinition(
                dialect: .mcp, pointer: .root, definitionPointer: .root, name: Located("t", at: .root),
                inputSchema: Located(schema, at: .root), inputSchemaPointer: .root, raw: .object([]))
            let text = ToolText(tool)
            var reference = Reference()
            reference.collect(schema, depth: 0)
            #expect(text.parameterNames == reference.names, "round \(round): \(schema.serialized())")
            #expect(text.parameterText == reference.text, "round \(round): \(schema.serialized())")
        }
    }
}
