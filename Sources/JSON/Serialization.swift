/// Text serialisation for output that people read (CLI JSON, SARIF, quick-fix text): doubles in
/// shortest round-trip form (`0.1`, not jansson's `0.10000000000000001`), member order kept,
/// duplicate keys kept.
extension JSONValue {
    public struct SerializationStyle: Sendable {
        /// Spaces per level; 0 writes compact JSON.
        public var indent: Int
        public var sortKeys: Bool
        public init(indent: Int = 0, sortKeys: Bool = false) {
            self.indent = indent
            self.sortKeys = sortKeys
        }
        public static let compact = SerializationStyle()
        public static let pretty = SerializationStyle(indent: 2)
    }

    public func serialized(_ style: SerializationStyle = .compact) -> String {
        // Into bytes, then one String: appending many small pieces to a String costs a
        // capacity and UTF-8 check per append (most of the time of a large report).
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out, style: style, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(into out: inout [UInt8], style: SerializationStyle, level: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): JSONWriter.writeInteger(i, into: &out)
        case .double(let d): out.append(contentsOf: JSONValue.format(d).utf8)
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, style: style, level: level + 1)
                item.write(into: &out, style: style, level: level + 1)
            }
            newline(&out, style: style, level: level)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            let ordered = style.sortKeys ? members.sorted { $0.key < $1.key } : members
            out.append(UInt8(ascii: "{"))
            for (i, member) in ordered.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, style: style, level: level + 1)
                JSONValue.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if style.indent > 0 { out.append(UInt8(ascii: " ")) }
                member.value.write(into: &out, style: style, level: level + 1)
            }
            newline(&out, style: style, level: level)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ out: inout [UInt8], style: SerializationStyle, level: Int) {
        guard style.indent > 0 else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: style.indent * level))
    }

    /// `writeString(_:to:)` into bytes.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        let plain = s.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            if utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) {
                return false
            }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: utf8)
            out.append(UInt8(ascii: "\""))
            return true
        }
        if plain == true { return }
        var text = ""
        writeString(s, to: &text)
        out.append(contentsOf: text.utf8)
    }

    /// Shortest representation that reads back to the same Double, always valid JSON.
    public static func format(_ d: Double) -> String {
        // Swift's description is the shortest round-trip form and keeps a fraction on integral
        // values (`1.0`), so a double reads back as a double.
        d.isFinite ? d.description : "null"
    }

    public static func writeString(_ s: String, to out: inout String) {
        // Most strings need no escape: appended whole rather than scalar by scalar (0xE2 leads
        // U+2028 and U+2029, so any string holding it takes the scalar path).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        writeStringScalars(s, to: &out)
    }

    /// The general path of `writeString`, scalar by scalar.
    static func writeStringScalars(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                    out += "\\u"
                    let hex = String(scalar.value, radix: 16)
                    out += String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Quoted JSON string literal for `s`.
    public static func quoted(_ s: String) -> String {
        var out = ""
        writeString(s, to: &out)
        return out
    }
}
