import JSON

/// A parsed JSON or YAML document in which every value and every object key keeps its byte
/// range, so that a JSON Pointer can be turned into a text range and back.
public struct SyntaxNode: Sendable {
    public enum Value: Sendable {
        case null
        case bool(Bool)
        case integer(Int64)
        case double(Double)
        case string(String)
        case array([SyntaxNode])
        case object([SyntaxMember])
        /// A value that was missing or malformed; a syntax diagnostic covers it.
        case invalid
    }

    public var value: Value
    /// Byte range of the whole value in the document's UTF-8 text.
    public var range: ByteRange

    public init(_ value: Value, range: ByteRange) {
        self.value = value
        self.range = range
    }
}

public struct SyntaxMember: Sendable {
    public var key: String
    /// Byte range of the key token (with its quotes in JSON).
    public var keyRange: ByteRange
    public var value: SyntaxNode

    public init(key: String, keyRange: ByteRange, value: SyntaxNode) {
        self.key = key
        self.keyRange = keyRange
        self.value = value
    }
}

/// A problem found while reading the text itself (not a tool-definition rule).
public struct SyntaxDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case syntax = "json-syntax"
        case yamlSyntax = "yaml-syntax"
        case duplicateKey = "json-duplicate-key"
        case invalidUTF8 = "invalid-utf8"
        case depthLimit = "nesting-too-deep"
        case numberRange = "number-out-of-range"
        case unsupportedYAML = "yaml-unsupported"
    }

    public enum Severity: Sendable, Hashable { case error, warning }

    public var code: Code
    public var message: String
    public var range: ByteRange
    public var severity: Severity

    public init(_ code: Code, _ message: String, range: ByteRange, severity: Severity = .error) {
        self.code = code
        self.message = message
        self.range = range
        self.severity = severity
    }

    public var description: String { "\(range): \(code.rawValue): \(message)" }
}

public enum DocumentFormat: String, Sendable {
    case json
    /// One JSON value per line (BFCL); the tree's root is an array of the lines' values.
    case jsonLines = "jsonl"
    case yaml
}

public struct SyntaxTree: Sendable {
    public var root: SyntaxNode?
    public var diagnostics: [SyntaxDiagnostic]
    public var format: DocumentFormat

    public init(root: SyntaxNode?, diagnostics: [SyntaxDiagnostic], format: DocumentFormat) {
        self.root = root
        self.diagnostics = diagnostics
        self.format = format
    }

    /// Deepest nesting the parsers build. Deeper input gets a `nesting-too-deep` diagnostic and
    /// its inner values are skipped, so nothing that walks a tree recursively can overflow.
    public static let maximumDepth = 512

    /// Parses `bytes` in the given format (a UTF-8 BOM is skipped, with offsets kept relative
    /// to the original bytes).
    public static func parse(_ bytes: [UInt8], format: DocumentFormat) -> SyntaxTree {
        switch format {
        case .json: JSONSyntaxParser.parse(bytes, lines: false)
        case .jsonLines: JSONSyntaxParser.parse(bytes, lines: true)
        case .yaml: YAMLSyntaxParser.parse(bytes)
        }
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The plain JSON value (invalid nodes become `null`, duplicate keys are kept).
    public func jsonValue() -> JSONValue? {
        root.map { $0.jsonValue() }
    }

    /// The node a pointer names; for objects with duplicate keys, the last member wins.
    public func node(at pointer: JSONPointer) -> SyntaxNode? {
        guard var node = root else { return nil }
        for token in pointer.tokens {
            guard let next = node.child(token) else { return nil }
            node = next.node
        }
        return node
    }

    /// Where a pointer lands in the text. When the pointer does not resolve all the way (a
    /// finding about a field that is missing), this is the range of the deepest existing
    /// ancestor's key, or its value when it has no key, with `exact == false`.
    public func location(of pointer: JSONPointer, preferKey: Bool = false) -> (range: ByteRange, exact: Bool)? {
        guard var node = root else { return nil }
        var keyRange: ByteRange? = nil
        for token in pointer.tokens {
            guard let next = node.child(token) else {
                return (keyRange ?? node.openingRange, false)
            }
            node = next.node
            keyRange = next.keyRange
        }
        if preferKey, let keyRange { return (keyRange, true) }
        return (node.range, true)
    }

    /// The pointer of the deepest value (or key) whose range contains `offset`.
    public func pointer(at offset: Int) -> JSONPointer {
        guard var node = root, node.range.contains(offset) || node.range.upperBound == offset else { return .root }
        var tokens: [String] = []
        descend: while true {
            switch node.value {
            case .array(let items):
                for (i, item) in items.enumerated() where item.range.contains(offset) {
                    tokens.append(String(i))
                    node = item
                    continue descend
                }
                break descend
            case .object(let members):
                for member in members {
                    if member.keyRange.contains(offset) {
                        tokens.append(member.key)
                        return JSONPointer(tokens: tokens)
                    }
                    if member.value.range.contains(offset) {
                        tokens.append(member.key)
                        node = member.value
                        continue descend
                    }
                }
                break descend
            default:
                break descend
            }
        }
        return JSONPointer(tokens: tokens)
    }
}

extension SyntaxNode {
    public struct Child: Sendable {
        public var node: SyntaxNode
        public var keyRange: ByteRange?
    }

    /// Child by pointer token: the last member with that key, or the array element.
    public func child(_ token: String) -> Child? {
        switch value {
        case .object(let members):
            // Code points, not canonical equivalence: JSON keys "é" and "e\u{301}" differ.
            guard let m = members.last(where: { $0.key.hasSameCodeUnits(as: token) }) else { return nil }
            return Child(node: m.value, keyRange: m.keyRange)
        case .array(let items):
            guard let i = JSONPointer.arrayIndex(token), i < items.count else { return nil }
            return Child(node: items[i], keyRange: nil)
        default:
            return nil
        }
    }

    /// The first character of a container (its `{`/`[`), or the whole range for scalars: a
    /// short place to put a finding about the container as a whole.
    public var openingRange: ByteRange {
        switch value {
        case .array, .object:
            range.isEmpty ? range : range.lowerBound..<(range.lowerBound + 1)
        default:
            range
        }
    }

    public func jsonValue() -> JSONValue {
        switch value {
        case .null, .invalid: .null
        case .bool(let b): .bool(b)
        case .integer(let i): .integer(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .array(let items): .array(items.map { $0.jsonValue() })
        case .object(let members): .object(members.map { JSONMember($0.key, $0.value.jsonValue()) })
        }
    }
}
