import CYaml

/// Turns libyaml events into `SyntaxNode`s with an explicit stack (no recursion).
struct YAMLTreeBuilder {
    /// A finished node plus what its parent needs to know about it.
    private struct Built {
        var node: SyntaxNode
        /// The scalar's text as written (for use as a mapping key).
        var keyText: String?
        /// `<<` written plain: a merge key.
        var isMergeKey = false
        /// Logical node count, aliases expanded.
        var size: Int
        /// Collection nesting below and including this node (0 for scalars).
        var height: Int
    }

    private struct Frame {
        var isMapping: Bool
        var isFlow: Bool
        var start: Int
        var anchor: String?
        var items: [SyntaxNode] = []
        var members: [SyntaxMember] = []
        /// Key read, waiting for its value.
        var pendingKey: (text: String, range: ByteRange, isMerge: Bool)?
        /// The key was not a scalar: its value is dropped too.
        var skippingValue = false
        var expectingValue = false
        var keys: Set<String> = []
        /// Indices in `members` of plain `<<` keys.
        var mergeIndices: [Int] = []
        var size = 1
        var height = 1
        var lastEnd: Int
    }

    private let input: YAMLInput
    private var stack: [Frame] = []
    private var root: SyntaxNode?
    private var diagnostics: [SyntaxDiagnostic] = []
    private var anchors: [String: Built] = [:]
    private var documentCount = 0
    /// Inside the second or a later document: events are only checked for errors.
    private var ignoringDocument = false
    /// Open collections inside one that was too deep to build.
    private var skippedDepth = 0
    private var skippedStart = 0
    /// End of the last token inside the skipped part (block collections end at the next
    /// token after them, which may be a sibling's key).
    private var skippedEnd = 0
    private var expandedNodes = 0
    private let expansionLimit: Int
    private var reportedExpansionLimit = false

    /// Billion-laughs guard: aliases may add at most this many nodes (or the document's size
    /// in bytes, when larger), so a tree never grows far beyond the text it came from.
    static let minimumExpansionLimit = 100_000

    /// The error libyaml stopped at, if any (not in `diagnostics`).
    private(set) var failure: SyntaxDiagnostic?
    /// Where a recovery pass should start blanking (see `YAMLError.recoveryOffset`).
    private(set) var recoveryOffset = 0
    private(set) var failedAtEndOfText = false
    /// Nodes in the finished tree, aliases expanded.
    private(set) var nodeCount = 0
    /// Text blanked out by earlier recovery passes: an empty value there was not written by
    /// the user, it is what is left of the construct that failed.
    private let blanked: [ByteRange]

    init(input: YAMLInput, sourceSize: Int, blanked: [ByteRange] = []) {
        self.input = input
        self.expansionLimit = max(YAMLTreeBuilder.minimumExpansionLimit, sourceSize)
        self.blanked = blanked
    }

    /// Diagnostics kept per pass, as in the JSON parser; one more says the rest were dropped.
    static let diagnosticLimit = 1_000

    private mutating func report(_ diagnostic: SyntaxDiagnostic) {
        // A file of thousands of repeated keys would otherwise flood the editor.
        if diagnostics.count >= YAMLTreeBuilder.diagnosticLimit {
            if diagnostics.count == YAMLTreeBuilder.diagnosticLimit {
                diagnostics.append(
                    SyntaxDiagnostic(
                        .yamlSyntax, "too many problems; the rest are not reported", range: diagnostic.range,
                        severity: diagnostic.severity))
            }
            return
        }
        diagnostics.append(diagnostic)
    }

    // MARK: Events

