/// The error-tolerant, position-tracking JSON parser behind `SyntaxTree.parse`.
///
/// - Every value and key keeps its byte range; a UTF-8 BOM is skipped but offsets stay relative
///   to the original bytes, so LSP positions computed from them are right.
/// - Syntax errors become diagnostics at the start of the offending token and parsing goes on
///   (missing or trailing commas, unclosed strings and brackets, stray tokens, bad literals,
///   comments). Missing values become `.invalid` nodes so the keys around them stay reachable.
/// - Duplicate keys are warnings, not errors: RFC 8259 only says names SHOULD be unique and
///   jansson accepts them (last wins), but consumers disagree on which value counts.
/// - Empty JSON input gives no root and one "document is empty" error. Empty JSON Lines input is
///   a valid empty list of records: an empty root array without diagnostics.
/// - Iterative, never recursive; containers nested deeper than `SyntaxTree.maximumDepth` get one
///   `nesting-too-deep` error and their content is skipped, so no deeper tree is ever built.
enum JSONSyntaxParser {
    static func parse(_ bytes: [UInt8], lines: Bool) -> SyntaxTree {
        bytes.withUnsafeBufferPointer { buffer in
            let start = buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var builder = JSONTreeBuilder(buffer, start: start, lines: lines)
            let root: SyntaxNode?
            if lines {
                root = builder.parseLines(from: start)
            } else {
                root = builder.parseDocument(from: start, to: buffer.count)
                if root == nil && !builder.sawToken {
                    builder.scanner.report(.syntax, "document is empty", start..<start)
                }
            }
            return SyntaxTree(
                root: root, diagnostics: sortedByPosition(builder.scanner.diagnostics),
                format: lines ? .jsonLines : .json)
        }
    }

    /// Diagnostics in text order (duplicate keys are found when their object closes, after
    /// the diagnostics inside it); ties keep the order they were found in.
    static func sortedByPosition(_ diagnostics: [SyntaxDiagnostic]) -> [SyntaxDiagnostic] {
        // Nearly always already in order; a stable sort copies and allocates even then.
        if zip(diagnostics, diagnostics.dropFirst()).allSatisfy({
            $0.range.lowerBound <= $1.range.lowerBound
        }) {
            return diagnostics
        }
        // Unclosed brackets and duplicate keys are reported after what they contain. Sorting
        // packed (offset, index) integers keeps ties in report order and moves no strings.
        let indexBits = 12
        guard diagnostics.count < 1 << indexBits else {
            return diagnostics.enumerated().sorted {
                ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset)
            }.map(\.element)
        }
        var keys = diagnostics.indices.map { diagnostics[$0].range.lowerBound << indexBits | $0 }
        keys.sort()
        return keys.map { diagnostics[$0 & (1 << indexBits - 1)] }
    }
}

/// One open container (or the top level) and what the parser expects next inside it.
private struct Frame {
    enum Kind { case top, array, object }
    enum State {
        /// A value: after `,` in an array, after `:` in an object, or at the top level.
        case value
        /// After `[`: a value or `]`.
        case firstValue
        /// After a value: `,` or the closing bracket.
        case after
        /// After `,` in an object: a key.
        case key
        /// After `{`: a key or `}`.
        case firstKey
        /// After a key: `:`.
        case colon
    }

    var kind: Kind
    var state: State
    /// Offset of the opening bracket.
    var start: Int
    /// Index of this container's first child in the builder's `nodes` or `members` stack.
    var base: Int
    /// The key waiting for its value; `nil` drops the next value (it had no usable key).
    var key: String? = nil
    var keyRange: ByteRange = 0..<0
    var lastComma = 0
}

