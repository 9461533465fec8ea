import Foundation
import JSON

/// One way an instance fails a schema.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance.
    public var pointer: JSONPointer
    public var message: String

    public var description: String { "\(pointer): \(message)" }
}

/// A small JSON Schema validator: the subset rule packs, manifests and plugin messages use
/// (type, enum, const, required, properties, additionalProperties, patternProperties, items,
/// min/max Length/Items/Properties, uniqueItems, minimum/maximum, pattern, anyOf/oneOf/allOf/not,
/// local `$ref` into `$defs`/`definitions`). Unknown keywords (`format` among them) are ignored,
/// as the spec asks.
public struct SchemaValidator: Sendable {
    public let schema: JSONValue
    private let root: JSONValue

    public init(schema: JSONValue) {
        self.schema = schema
        self.root = schema
    }

    public func validate(_ instance: JSONValue, at base: JSONPointer = .root) -> [SchemaViolation] {
        var out: [SchemaViolation] = []
        check(instance, against: schema, at: base, into: &out, depth: 0)
        return out
    }

    public func isValid(_ instance: JSONValue) -> Bool { validate(instance).isEmpty }

    private func resolveRef(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#") else { return nil }
        guard let pointer = JSONPointer(String(ref.dropFirst())) else { return nil }
        return root.resolve(pointer)
    }

    private func check(
        _ value: JSONValue, against schema: JSONValue, at pointer: JSONPointer, into out: inout [SchemaViolation],
        depth: Int
    ) {
        guard depth < 64 else { return }
        if case .bool(let allowed) = schema {
            if !allowed { out.append(SchemaViolation(pointer: pointer, message: "No value is allowed here")) }
            return
        }
        guard case .object = schema else { return }
        if let ref = schema["$ref"]?.stringValue, let target = resolveRef(ref) {
            check(value, against: target, at: pointer, into: &out, depth: depth + 1)
        }
        if let type = schema["type"] {
            let names = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            if !names.isEmpty && !names.contains(where: { Self.matches(value, type: $0) }) {
                let expected = names.joined(separator: " or ")
                out.append(SchemaViolation(pointer: pointer, message: "Expected \(expected), found \(value.typeName)"))
                return
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            let list = options.map { $0.serialized() }.joined(separator: ", ")
            out.append(SchemaViolation(pointer: pointer, message: "Must be one of \(list)"))
        }
        if let constant = schema["const"], !Self.equal(constant, value) {
            out.append(SchemaViolation(pointer: pointer, message: "Must be \(constant.serialized())"))
        }
        checkString(value, schema, pointer, &out)
        checkNumber(value, schema, pointer, &out)
        checkArray(value, schema, pointer, &out, depth)
        checkObject(value, schema, pointer, &out, depth)
        checkCombinators(value, schema, pointer, &out, depth)
    }

    private func checkString(
        _ value: JSONValue, _ schema: JSONValue, _ pointer: JSONPointer, _ out: inout [SchemaViolation]
    ) {
        guard case .string(let text) = value else { return }
        if let min = schema["minLength"]?.numberValue, Double(text.count) < min {
            out.append(SchemaViolation(pointer: pointer, message: "Shorter than \(Int(min)) characters"))
        }
        if let max = schema["maxLength"]?.numberValue, Double(text.count) > max {
            out.append(SchemaViolation(pointer: pointer, message: "Longer than \(Int(max)) characters"))
        }
        if let pattern = schema["pattern"]?.stringValue, let regex = CompiledPattern(pattern), !regex.matches(text) {
            out.append(SchemaViolation(pointer: pointer, message: "Does not match /\(pattern)/"))
        }
    }

    private func checkNumber(
        _ value: JSONValue, _ schema: JSONValue, _ pointer: JSONPointer, _ out: inout [SchemaViolation]
    ) {
        guard case .integer = value, let number = value.numberValue else {
            guard case .double(let number) = value else { return }
            checkBounds(number, schema, pointer, &out)
            return
        }
        checkBounds(number, schema, pointer, &out)
    }

    private func checkBounds(
        _ number: Double, _ schema: JSONValue, _ pointer: JSONPointer, _ out: inout [SchemaViolation]
    ) {
        if let min = schema["minimum"]?.numberValue, number < min {
            out.append(SchemaViolation(pointer: pointer, message: "Less than \(JSONValue.format(min))"))
        }
        if let max = schema["maximum"]?.numberValue, number > max {
            out.append(SchemaViolation(pointer: pointer, message: "Greater than \(JSONValue.format(max))"))
        }
    }

    private func checkArray(
        _ value: JSONValue, _ schema: JSONValue, _ pointer: JSONPointer, _ out: inout [SchemaViolation], _ depth: Int
    ) {
        guard case .array(let items) = value else { return }
        if let min = schema["minItems"]?.numberValue, Double(items.count) < min {
            out.append(SchemaViolation(pointer: pointer, message: "Fewer than \(Int(min)) items"))
        }
        if let max = schema["maxItems"]?.numberValue, Double(items.count) > max {
            out.append(SchemaViolation(pointer: pointer, message: "More than \(Int(max)) items"))
        }
        if schema["uniqueItems"]?.boolValue == true {
            for (index, item) in items.enumerated()
            where items[..<index].contains(where: { Self.equal($0, item) }) {
                out.append(SchemaViolation(pointer: pointer / index, message: "Duplicate of an earlier item"))
            }
        }
        if let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() {
                check(item, against: itemSchema, at: pointer / index, into: &out, depth: depth + 1)
            }
        }
    }