    /// Handles one event; `false` once the stream has ended.
    mutating func handle(_ event: yaml_event_t) -> Bool {
        let start = input.originalOffset(ofScalarIndex: event.start_mark.index)
        let end = max(start, input.originalOffset(ofScalarIndex: event.end_mark.index))
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return false
        case YAML_DOCUMENT_START_EVENT:
            documentCount += 1
            if documentCount == 2 {
                report(
                    SyntaxDiagnostic(
                        .unsupportedYAML, "only the first YAML document is read; later documents are ignored",
                        range: start..<end, severity: .warning))
            }
            ignoringDocument = documentCount > 1
        case YAML_SCALAR_EVENT where !ignoringDocument && skippedDepth > 0,
            YAML_ALIAS_EVENT where !ignoringDocument && skippedDepth > 0:
            skippedEnd = max(skippedEnd, end)
        case YAML_SCALAR_EVENT where !ignoringDocument:
            scalar(event, range: start..<end)
        case YAML_ALIAS_EVENT where !ignoringDocument:
            alias(String(cString: event.data.alias.anchor), range: start..<end)
        case YAML_SEQUENCE_START_EVENT where !ignoringDocument:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            open(
                isMapping: false, isFlow: event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE,
                anchor: anchor, start: start, end: end)
        case YAML_MAPPING_START_EVENT where !ignoringDocument:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            open(
                isMapping: true, isFlow: event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE,
                anchor: anchor, start: start, end: end)
        case YAML_SEQUENCE_END_EVENT where !ignoringDocument, YAML_MAPPING_END_EVENT where !ignoringDocument:
            close(end: end)
        default:
            break
        }
        return true
    }

    /// Records libyaml's error and closes what is open, keeping everything read so far.
    mutating func fail(_ error: YAMLError) {
        let at = error.offset
        let width = at < input.originalCount ? input.originalScalarLength(at: at) : 0
        let range = at..<(at + width)
        recoveryOffset = error.recoveryOffset
        failedAtEndOfText = error.atEndOfText
        failure = SyntaxDiagnostic(error.isDepthLimit ? .depthLimit : .yamlSyntax, error.message, range: range)
        guard !ignoringDocument else { return }
        if skippedDepth > 0 {
            skippedDepth = 0
            attach(Built(node: SyntaxNode(.invalid, range: skippedStart..<max(skippedEnd, at)), size: 1, height: 0))
        }
        while var frame = stack.last {
            if frame.isMapping && frame.expectingValue {
                if let key = frame.pendingKey {
                    frame.members.append(
                        SyntaxMember(key: key.text, keyRange: key.range, value: SyntaxNode(.invalid, range: range)))
                    frame.lastEnd = max(frame.lastEnd, key.range.upperBound)
                }
                frame.pendingKey = nil
                frame.expectingValue = false
                stack[stack.count - 1] = frame
            }
            close(end: frame.lastEnd)
        }
    }

    /// The root and the diagnostics other than `failure` and the encoding ones.
    func finish() -> (root: SyntaxNode?, diagnostics: [SyntaxDiagnostic]) {
        (root, diagnostics)
    }

    // MARK: Nodes

    private mutating func scalar(_ event: yaml_event_t, range: ByteRange) {
        let data = event.data.scalar
        let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
        let tag = data.tag.map { String(cString: $0) }
        let plain = data.style == YAML_PLAIN_SCALAR_STYLE
        var range = range
        if data.style == YAML_LITERAL_SCALAR_STYLE || data.style == YAML_FOLDED_SCALAR_STYLE {
            range = input.trimmingTrailingSpace(range)
        }
        var value = typedValue(text, plain: plain, tag: tag, range: range)
        if range.isEmpty
            && blanked.contains(where: { $0.contains(range.lowerBound) || $0.upperBound == range.lowerBound })
        {
            value = .invalid
        }
        var built = Built(node: SyntaxNode(value, range: range), keyText: text, size: 1, height: 0)
        built.isMergeKey = plain && tag == nil && data.length == 2 && text == "<<"
        if let anchor = data.anchor.map({ String(cString: $0) }) { anchors[anchor] = built }
        attach(built)
    }

    private mutating func typedValue(_ text: String, plain: Bool, tag: String?, range: ByteRange) -> SyntaxNode.Value {
        let core = "tag:yaml.org,2002:"
        var resolve = plain
        if let tag {
            switch tag {
            case "!", core + "str": resolve = false
            case core + "null", core + "bool", core + "int", core + "float": resolve = true
            default: break
            }
        }
        guard resolve else { return .string(text) }
        let resolved = YAMLScalarResolver.resolve(text)
        if let tag, tag.hasPrefix(core) {
            let name = tag.dropFirst(core.count)
            switch (name, resolved) {
            case ("float", .integer(let i)):
                return .double(Double(i))
            case ("null", .null), ("bool", .bool), ("int", .integer), ("int", .bigInteger), ("float", .double),
                ("float", .bigInteger), ("float", .nonFinite), ("int", .tooLarge), ("float", .tooLarge):
                break
            case ("null", _), ("bool", _), ("int", _), ("float", _):
                report(
                    SyntaxDiagnostic(
                        .unsupportedYAML, "\(text.debugDescription) is not a valid !!\(name); read as a string",
                        range: range, severity: .warning))
                return .string(text)
            default:
                break
            }
        }
        switch resolved {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .integer(let i): return .integer(i)
        case .double(let d): return .double(d)
        case .string: return .string(text)
        case .bigInteger(let d):
            report(
                SyntaxDiagnostic(
                    .numberRange, "integer \(text) does not fit in 64 bits; read as a floating-point number",
                    range: range,
                    severity: .warning))
            return .double(d)
        case .tooLarge:
            report(SyntaxDiagnostic(.numberRange, "number \(text) is too large for a double", range: range))
            return .invalid
        case .nonFinite:
            report(
                SyntaxDiagnostic(
                    .numberRange, "JSON cannot represent \(text); read as null", range: range, severity: .warning))
            return .invalid
        }
    }

    private mutating func alias(_ name: String, range: ByteRange) {
        guard var built = anchors[name] else {
            report(SyntaxDiagnostic(.yamlSyntax, "unknown alias *\(name)", range: range))
            attach(Built(node: SyntaxNode(.invalid, range: range), size: 1, height: 0))
            return
        }
        if stack.count + built.height > SyntaxTree.maximumDepth {
            report(
                SyntaxDiagnostic(
                    .depthLimit, "alias *\(name) nests deeper than \(SyntaxTree.maximumDepth) levels", range: range))
            attach(Built(node: SyntaxNode(.invalid, range: range), size: 1, height: 0))
            return
        }
        if expandedNodes + built.size > expansionLimit {
            if !reportedExpansionLimit {
                reportedExpansionLimit = true
                report(
                    SyntaxDiagnostic(
                        .unsupportedYAML,
                        "aliases expand to more than \(expansionLimit) nodes; *\(name) and further expansions are not read",
                        range: range))
            }
            attach(Built(node: SyntaxNode(.invalid, range: range), size: 1, height: 0))
            return
        }
        expandedNodes += built.size
        built.node.range = range
        built.isMergeKey = false
        attach(built)
    }

    private mutating func open(isMapping: Bool, isFlow: Bool, anchor: String?, start: Int, end: Int) {
        if skippedDepth > 0 || stack.count >= SyntaxTree.maximumDepth {
            if skippedDepth == 0 {
                skippedStart = start
                skippedEnd = end
                report(
                    SyntaxDiagnostic(
                        .depthLimit,
                        "nesting deeper than \(SyntaxTree.maximumDepth) levels; the content of this value is skipped",
                        range: start..<input.endOfScalar(at: start)))
            }
            skippedDepth += 1
            return
        }
        stack.append(Frame(isMapping: isMapping, isFlow: isFlow, start: start, anchor: anchor, lastEnd: end))
    }

    private mutating func close(end: Int) {
        if skippedDepth > 0 {
            if end > 0 && end <= input.originalCount
                && (input.original[end - 1] == UInt8(ascii: "]") || input.original[end - 1] == UInt8(ascii: "}"))
            {
                skippedEnd = max(skippedEnd, end)
            }
            skippedDepth -= 1
            if skippedDepth == 0 {
                attach(Built(node: SyntaxNode(.invalid, range: skippedStart..<skippedEnd), size: 1, height: 0))
            }
            return
        }
        guard let frame = stack.popLast() else { return }
        // Block collections end where the next token starts, often lines later; their last
        // entry is the honest end. Flow collections end at their bracket.
        let upper = frame.isFlow ? max(end, frame.lastEnd) : frame.lastEnd
        let range = frame.start..<max(frame.start, upper)
        let node: SyntaxNode
        if frame.isMapping {
            let members =
                frame.mergeIndices.isEmpty
                ? frame.members : applyMerges(frame.members, at: Set(frame.mergeIndices), keys: frame.keys)
            node = SyntaxNode(.object(members), range: range)
        } else {
            node = SyntaxNode(.array(frame.items), range: range)
        }
        let built = Built(node: node, size: frame.size, height: frame.height)
        if let anchor = frame.anchor { anchors[anchor] = built }
        attach(built)
    }

    /// Adds a finished node to the open collection, or makes it the root.
    private mutating func attach(_ built: Built) {
        guard var frame = stack.popLast() else {
            if root == nil {
                root = built.node
                nodeCount = built.size
            }
            return
        }
        frame.size += built.size
        frame.height = max(frame.height, built.height + 1)
        if !frame.isMapping {
            frame.items.append(built.node)
            frame.lastEnd = max(frame.lastEnd, built.node.range.upperBound)
        } else if !frame.expectingValue {
            frame.expectingValue = true
            if let text = built.keyText {
                frame.pendingKey = (text, built.node.range, built.isMergeKey)
                frame.lastEnd = max(frame.lastEnd, built.node.range.upperBound)
            } else {
                frame.skippingValue = true
                report(
                    SyntaxDiagnostic(
                        .unsupportedYAML, "only scalar mapping keys can be read; this entry is skipped",
                        range: built.node.range))
            }
        } else {
            frame.expectingValue = false
            if frame.skippingValue {
                frame.skippingValue = false
            } else if let key = frame.pendingKey {
                if key.isMerge {
                    frame.mergeIndices.append(frame.members.count)
                } else if !frame.keys.insert(key.text).inserted {
                    report(
                        SyntaxDiagnostic(
                            .duplicateKey, "duplicate key \(key.text.debugDescription)", range: key.range,
                            severity: .warning))
                }
                frame.members.append(SyntaxMember(key: key.text, keyRange: key.range, value: built.node))
                frame.lastEnd = max(frame.lastEnd, built.node.range.upperBound)
            }
            frame.pendingKey = nil
        }
        stack.append(frame)
    }

    /// `<<: *base` / `<<: [*a, *b]`: members of the merged mappings that the mapping does not
    /// set itself, in place of the merge key; earlier sources win over later ones.
    private mutating func applyMerges(_ members: [SyntaxMember], at mergeIndices: Set<Int>, keys: Set<String>)
        -> [SyntaxMember]
    {
        var taken = keys
        var result: [SyntaxMember] = []
        for (index, member) in members.enumerated() {
            guard mergeIndices.contains(index) else {
                result.append(member)
                continue
            }
            var sources: [SyntaxNode] = []
            switch member.value.value {
            case .object: sources = [member.value]
            case .array(let items) where items.allSatisfy({ if case .object = $0.value { true } else { false } }):
                sources = items
            default:
                report(
                    SyntaxDiagnostic(
                        .unsupportedYAML, "a merge key `<<` needs a mapping or a list of mappings; kept as a plain key",
                        range: member.keyRange, severity: .warning))
                result.append(member)
                continue
            }
            for source in sources {
                guard case .object(let merged) = source.value else { continue }
                for m in merged where taken.insert(m.key).inserted {
                    result.append(m)
                }
            }
        }
        return result
    }
}
