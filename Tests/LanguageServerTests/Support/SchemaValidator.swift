import Foundation
import JSON

/// The subset of JSON Schema the files in `protocol/` use: type, enum, const, properties,
/// required, additionalProperties, items, minItems/maxItems, minimum/maximum, oneOf, anyOf, and
/// `$ref` to `#/$defs/…` in the same or a sibling file.
struct SchemaValidator {
    let directory: URL
    private var cache: [String: JSONValue] = [:]

    static var protocolDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("protocol")
    }

    init(directory: URL = SchemaValidator.protocolDirectory) {
        self.directory = directory
    }

    mutating func load(_ file: String) throws -> JSONValue {
        if let hit = cache[file] { return hit }
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        let value = try Jansson.decode([UInt8](data))
        cache[file] = value
        return value
    }

    /// Problems found validating `value` against `file#fragment` (empty when valid).
    mutating func validate(_ value: JSONValue, against reference: String) throws -> [String] {
        let (file, fragment) = split(reference, base: "")
        var problems: [String] = []
        try check(value, try resolve(file, fragment), file: file, path: "", problems: &problems)
        return problems
    }

    private func split(_ reference: String, base: String) -> (String, String) {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let file = parts[0].isEmpty ? base : String(parts[0])
        return (file, parts.count > 1 ? String(parts[1]) : "")
    }

    private mutating func resolve(_ file: String, _ fragment: String) throws -> JSONValue {
        let root = try load(file)
        guard let pointer = JSONPointer(fragment), let schema = root.resolve(pointer) else {
            throw TestFailure("unresolvable $ref \(file)#\(fragment)")
        }
        return schema
    }

    private mutating func check(
        _ value: JSONValue, _ schema: JSONValue, file: String, path: String, problems: inout [String]
    ) throws {
        if let ref = schema["$ref"]?.stringValue {
            let (refFile, fragment) = split(ref, base: file)
            try check(value, try resolve(refFile, fragment), file: refFile, path: path, problems: &problems)
        }
        if let type = schema["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            let actual = value.typeName
            if !allowed.contains(actual) && !(actual == "integer" && allowed.contains("number")) {
                problems.append("\(path): \(actual) is not \(allowed)")
                return
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(path): \(value.serialized()) not in enum")
        }
        if let constant = schema["const"], constant != value {
            problems.append("\(path): \(value.serialized()) is not \(constant.serialized())")
        }
        if let minimum = schema["minimum"]?.numberValue, let n = value.numberValue, n < minimum {
            problems.append("\(path): below minimum")
        }
        if let maximum = schema["maximum"]?.numberValue, let n = value.numberValue, n > maximum {
            problems.append("\(path): above maximum")
        }
        for key in ["oneOf", "anyOf"] {
            guard let branches = schema[key]?.arrayValue else { continue }
            var matches = 0
            for branch in branches {
                var inner: [String] = []
                try check(value, branch, file: file, path: path, problems: &inner)
                if inner.isEmpty { matches += 1 }
            }
            if matches == 0 || (key == "oneOf" && matches > 1) {
                problems.append("\(path): \(matches) branches of \(key) match")
            }
        }
        if case .object(let members) = value {
            let properties = schema["properties"]?.objectMembers ?? []
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            where !members.contains(where: { $0.key == required }) {
                problems.append("\(path): missing \(required)")
            }
            for member in members {
                if let property = properties.first(where: { $0.key == member.key }) {
                    try check(
                        member.value, property.value, file: file, path: path + "/" + member.key, problems: &problems)
                } else if let additional = schema["additionalProperties"] {
                    if additional == false {
                        problems.append("\(path): unexpected member \(member.key)")
                    } else if case .object = additional {
                        try check(
                            member.value, additional, file: file, path: path + "/" + member.key, problems: &problems)
                    }
                }
            }
        }
        if case .array(let items) = value {
            if let min = schema["minItems"]?.intValueForSchema, items.count < min {
                problems.append("\(path): too few items")
            }
            if let max = schema["maxItems"]?.intValueForSchema, items.count > max {
                problems.append("\(path): too many items")
            }
            if let itemSchema = schema["items"] {
                for (i, item) in items.enumerated() {
                    try check(item, itemSchema, file: file, path: path + "/\(i)", problems: &problems)
                }
            }
        }
    }
}

extension JSONValue {
    fileprivate var intValueForSchema: Int? {
        if case .integer(let i) = self { return Int(i) }
        return nil
    }
}
