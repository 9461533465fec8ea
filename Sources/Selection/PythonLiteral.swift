import JSON

/// Reads Python literals (`ast.literal_eval` subset: strings in either quote, numbers,
/// `True`/`False`/`None`, lists, tuples, dicts) as JSON values. Seal-Tools writes its tool
/// lists this way.
public enum PythonLiteral {
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "\(message) at offset \(offset)" }
    }

    public static func parse(_ text: String) throws -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8))
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == parser.bytes.count else { throw parser.error("trailing text") }
        return value
    }

    /// Parses the literal starting at `offset` and returns it with the offset just after it.
    public static func parsePrefix(_ bytes: [UInt8], from offset: Int) throws -> (JSONValue, Int) {
        var parser = Parser(bytes: bytes, at: offset)
        let value = try parser.value(depth: 0)
        return (value, parser.at)
    }

    private struct Parser {
        let bytes: [UInt8]
        var at = 0

        init(bytes: [UInt8], at: Int = 0) {
            self.bytes = bytes
            self.at = at
        }

        func error(_ message: String) -> ParseError { ParseError(offset: at, message: message) }

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x09 || bytes[at] == 0x0D {
                at += 1
            }
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < 256 else { throw error("nesting too deep") }
            skipSpace()
            guard at < bytes.count else { throw error("unexpected end") }
            switch bytes[at] {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "["):
                return .array(try sequence(close: UInt8(ascii: "]"), depth: depth))
            case UInt8(ascii: "("):
                return .array(try sequence(close: UInt8(ascii: ")"), depth: depth))
            case UInt8(ascii: "{"):
                return try dict(depth: depth)
            default:
                return try atom()
            }
        }

        mutating func sequence(close: UInt8, depth: Int) throws -> [JSONValue] {
            at += 1
            var items: [JSONValue] = []
            while true {
                skipSpace()
                guard at < bytes.count else { throw error("unclosed list") }
                if bytes[at] == close {
                    at += 1
                    return items
                }
                items.append(try value(depth: depth + 1))
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: ",") { at += 1 }
            }
        }

        mutating func dict(depth: Int) throws -> JSONValue {
            at += 1
            var members: [JSONMember] = []
            while true {
                skipSpace()
                guard at < bytes.count else { throw error("unclosed dict") }
                if bytes[at] == UInt8(ascii: "}") {
                    at += 1
                    return .object(members)
                }
                let key = try value(depth: depth + 1)
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw error("expected ':'") }
                at += 1
                let item = try value(depth: depth + 1)
                let keyText: String
                switch key {
                case .string(let s): keyText = s
                case .integer(let i): keyText = String(i)
                default: keyText = String(describing: key)
                }
                members.append(JSONMember(keyText, item))
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: ",") { at += 1 }
            }
        }

        mutating func string() throws -> String {
            let quote = bytes[at]
            at += 1
            var out: [UInt8] = []
            while at < bytes.count {
                let c = bytes[at]
                if c == quote {
                    at += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c == UInt8(ascii: "\\"), at + 1 < bytes.count {
                    at += 1
                    let e = bytes[at]
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "u"), UInt8(ascii: "x"):
                        let width = e == UInt8(ascii: "u") ? 4 : 2
                        guard at + width < bytes.count,
                            let code = UInt32(
                                String(decoding: bytes[(at + 1)...(at + width)], as: UTF8.self), radix: 16),
                            let scalar = Unicode.Scalar(code)
                        else { throw error("bad escape") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        at += width
                    default: out.append(e)
                    }
                    at += 1
                    continue
                }
                out.append(c)
                at += 1
            }
            throw error("unclosed string")
        }

        mutating func atom() throws -> JSONValue {
            let start = at
            while at < bytes.count, !",:]})} \n\t\r".utf8.contains(bytes[at]) { at += 1 }
            let word = String(decoding: bytes[start..<at], as: UTF8.self)
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .null
            default:
                if let i = Int64(word) { return .integer(i) }
                if let d = Double(word) { return .double(d) }
                at = start
                throw error("unknown literal `\(word)`")
            }
        }
    }
}
