import JSON

/// Token estimate used by the `tokenCount` function; the lead can supply a real tokenizer.
public typealias TokenCounter = @Sendable (String) -> Int

/// The built-in functions a pack rule's `then` can call, with their options checked at load.
public enum PackFunction: Sendable {
    case defined
    case undefined
    case truthy
    case falsy
    /// `match` must match and/or `notMatch` must not.
    case pattern(match: CompiledPattern?, notMatch: CompiledPattern?)
    case casing(Casing, disallowDigits: Bool)
    case length(min: Double?, max: Double?)
    case enumeration([JSONValue])
    case schema(SchemaValidator)
    case tokenCount(min: Int?, max: Int?)

    public enum Casing: String, Sendable, CaseIterable {
        case flat, camel, pascal, kebab, cobol, snake, macro
    }

    public static let names = [
        "defined", "undefined", "truthy", "falsy", "pattern", "notPattern", "casing", "length", "enumeration",
        "schema", "tokenCount",
    ]

    /// Reads `function` and `functionOptions`; a problem comes back with the offending option.
    public static func parse(name: String, options: JSONValue?) -> Result<PackFunction, OptionError> {
        do {
            return .success(try build(name: name, options: options ?? .object([])))
        } catch let error as OptionError {
            return .failure(error)
        } catch {
            return .failure(OptionError("\(error)", nil))
        }
    }

    private static func build(name: String, options: JSONValue) throws -> PackFunction {
        func pattern(_ key: String) throws -> CompiledPattern? {
            guard let value = options[key] else { return nil }
            guard let text = value.stringValue else { throw OptionError("\"\(key)\" must be a string", key) }
            guard let compiled = CompiledPattern(text) else {
                throw OptionError("\"\(key)\" is not a valid regular expression", key)
            }
            return compiled
        }
        func number(_ key: String) throws -> Double? {
            guard let value = options[key] else { return nil }
            guard let n = value.numberValue else { throw OptionError("\"\(key)\" must be a number", key) }
            return n
        }
        switch name {
        case "defined": return .defined
        case "undefined": return .undefined
        case "truthy": return .truthy
        case "falsy": return .falsy
        case "pattern", "notPattern":
            var match = try pattern("match")
            var notMatch = try pattern("notMatch")
            if name == "notPattern" {
                // notPattern's `match` names what must not occur.
                if notMatch == nil { notMatch = match }
                match = nil
            }
            guard match != nil || notMatch != nil else { throw OptionError("needs \"match\" or \"notMatch\"", nil) }
            return .pattern(match: match, notMatch: notMatch)
        case "casing":
            guard let type = options["type"]?.stringValue, let casing = Casing(rawValue: type) else {
                let allowed = Casing.allCases.map(\.rawValue).joined(separator: ", ")
                throw OptionError("\"type\" must be one of \(allowed)", "type")
            }
            return .casing(casing, disallowDigits: options["disallowDigits"]?.boolValue ?? false)
        case "length":
            let min = try number("min")
            let max = try number("max")
            guard min != nil || max != nil else { throw OptionError("needs \"min\" or \"max\"", nil) }
            return .length(min: min, max: max)
        case "enumeration":
            guard let values = options["values"]?.arrayValue else {
                throw OptionError("\"values\" must be an array", "values")
            }
            return .enumeration(values)
        case "schema":
            guard let schema = options["schema"], schema.objectMembers != nil || schema.boolValue != nil else {
                throw OptionError("\"schema\" must be a JSON Schema object", "schema")
            }
            return .schema(SchemaValidator(schema: schema))
        case "tokenCount":
            let min = try number("min").map { Int($0) }
            let max = try number("max").map { Int($0) }
            guard min != nil || max != nil else { throw OptionError("needs \"min\" or \"max\"", nil) }
            return .tokenCount(min: min, max: max)
        default:
            throw OptionError("Unknown function \"\(name)\"", nil, isFunctionName: true)
        }
    }

    /// Why options were rejected; `key` is the offending option, `nil` for the whole object.
    public struct OptionError: Error, Sendable {
        public var message: String
        public var key: String?
        public var isFunctionName: Bool

        init(_ message: String, _ key: String?, isFunctionName: Bool = false) {
            self.message = message
            self.key = key
            self.isFunctionName = isFunctionName
        }
    }