/// The state machine over `JSONScanner` tokens. Children of open containers wait on two flat
/// stacks and are moved into their parent when it closes.
struct JSONTreeBuilder {
    var scanner: JSONScanner
    /// Whether any token (not just whitespace or comments) was seen.
    private(set) var sawToken = false
    private let lines: Bool
    private var frames: [Frame] = []
    /// How many arrays and objects wait in `frames`, so that a closing bracket can tell in O(1)
    /// whether it belongs to an enclosing container.
    private var waitingArrays = 0
    private var waitingObjects = 0
    private var cur: Frame
    private var nodes: [SyntaxNode] = []
    private var members: [SyntaxMember] = []
    private var root: SyntaxNode?
    /// End of the last token consumed, where an unclosed container ends.
    private var lastEnd = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, lines: Bool) {
        self.scanner = JSONScanner(bytes, start: start)
        self.lines = lines
        self.cur = Frame(kind: .top, state: .value, start: start, base: 0)
    }

    /// JSON Lines: each non-blank line is parsed on its own, so an error stays on its line.
    mutating func parseLines(from start: Int) -> SyntaxNode {
        let bytes = scanner.bytes
        var items: [SyntaxNode] = []
        var lineStart = start
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != JSONByte.newline { lineEnd += 1 }
            if let node = parseDocument(from: lineStart, to: lineEnd) { items.append(node) }
            lineStart = lineEnd + 1
        }
        return SyntaxNode(.array(items), range: 0..<bytes.count)
    }

    /// Parses one top-level value in `start..<end`.
    mutating func parseDocument(from start: Int, to end: Int) -> SyntaxNode? {
        scanner.pos = start
        scanner.end = end
        cur = Frame(kind: .top, state: .value, start: start, base: 0)
        frames.removeAll(keepingCapacity: true)
        waitingArrays = 0
        waitingObjects = 0
        root = nil
        while true {
            lastEnd = scanner.pos
            scanner.skipTrivia()
            guard scanner.pos < scanner.end else {
                closeAllAtEnd()
                break
            }
            sawToken = true
            let b = scanner.bytes[scanner.pos]
            if cur.kind == .top && cur.state == .after {
                let p = scanner.pos
                scanner.report(.syntax, expectation, p..<scanner.tokenEnd(from: p))
                break
            }
            switch cur.state {
            case .value, .firstValue: expectValue(b)
            case .after: expectSeparator(b)
            case .key, .firstKey: expectKey(b)
            case .colon: expectColon(b)
            }
        }
        return root
    }

    private var expectation: String {
        switch (cur.kind, cur.state) {
        case (.top, .after):
            lines ? "unexpected content after the value on this line" : "unexpected content after the top-level value"
        case (.top, _): "expected a JSON value"
        case (.array, .after): "expected ',' or ']' after array element"
        case (.object, .after): "expected ',' or '}' after object member"
        case (_, .value), (_, .firstValue): "expected a value"
        case (_, .key), (_, .firstKey): "expected a property name in double quotes"
        case (_, .colon): "expected ':' after property name"
        }
    }

    private mutating func reportUnexpected(_ range: ByteRange) {
        scanner.report(.syntax, expectation, range)
    }

    // MARK: States

    private mutating func expectValue(_ b: UInt8) {
        let p = scanner.pos
        switch b {
        case JSONByte.openBrace, JSONByte.openBracket:
            open(b)
        case JSONByte.quote:
            let s = scanner.scanString()
            complete(SyntaxNode(.string(s), range: p..<scanner.pos))
        case JSONByte.minus, JSONByte.zero...JSONByte.nine:
            let value = scanner.scanNumber()
            complete(SyntaxNode(value, range: p..<scanner.pos))
        case JSONByte.closeBrace, JSONByte.closeBracket:
            handleCloser(b)
        case JSONByte.comma:
            reportUnexpected(p..<(p + 1))
            if cur.kind == .top {
                scanner.pos += 1
            } else {
                // `[1,,2]` or `{"a":,}`: keep a placeholder so the key (or index) still exists.
                complete(SyntaxNode(.invalid, range: p..<p))
            }
        case JSONByte.colon:
            reportUnexpected(p..<(p + 1))
            scanner.pos += 1
        case JSONByte.apostrophe:
            let range = singleQuoted(at: p)
            scanner.report(.syntax, "strings must use double quotes", range)
            scanner.pos = range.upperBound
            complete(SyntaxNode(.invalid, range: range))
        default:
            let end = scanner.wordEnd(from: p)
            if let literal = literal(p..<end) {
                scanner.pos = end
                complete(SyntaxNode(literal, range: p..<end))
            } else {
                reportBadWord(p..<end, message: invalidValueMessage(p..<end))
                complete(SyntaxNode(.invalid, range: p..<end))
            }
        }
    }

    private mutating func expectSeparator(_ b: UInt8) {
        let p = scanner.pos
        switch b {
        case JSONByte.comma:
            cur.lastComma = p
            cur.state = cur.kind == .object ? .key : .value
            scanner.pos += 1
        case JSONByte.closeBrace, JSONByte.closeBracket:
            handleCloser(b)
        case JSONByte.quote:
            // Missing comma: the string starts the next element or member. Not reported
            // right after an unterminated string, which took the comma with it.
            if scanner.unterminatedStringEnd != lastEnd {
                reportUnexpected(p..<scanner.stringEnd(from: p))
            }
            cur.state = cur.kind == .object ? .key : .value
        case JSONByte.openBrace, JSONByte.openBracket, JSONByte.minus, JSONByte.zero...JSONByte.nine:
            reportUnexpected(p..<scanner.tokenEnd(from: p))
            missingComma()
        case JSONByte.colon:
            reportUnexpected(p..<(p + 1))
            scanner.pos += 1
        default:
            let end = scanner.wordEnd(from: p)
            if literal(p..<end) != nil {
                reportUnexpected(p..<end)
                missingComma()
            } else {
                // Garbage between values: report and skip it.
                reportBadWord(p..<end, message: expectation)
            }
        }
    }

    /// Recovery for a value where `,` was expected: an array takes it as its next element; an
    /// object parses it but drops it, since it has no key.
    private mutating func missingComma() {
        if cur.kind == .object { cur.key = nil }
        cur.state = .value
    }

    private mutating func expectKey(_ b: UInt8) {
        let p = scanner.pos
        switch b {
        case JSONByte.quote:
            cur.key = scanner.scanString()
            cur.keyRange = p..<scanner.pos
            cur.state = .colon
        case JSONByte.closeBrace, JSONByte.closeBracket:
            handleCloser(b)
        case JSONByte.comma, JSONByte.colon:
            reportUnexpected(p..<(p + 1))
            scanner.pos += 1
        case JSONByte.openBrace, JSONByte.openBracket:
            reportUnexpected(p..<(p + 1))
            cur.key = nil
            cur.state = .value
        case JSONByte.apostrophe:
            let range = singleQuoted(at: p)
            scanner.report(.syntax, "property names must use double quotes", range)
            takeKey(range, trimmingQuotes: true)
        default:
            // An unquoted name (`{name: 1}`): report it but keep it as the key.
            let end = scanner.wordEnd(from: p)
            reportBadWord(p..<end, message: "property names must be in double quotes")
            takeKey(p..<end, trimmingQuotes: false)
        }
    }

    private mutating func takeKey(_ range: ByteRange, trimmingQuotes: Bool) {
        let inner = trimmingQuotes ? (range.lowerBound + 1)..<max(range.lowerBound + 1, range.upperBound - 1) : range
        cur.key = String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[inner]), as: UTF8.self)
        cur.keyRange = range
        cur.state = .colon
        scanner.pos = range.upperBound
    }

    private mutating func expectColon(_ b: UInt8) {
        let p = scanner.pos
        switch b {
        case JSONByte.colon:
            cur.state = .value
            scanner.pos += 1
        case JSONByte.closeBrace, JSONByte.closeBracket:
            handleCloser(b)
        case JSONByte.comma:
            reportUnexpected(p..<(p + 1))
            complete(SyntaxNode(.invalid, range: p..<p))
        case JSONByte.quote, JSONByte.openBrace, JSONByte.openBracket, JSONByte.minus,
            JSONByte.zero...JSONByte.nine:
            // Missing colon: read the value anyway.
            reportUnexpected(p..<scanner.tokenEnd(from: p))
            cur.state = .value
        default:
            let end = scanner.wordEnd(from: p)
            if literal(p..<end) != nil {
                reportUnexpected(p..<end)
            } else {
                // `"a" = 1`: take the stray token for the colon it replaces.
                reportBadWord(p..<end, message: expectation)
            }
            cur.state = .value
        }
    }

    // MARK: Containers

    private mutating func open(_ b: UInt8) {
        let p = scanner.pos
        if frames.count >= SyntaxTree.maximumDepth {
            scanner.report(
                .depthLimit,
                "nesting deeper than \(SyntaxTree.maximumDepth) levels; the content of this value is skipped",
                p..<(p + 1))
            let end = skipBalanced(from: p)
            scanner.pos = end
            complete(SyntaxNode(.invalid, range: p..<end))
            return
        }
        frames.append(cur)
        if cur.kind == .array { waitingArrays += 1 } else if cur.kind == .object { waitingObjects += 1 }
        if b == JSONByte.openBrace {
            cur = Frame(kind: .object, state: .firstKey, start: p, base: members.count)
        } else {
            cur = Frame(kind: .array, state: .firstValue, start: p, base: nodes.count)
        }
        scanner.pos = p + 1
    }

    /// End of the bracketed value at `p`, counting brackets outside strings; no tree is built.
    private func skipBalanced(from p: Int) -> Int {
        let bytes = scanner.bytes
        var depth = 0
        var i = p
        while i < scanner.end {
            switch bytes[i] {
            case JSONByte.openBrace, JSONByte.openBracket:
                depth += 1
            case JSONByte.closeBrace, JSONByte.closeBracket:
                depth -= 1
                if depth == 0 { return i + 1 }
            case JSONByte.quote:
                i = scanner.stringEnd(from: i)
                continue
            default:
                break
            }
            i += 1
        }
        return scanner.end
    }

    /// A `}` or `]` in any state: closes the current container, or (when it belongs to an
    /// enclosing one) closes the containers left open in between, or is skipped as stray.
    private mutating func handleCloser(_ b: UInt8) {
        let p = scanner.pos
        let kind: Frame.Kind = b == JSONByte.closeBracket ? .array : .object
        if cur.kind == kind {
            switch cur.state {
            case .after, .firstValue, .firstKey:
                break
            case .key:
                scanner.report(.syntax, "trailing comma", cur.lastComma..<(cur.lastComma + 1))
            case .value where kind == .array:
                scanner.report(.syntax, "trailing comma", cur.lastComma..<(cur.lastComma + 1))
            case .value, .colon:
                reportUnexpected(p..<(p + 1))
                complete(SyntaxNode(.invalid, range: p..<p))
            }
            scanner.pos = p + 1
            closeContainer(end: p + 1)
            return
        }
        reportUnexpected(p..<(p + 1))
        if (kind == .array ? waitingArrays : waitingObjects) > 0 {
            if isMistypedCloser(kind) {
                scanner.pos = p + 1
                closeContainer(end: p + 1)
                return
            }
            // `[{"a": [1}, 2]`: the `}` is the object's, so the array was left open. Close it
            // (and any others in between) and let the enclosing container take the bracket.
            while cur.kind != kind { closeContainer(end: lastEnd) }
        } else {
            scanner.pos = p + 1
        }
    }

    /// Whether a closer of the wrong kind is better read as a typo for the current container's
    /// own closer (`[{"a": 1], {"b": 2}]`) than as closing its parent early. Only when the
    /// parent is what it would close, and only when the next two tokens fit the typo reading
    /// but not the other.
    private func isMistypedCloser(_ kind: Frame.Kind) -> Bool {
        guard let parent = frames.last, parent.kind == kind, frames.count >= 2 else { return false }
        let grandparent = frames[frames.count - 2]
        let bytes = scanner.bytes
        let nextOffset = scanner.nextSignificant(from: scanner.pos + 1)
        let next = nextOffset.map { bytes[$0] }
        let afterComma = nextOffset.flatMap { scanner.nextSignificant(from: $0 + 1) }.map { bytes[$0] }
        func continues(_ frame: Frame) -> Bool {
            guard next == JSONByte.comma, let afterComma else { return false }
            if frame.kind == .object { return afterComma == JSONByte.quote }
            return frame.kind == .array && afterComma != JSONByte.comma && afterComma != JSONByte.colon
                && afterComma != JSONByte.closeBrace && afterComma != JSONByte.closeBracket
        }
        func closes(_ frame: Frame) -> Bool {
            (frame.kind == .array && next == JSONByte.closeBracket)
                || (frame.kind == .object && next == JSONByte.closeBrace)
        }
        let fitsParentClosing =
            continues(grandparent) || closes(grandparent) || (next == nil && grandparent.kind == .top)
        let fitsTypo = continues(parent) || closes(parent)
        return fitsTypo && !fitsParentClosing
    }

    /// Builds the current container's node from its waiting children and hands it to the parent.
    private mutating func closeContainer(end: Int) {
        if cur.kind == .object, let key = cur.key, cur.state == .colon || cur.state == .value {
            members.append(
                SyntaxMember(key: key, keyRange: cur.keyRange, value: SyntaxNode(.invalid, range: end..<end)))
        }
        let value: SyntaxNode.Value
        if cur.kind == .array {
            value = .array(Array(nodes[cur.base...]))
            nodes.removeSubrange(cur.base...)
        } else {
            reportDuplicateKeys()
            value = .object(Array(members[cur.base...]))
            members.removeSubrange(cur.base...)
        }
        let node = SyntaxNode(value, range: cur.start..<end)
        cur = frames.removeLast()
        if cur.kind == .array { waitingArrays -= 1 } else if cur.kind == .object { waitingObjects -= 1 }
        complete(node)
    }

    private mutating func closeAllAtEnd() {
        while cur.kind != .top {
            let (open, close) = cur.kind == .object ? ("{", "}") : ("[", "]")
            let place = lines ? "the line" : "the document"
            scanner.report(
                .syntax, "unclosed '\(open)': expected '\(close)' before the end of \(place)",
                cur.start..<(cur.start + 1))
            closeContainer(end: lastEnd)
        }
    }

    private mutating func complete(_ node: SyntaxNode) {
        switch cur.kind {
        case .top:
            root = node
        case .array:
            nodes.append(node)
        case .object:
            if let key = cur.key {
                members.append(SyntaxMember(key: key, keyRange: cur.keyRange, value: node))
                cur.key = nil
            }
        }
        cur.state = .after
    }

    private mutating func reportDuplicateKeys() {
        let count = members.count - cur.base
        guard count > 1 else { return }
        if count <= 16 {
            for j in (cur.base + 1)..<members.count {
                let key = members[j].key
                // `==` first: cheap and almost always false; bytes decide (see below).
                for k in cur.base..<j where members[k].key == key && members[k].key.utf8.elementsEqual(key.utf8) {
                    reportDuplicate(members[j])
                    break
                }
            }
        } else {
            // Bytes, not `String`: Swift's `==` treats canonically equivalent keys as equal.
            var seen = Set<[UInt8]>(minimumCapacity: count)
            for j in cur.base..<members.count where !seen.insert(Array(members[j].key.utf8)).inserted {
                reportDuplicate(members[j])
            }
        }
    }

    private mutating func reportDuplicate(_ member: SyntaxMember) {
        scanner.report(
            .duplicateKey, "duplicate key \(JSONSyntaxParser.quoted(member.key)); most JSON readers keep only the last",
            member.keyRange, severity: .warning)
    }

    // MARK: Words

    private func literal(_ range: ByteRange) -> SyntaxNode.Value? {
        let bytes = scanner.bytes
        switch range.count {
        case 4:
            let a = bytes[range.lowerBound]
            let b = bytes[range.lowerBound + 1]
            let c = bytes[range.lowerBound + 2]
            let d = bytes[range.lowerBound + 3]
            if a == 0x74 && b == 0x72 && c == 0x75 && d == 0x65 { return .bool(true) }  // true
            if a == 0x6E && b == 0x75 && c == 0x6C && d == 0x6C { return .null }  // null
            return nil
        case 5:
            let word = UnsafeBufferPointer(rebasing: bytes[range])
            return word.elementsEqual("false".utf8) ? .bool(false) : nil
        default:
            return nil
        }
    }

    private func invalidValueMessage(_ range: ByteRange) -> String {
        let word = scanner.text(range)
        let suggestions: [String: String] = [
            "True": "true", "TRUE": "true", "tru": "true", "tr": "true", "t": "true",
            "False": "false", "FALSE": "false", "fals": "false", "fal": "false", "f": "false",
            "None": "null", "NULL": "null", "Null": "null", "nil": "null", "nul": "null", "undefined": "null",
        ]
        if let suggestion = suggestions[word] {
            return "invalid value '\(word)'; did you mean '\(suggestion)'?"
        }
        if word == "NaN" || word == "Infinity" || word == "+Infinity" {
            return "'\(word)' is not a JSON number"
        }
        if let first = word.utf8.first, first == JSONByte.plus || first == JSONByte.dot {
            return "invalid number '\(word)'"
        }
        return "invalid value '\(word)'"
    }

    /// Reports a bare word: its invalid UTF-8 as `invalid-utf8`, and the word itself as a
    /// syntax error unless it was nothing but invalid bytes. Skips it.
    private mutating func reportBadWord(_ range: ByteRange, message: String) {
        if scanner.reportInvalidUTF8(in: range) {
            scanner.report(.syntax, message, range)
        }
        scanner.pos = range.upperBound
    }

    /// Range of a `'single-quoted'` token (to the closing quote, or the end of the word).
    private func singleQuoted(at p: Int) -> ByteRange {
        let bytes = scanner.bytes
        var i = p + 1
        while i < scanner.end && bytes[i] != JSONByte.apostrophe && bytes[i] != JSONByte.newline
            && bytes[i] != JSONByte.carriageReturn
        {
            i += 1
        }
        if i < scanner.end && bytes[i] == JSONByte.apostrophe { return p..<(i + 1) }
        return p..<scanner.wordEnd(from: p)
    }
}

extension JSONSyntaxParser {
    static func quoted(_ s: String) -> String {
        "'" + s + "'"
    }
}
