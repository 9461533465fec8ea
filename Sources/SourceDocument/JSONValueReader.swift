import JSON

extension SyntaxTree {
    /// The document's value, as `parse(bytes, format:).jsonValue()` gives it, for callers that
    /// need no byte positions (the simulator's tool files). Well-formed JSON is read straight
    /// into `JSONValue` without building the tree; anything else (JSON Lines, YAML, a syntax
    /// problem of any kind) goes through the full parse, so the value is always the same.
    public static func value(of bytes: [UInt8], format: DocumentFormat) -> JSONValue? {
        if format == .json, let value = JSONValueReader.read(bytes) { return value }
        return parse(bytes, format: format).jsonValue()
    }
}

/// A strict, position-free JSON reader over `JSONScanner`: the same string and number
/// scanning as `JSONSyntaxParser`, but it gives up (nil) at the first thing that parser would
/// report or repair — a diagnostic, a malformed token, a comment, trailing text, nesting at
/// `SyntaxTree.maximumDepth` — instead of recovering. Duplicate keys, which the parser only
/// warns about, are kept in order as there. Iterative, never recursive.
enum JSONValueReader {
    static func read(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { buffer in
            let start = buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var reader = Reader(scanner: JSONScanner(buffer, start: start))
            guard let value = reader.document(), reader.scanner.diagnostics.isEmpty else { return nil }
            return value
        }
    }

    private struct Frame {
        var isObject: Bool
        /// Where this container's values (and, for objects, keys) start on the stacks.
        var base: Int
        var keyBase: Int
    }

    private struct Reader {
        var scanner: JSONScanner
        var frames: [Frame] = []
        var values: [JSONValue] = []
        var keys: [String] = []

        /// Skips whitespace and comments (comments leave a diagnostic, which fails the read).
        mutating func significant() -> UInt8? {
            scanner.skipTrivia()
            return scanner.pos < scanner.end ? scanner.bytes[scanner.pos] : nil
        }

        /// Reads `"key" :` of an object member; false when it is not there.
        mutating func key() -> Bool {
            guard significant() == JSONByte.quote else { return false }
            keys.append(scanner.scanString())
            guard significant() == JSONByte.colon else { return false }
            scanner.pos += 1
            return true
        }

        mutating func document() -> JSONValue? {
            while true {
                // A value.
                guard let b = significant() else { return nil }
                switch b {
                case JSONByte.openBrace, JSONByte.openBracket:
                    guard frames.count < SyntaxTree.maximumDepth - 1 else { return nil }
                    scanner.pos += 1
                    let isObject = b == JSONByte.openBrace
                    let closer = isObject ? JSONByte.closeBrace : JSONByte.closeBracket
                    if significant() == closer {
                        scanner.pos += 1
                        values.append(isObject ? .object([]) : .array([]))
                    } else {
                        frames.append(Frame(isObject: isObject, base: values.count, keyBase: keys.count))
                        if isObject && !key() { return nil }
                        continue
                    }
                case JSONByte.quote:
                    values.append(.string(scanner.scanString()))
                case JSONByte.minus, JSONByte.zero...JSONByte.nine:
                    switch scanner.scanNumber() {
                    case .integer(let i): values.append(.integer(i))
                    case .double(let d): values.append(.double(d))
                    default: return nil
                    }
                default:
                    guard let literal = literal() else { return nil }
                    values.append(literal)
                }
                // After a value: close containers, or go on to the next element.
                while true {
                    let next = significant()
                    guard let frame = frames.last else {
                        // The top-level value must be all there is.
                        return next == nil ? values.last : nil
                    }
                    guard let next else { return nil }
                    if next == JSONByte.comma {
                        scanner.pos += 1
                        if frame.isObject && !key() { return nil }
                        break
                    }
                    guard next == (frame.isObject ? JSONByte.closeBrace : JSONByte.closeBracket) else { return nil }
                    scanner.pos += 1
                    frames.removeLast()
                    let container: JSONValue
                    if frame.isObject {
                        var members: [JSONMember] = []
                        members.reserveCapacity(values.count - frame.base)
                        for i in frame.base..<values.count {
                            members.append(JSONMember(keys[frame.keyBase + i - frame.base], values[i]))
                        }
                        keys.removeSubrange(frame.keyBase...)
                        container = .object(members)
                    } else {
                        container = .array(Array(values[frame.base...]))
                    }
                    values.removeSubrange(frame.base...)
                    values.append(container)
                }
            }
        }

        /// `true`, `false` or `null` ending where a bare word ends; nil for anything else.
        mutating func literal() -> JSONValue? {
            let p = scanner.pos
            let end = scanner.wordEnd(from: p)
            let word = UnsafeBufferPointer(rebasing: scanner.bytes[p..<end])
            let value: JSONValue
            if word.elementsEqual("true".utf8) {
                value = .bool(true)
            } else if word.elementsEqual("false".utf8) {
                value = .bool(false)
            } else if word.elementsEqual("null".utf8) {
                value = .null
            } else {
                return nil
            }
            scanner.pos = end
            return value
        }
    }
}