    /// Checks a value (`nil` = the field is absent). Returns the problems, empty when it passes.
    /// Only defined/undefined/truthy/falsy judge absent fields; the others skip them.
    public func evaluate(_ value: JSONValue?, tokenCounter: TokenCounter) -> [String] {
        switch self {
        case .defined:
            return value == nil ? ["is not defined"] : []
        case .undefined:
            return value == nil ? [] : ["must not be defined"]
        case .truthy:
            return Self.isTruthy(value) ? [] : ["is not truthy"]
        case .falsy:
            return Self.isTruthy(value) ? ["is not falsy"] : []
        default:
            break
        }
        guard let value else { return [] }
        switch self {
        case .pattern(let match, let notMatch):
            guard let text = Self.text(value) else { return [] }
            var problems: [String] = []
            if let match, !match.matches(text) { problems.append("must match /\(match.source)/") }
            if let notMatch, notMatch.matches(text) { problems.append("must not match /\(notMatch.source)/") }
            return problems
        case .casing(let casing, let disallowDigits):
            guard let text = value.stringValue else { return [] }
            return Self.isCased(text, casing, disallowDigits: disallowDigits) ? [] : ["is not \(casing.rawValue) case"]
        case .length(let min, let max):
            guard let length = Self.length(value) else { return [] }
            if let min, length < min { return ["is shorter than \(JSONValue.format(min))"] }
            if let max, length > max { return ["is longer than \(JSONValue.format(max))"] }
            return []
        case .enumeration(let values):
            guard !values.contains(where: { SchemaValidator.equal($0, value) }) else { return [] }
            return ["must be one of \(values.map { $0.serialized() }.joined(separator: ", "))"]
        case .schema(let validator):
            return validator.validate(value).map { $0.pointer.isRoot ? $0.message : "\($0.pointer): \($0.message)" }
        case .tokenCount(let min, let max):
            let text = value.stringValue ?? value.serialized()
            let count = tokenCounter(text)
            if let max, count > max { return ["is about \(count) tokens, more than \(max)"] }
            if let min, count < min { return ["is about \(count) tokens, fewer than \(min)"] }
            return []
        case .defined, .undefined, .truthy, .falsy:
            return []
        }
    }

    /// The default estimate: a quarter of the UTF-8 length, rounded up.
    public static let estimateTokens: TokenCounter = { ($0.utf8.count + 3) / 4 }

    /// JavaScript truthiness, as Spectral has it.
    static func isTruthy(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .bool(false)?: false
        case .integer(0)?: false
        case .double(let d)?: d != 0 && !d.isNaN
        case .string(let s)?: !s.isEmpty
        default: true
        }
    }

    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): s
        case .integer, .double, .bool: value.serialized()
        default: nil
        }
    }

    static func length(_ value: JSONValue) -> Double? {
        switch value {
        case .string(let s): Double(s.count)
        case .array(let items): Double(items.count)
        case .object(let members): Double(members.count)
        case .integer, .double: value.numberValue
        default: nil
        }
    }

    static func isCased(_ text: String, _ casing: Casing, disallowDigits: Bool) -> Bool {
        guard !text.isEmpty else { return false }
        let scalars = Array(text.unicodeScalars)
        if disallowDigits && scalars.contains(where: { $0.properties.numericType != nil }) { return false }
        func isLower(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("0"..."9").contains(s) }
        func isUpper(_ s: Unicode.Scalar) -> Bool { ("A"..."Z").contains(s) || ("0"..."9").contains(s) }
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        func separated(_ separator: Unicode.Scalar, _ word: (Unicode.Scalar) -> Bool) -> Bool {
            let words = text.unicodeScalars.split(separator: separator, omittingEmptySubsequences: false)
            return words.allSatisfy { !$0.isEmpty && $0.allSatisfy(word) } && !isDigit(scalars[0])
        }
        switch casing {
        case .flat: return scalars.allSatisfy(isLower) && !isDigit(scalars[0])
        case .snake: return separated("_", isLower)
        case .kebab: return separated("-", isLower)
        case .macro: return separated("_", isUpper)
        case .cobol: return separated("-", isUpper)
        case .camel:
            return ("a"..."z").contains(scalars[0])
                && scalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || isDigit($0) }
        case .pascal:
            return ("A"..."Z").contains(scalars[0])
                && scalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || isDigit($0) }
        }
    }
}
