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
        var out = ""
        write(to: &out, style: style, level: 0)
        return out
    }

    private func write(to out: inout String, style: SerializationStyle, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .double(let d): out += JSONValue.format(d)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(&out, style: style, level: level + 1)
                item.write(to: &out, style: style, level: level + 1)
            }
            newline(&out, style: style, level: level)
            out += "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            let ordered = style.sortKeys ? members.sorted { $0.key < $1.key } : members
            out += "{"
            for (i, member) in ordered.enumerated() {
                if i > 0 { out += "," }
                newline(&out, style: style, level: level + 1)
                JSONValue.writeString(member.key, to: &out)
                out += style.indent > 0 ? ": " : ":"
                member.value.write(to: &out, style: style, level: level + 1)
            }
            newline(&out, style: style, level: level)
            out += "}"
        }
    }

    private func newline(_ out: inout String, style: SerializationStyle, level: Int) {
        guard style.indent > 0 else { return }
        out += "\n"
        out += String(repeating: " ", count: style.indent * level)
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
