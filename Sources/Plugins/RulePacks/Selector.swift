import JSON

/// A JSONPath subset for rule packs' `given`: `$`, `.key`, `['key']`, `[n]`, `[*]`, `.*` and
/// `..` (recursive descent, e.g. `$..properties[*]`). Filters and scripts are left out on
/// purpose: packs are data, reviewable at a glance.
public struct Selector: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case child(String)
        case index(Int)
        case wildcard
        case descendants
    }

    let steps: [Step]
    public let description: String

    /// Why a selector did not parse.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(ParseError) {
        description = text
        var chars = Array(text.unicodeScalars)[...]
        guard chars.first == "$" else { throw ParseError(description: "A selector starts with \"$\"") }
        chars = chars.dropFirst()
        var steps: [Step] = []
        while let c = chars.first {
            if c == "." {
                chars = chars.dropFirst()
                if chars.first == "." {
                    chars = chars.dropFirst()
                    steps.append(.descendants)
                    // `..[` and `..*` continue with the next step; `..name` names a child.
                    if chars.first == "[" { continue }
                }
                if chars.first == "*" {
                    chars = chars.dropFirst()
                    steps.append(.wildcard)
                    continue
                }
                let name = chars.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else { throw ParseError(description: "Expected a name after \".\" in \(text)") }
                steps.append(.child(String(String.UnicodeScalarView(name))))
                chars = chars.dropFirst(name.count)
            } else if c == "[" {
                guard let close = chars.firstIndex(of: "]") else {
                    throw ParseError(description: "Unclosed \"[\" in \(text)")
                }
                let inner = String(String.UnicodeScalarView(chars[chars.index(after: chars.startIndex)..<close]))
                chars = chars[chars.index(after: close)...]
                if inner == "*" {
                    steps.append(.wildcard)
                } else if let n = Int(inner), n >= 0 {
                    steps.append(.index(n))
                } else if inner.count >= 2, let q = inner.first, q == "'" || q == "\"", inner.last == q {
                    steps.append(.child(String(inner.dropFirst().dropLast())))
                } else {
                    throw ParseError(description: "Unsupported bracket expression [\(inner)] in \(text)")
                }
            } else {
                throw ParseError(description: "Unexpected \"\(c)\" in \(text)")
            }
        }
        if steps.last == .descendants { throw ParseError(description: "\"..\" needs a step after it in \(text)") }
        self.steps = steps
    }

    /// One match: the value and its path from the root (object keys and array indices).
    public struct Match: Sendable {
        public var value: JSONValue
        public var path: JSONPointer
    }

    public func select(in root: JSONValue) -> [Match] {
        var current = [Match(value: root, path: .root)]
        for step in steps {
            var next: [Match] = []
            for match in current {
                switch step {
                case .child(let key):
                    if let value = match.value[key] { next.append(Match(value: value, path: match.path / key)) }
                case .index(let i):
                    if case .array(let items) = match.value, i < items.count {
                        next.append(Match(value: items[i], path: match.path / i))
                    }
                case .wildcard:
                    next += Self.children(of: match)
                case .descendants:
                    Self.collectDescendants(match, into: &next)
                }
            }
            current = next
        }
        return current
    }

    private static func children(of match: Match) -> [Match] {
        switch match.value {
        case .array(let items): items.enumerated().map { Match(value: $1, path: match.path / $0) }
        case .object(let members): members.map { Match(value: $0.value, path: match.path / $0.key) }
        default: []
        }
    }

    private static func collectDescendants(_ match: Match, into out: inout [Match]) {
        var stack = [match]
        while let item = stack.popLast() {
            out.append(item)
            stack += children(of: item).reversed()
        }
    }
}
