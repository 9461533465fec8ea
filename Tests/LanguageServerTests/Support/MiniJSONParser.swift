import JSON
import SourceDocument

/// A small position-tracking JSON parser for the tests, so the server can be exercised with
/// real syntax trees independently of the production parser.
struct MiniJSONParser {
    let bytes: [UInt8]
    var i = 0

    static func parse(_ bytes: [UInt8]) -> SyntaxTree {
        var parser = MiniJSONParser(bytes: bytes)
        parser.skipSpace()
        guard let root = parser.value(), parser.atEnd() else {
            let at = min(parser.i, bytes.count)
            return SyntaxTree(
                root: nil,
                diagnostics: [SyntaxDiagnostic(.syntax, "Invalid JSON", range: at..<min(at + 1, bytes.count))],
                format: .json)
        }
        return SyntaxTree(root: root, diagnostics: [], format: .json)
    }

    private mutating func atEnd() -> Bool {
        skipSpace()
        return i == bytes.count
    }

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    private mutating func value() -> SyntaxNode? {
        skipSpace()
        guard i < bytes.count else { return nil }
        let start = i
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [SyntaxMember] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return SyntaxNode(.object([]), range: start..<i)
            }
            while true {
                skipSpace()
                let keyStart = i
                guard let key = string() else { return nil }
                let keyRange = keyStart..<i
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let v = value() else { return nil }
                members.append(SyntaxMember(key: key, keyRange: keyRange, value: v))
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "}") else { return nil }
                i += 1
                return SyntaxNode(.object(members), range: start..<i)
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [SyntaxNode] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                return SyntaxNode(.array([]), range: start..<i)
            }
            while true {
                guard let v = value() else { return nil }
                items.append(v)
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "]") else { return nil }
                i += 1
                return SyntaxNode(.array(items), range: start..<i)
            }
        case UInt8(ascii: "\""):
            guard let s = string() else { return nil }
            return SyntaxNode(.string(s), range: start..<i)
        default:
            while i < bytes.count, !",}] \n\r\t".utf8.contains(bytes[i]) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            switch word {
            case "true": return SyntaxNode(.bool(true), range: start..<i)
            case "false": return SyntaxNode(.bool(false), range: start..<i)
            case "null": return SyntaxNode(.null, range: start..<i)
            default:
                if let n = Int64(word) { return SyntaxNode(.integer(n), range: start..<i) }
                if let d = Double(word) { return SyntaxNode(.double(d), range: start..<i) }
                return nil
            }
        }
    }

    /// A string token (escapes other than `\"` and `\\` are kept verbatim; enough for tests).
    private mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                out.append(bytes[i + 1])
                i += 2
                continue
            }
            out.append(b)
            i += 1
        }
        return nil
    }
}
