import Foundation
import JSON
import Plugins

/// Validates payloads against `protocol/plugin-messages.schema.json`.
enum ProtocolSchema {
    static let document: JSONValue = {
        let text =
            (try? String(contentsOfFile: Fixture.path("protocol/plugin-messages.schema.json"), encoding: .utf8)) ?? ""
        return (try? Jansson.decode(text)) ?? .null
    }()

    /// The schema name for a payload: `<method>.params` or `<method>.result`.
    static func name(for item: PluginTraffic) -> String {
        item.method + (item.isResult ? ".result" : ".params")
    }

    /// Problems with a payload, or nil when the schema has no definition for it.
    static func violations(_ item: PluginTraffic) -> [SchemaViolation]? {
        guard let defs = document["$defs"], defs[name(for: item)] != nil else { return nil }
        let ref = "#/$defs/" + JSONPointer.escape(name(for: item))
        let schema: JSONValue = ["$ref": .string(ref), "$defs": defs]
        return SchemaValidator(schema: schema).validate(item.payload)
    }
}
