import JSON
import ToolModel

extension String {
    /// Without leading and trailing whitespace (Unicode-aware, Foundation-free).
    var trimmedWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }

    var isBlank: Bool { allSatisfy(\.isWhitespace) }

    /// Cut to `limit` characters with an ellipsis, newlines shown as `⏎`, for quoting in messages.
    func quotedExcerpt(_ limit: Int = 60) -> String {
        let flat = String(map { $0 == "\n" || $0 == "\r\n" ? "⏎" : $0 })
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}

enum FieldLabel {
    /// Where a value sits inside a tool, for messages: `inputSchema/properties/path/description`.
    static func relative(_ pointer: JSONPointer, to base: JSONPointer) -> String {
        guard pointer.hasPrefix(base) else { return pointer.description }
        let tokens = pointer.tokens.dropFirst(base.tokens.count)
        return tokens.isEmpty ? "the tool object" : tokens.map { JSONPointer.escape($0) }.joined(separator: "/")
    }

    /// A parameter's name as people write it: `options.depth`, `items[].name`, `$defs.Address.city`.
    static func parameterPath(_ pointer: JSONPointer, schemaRoot: JSONPointer) -> String {
        let tokens = Array(pointer.tokens.dropFirst(schemaRoot.tokens.count))
        var parts: [String] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            switch token {
            case "properties", "patternProperties", "$defs", "definitions":
                if index + 1 < tokens.count {
                    let name = tokens[index + 1]
                    let segment = token == "$defs" || token == "definitions" ? token + "." + name : name
                    parts.append(parts.isEmpty ? segment : "." + segment)
                    index += 1
                }
            case "items", "prefixItems", "additionalItems":
                parts.append("[]")
                if token == "prefixItems", index + 1 < tokens.count { index += 1 }
            case "anyOf", "oneOf", "allOf":
                index += 1
            default:
                if JSONPointer.arrayIndex(token) == nil { parts.append(parts.isEmpty ? token : "." + token) }
            }
            index += 1
        }
        return parts.joined()
    }
}

enum TextDistance {
    /// Levenshtein distance, stopping early once it exceeds `limit`.
    static func levenshtein(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMin = current[0]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

extension ToolDefinition {
    /// The pointer findings about the tool as a whole point at: its name if it has one, else
    /// the definition object.
    var anchorPointer: JSONPointer { name?.pointer ?? definitionPointer }
}
