/// A JSON value as Toolwright sees it: objects keep their member order and any duplicate keys,
/// because a linter must be able to report both the order and the duplicates it was given.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])
}

/// One `"key": value` pair of an object, in source order.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue {
    /// The JSON type name, as JSON Schema spells it (`integer` and `number` kept apart).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectMembers: [JSONMember]? {
        if case .object(let m) = self { return m }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A number as a Double, whether it was written as an integer or not.
    public var numberValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// The value of the *last* member with this key, which is what jansson and most JSON
    /// consumers keep when a key is duplicated. Keys match by code points, not by Swift's
    /// canonical equivalence (`"é"` and `"e\u{301}"` are different JSON keys).
    @inlinable
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        // By index: `last(where:)` would copy each member it looks at (a retain and release of
        // key and value); only the value found is copied here.
        var i = members.count
        while i > 0 {
            i -= 1
            if members[i].key.hasSameCodeUnits(as: key) { return members[i].value }
        }
        return nil
    }

    /// `self[key] != nil` without copying the value found (a retain and a release per lookup:
    /// the dialect reader asks about a dozen keys of each tool).
    @inlinable
    public func hasMember(_ key: String) -> Bool {
        guard case .object(let members) = self else { return false }
        // By index, as the subscript: `for member in members` copied each member it passed.
        var i = members.count
        while i > 0 {
            i -= 1
            if members[i].key.hasSameCodeUnits(as: key) { return true }
        }
        return false
    }

    public subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// Index of the last member named `key` (the effective one), if any.
    public func memberIndex(_ key: String) -> Int? {
        guard case .object(let members) = self else { return nil }
        return members.lastIndex(where: { $0.key.hasSameCodeUnits(as: key) })
    }

    /// Follows a JSON Pointer; `nil` when any token does not resolve.
    public func resolve(_ pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object:
                guard let next = current[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = JSONPointer.arrayIndex(token), index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { JSONMember($0.0, $0.1) })
    }
}