    private func checkObject(
        _ value: JSONValue, _ schema: JSONValue, _ pointer: JSONPointer, _ out: inout [SchemaViolation], _ depth: Int
    ) {
        guard let members = value.objectMembers else { return }
        for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        where !members.contains(where: { $0.key == name }) {
            out.append(SchemaViolation(pointer: pointer, message: "Missing required property \"\(name)\""))
        }
        if let min = schema["minProperties"]?.numberValue, Double(members.count) < min {
            out.append(SchemaViolation(pointer: pointer, message: "Fewer than \(Int(min)) properties"))
        }
        if let max = schema["maxProperties"]?.numberValue, Double(members.count) > max {
            out.append(SchemaViolation(pointer: pointer, message: "More than \(Int(max)) properties"))
        }
        let properties = schema["properties"]
        let patterns = (schema["patternProperties"]?.objectMembers ?? []).compactMap { member in
            CompiledPattern(member.key).map { ($0, member.value) }
        }
        for member in members {
            var known = false
            if let sub = properties?[member.key] {
                known = true
                check(member.value, against: sub, at: pointer / member.key, into: &out, depth: depth + 1)
            }
            for (regex, sub) in patterns where regex.matches(member.key) {
                known = true
                check(member.value, against: sub, at: pointer / member.key, into: &out, depth: depth + 1)
            }
            guard !known, let additional = schema["additionalProperties"] else { continue }
            if case .bool(false) = additional {
                out.append(
                    SchemaViolation(pointer: pointer / member.key, message: "Unknown property \"\(member.key)\""))
            } else {
                check(member.value, against: additional, at: pointer / member.key, into: &out, depth: depth + 1)
            }
        }
    }

    private func checkCombinators(
        _ value: JSONValue, _ schema: JSONValue, _ pointer: JSONPointer, _ out: inout [SchemaViolation], _ depth: Int
    ) {
        for sub in schema["allOf"]?.arrayValue ?? [] {
            check(value, against: sub, at: pointer, into: &out, depth: depth + 1)
        }
        if let options = schema["anyOf"]?.arrayValue {
            var best: [SchemaViolation]? = nil
            for sub in options {
                var errors: [SchemaViolation] = []
                check(value, against: sub, at: pointer, into: &errors, depth: depth + 1)
                if errors.isEmpty {
                    best = nil
                    break
                }
                if best == nil || errors.count < best!.count { best = errors }
            }
            // Report the closest alternative's errors: more useful than "matches none".
            if let best { out += best }
        }
        if let options = schema["oneOf"]?.arrayValue {
            let passing = options.filter { sub in
                var errors: [SchemaViolation] = []
                check(value, against: sub, at: pointer, into: &errors, depth: depth + 1)
                return errors.isEmpty
            }
            if passing.count != 1 {
                let message =
                    passing.isEmpty ? "Matches none of the allowed forms" : "Matches more than one of the allowed forms"
                out.append(SchemaViolation(pointer: pointer, message: message))
            }
        }
        if let negated = schema["not"] {
            var errors: [SchemaViolation] = []
            check(value, against: negated, at: pointer, into: &errors, depth: depth + 1)
            if errors.isEmpty { out.append(SchemaViolation(pointer: pointer, message: "Matches a forbidden form")) }
        }
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("integer", .integer), ("number", .integer), ("number", .double):
            true
        case ("integer", .double(let d)): d.rounded() == d
        default: false
        }
    }

    /// JSON equality: numbers compare by value, objects ignore member order.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.integer, .double), (.double, .integer), (.double, .double), (.integer, .integer):
            return a.numberValue == b.numberValue
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count
                && x.allSatisfy { m in y.contains { $0.key == m.key && equal($0.value, m.value) } }
        default:
            return a == b
        }
    }
}

/// A regular expression compiled once (ECMAScript-ish syntax as NSRegularExpression reads it).
/// NSRegularExpression is immutable and thread-safe, hence the unchecked Sendable.
public final class CompiledPattern: @unchecked Sendable {
    public let source: String
    private let regex: NSRegularExpression

    public init?(_ source: String) {
        guard let regex = try? NSRegularExpression(pattern: source) else { return nil }
        self.source = source
        self.regex = regex
    }

    /// True when the pattern matches anywhere in `text` (JSON Schema and Spectral semantics).
    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
