import JSON

/// Reads a JSON value as a tool set, detecting the dialect from its content (never from the
/// file name): MCP, OpenAI Chat and Responses, Anthropic, Gemini and BFCL, bare or inside the
/// usual wrappers. A document matching no shape gets one `tool-dialect-unknown` finding; odd
/// entries of a recognised document get `tool-shape` findings.
public enum DialectDetector {
    public static func toolSet(from value: JSONValue, uri: String) -> ToolSet {
        var reader = ToolReader()
        if !reader.readDocument(value, at: .root, depth: 0) {
            reader.findings.append(ReaderFindings.unknown(reason: reader.unknownReason))
        }
        return ToolSet(uri: uri, dialect: reader.dialect, tools: reader.tools, findings: reader.findings)
    }
}

/// One tool waiting for its list to decide its dialect.
private struct Candidate {
    var value: JSONValue
    var pointer: JSONPointer
    var dialect: Dialect?
    var group: JSONPointer
}

private struct ToolReader {
    var tools: [ToolDefinition] = []
    var findings: [Finding] = []
    var dialect: Dialect?
    var unknownReason: String?

    /// Wrappers nest at most this deep (`_capture` → JSON-RPC response → result).
    static let maxWrapperDepth = 4

    /// Returns false when the value is no known shape; nothing is recorded then.
    mutating func readDocument(_ value: JSONValue, at pointer: JSONPointer, depth: Int) -> Bool {
        switch value {
        case .array(let items):
            return readList(items, at: pointer, hint: nil, requireSignal: true)
        case .object:
            return readObject(value, at: pointer, depth: depth)
        default:
            unknownReason = "The document is \(ReaderFindings.article(value)), not an object or array of tools."
            return false
        }
    }

    private mutating func readObject(_ value: JSONValue, at pointer: JSONPointer, depth: Int) -> Bool {
        guard depth < Self.maxWrapperDepth else { return false }
        // Captures wrap the JSON-RPC response: {"_capture": {…}, "response": {…}}.
        if let response = value["response"], isWrapped(response) {
            return readDocument(response, at: pointer / "response", depth: depth + 1)
        }
        if value.hasMember("jsonrpc")
            || (value.hasMember("id") && (value.hasMember("result") || value.hasMember("error")))
        {
            if let result = value["result"], case .object = result {
                if let tools = result["tools"] {
                    readListField(tools, at: pointer / "result" / "tools", hint: .mcp)
                    return true
                }
                unknownReason = "This JSON-RPC response's result has no `tools` array (not a tools/list result)."
                return false
            }
            if value.hasMember("error") {
                unknownReason = "This is a JSON-RPC error response; it carries no tools."
                return false
            }
        }
        if let tools = value["tools"] {
            // `tools` entries without dialect cues (only a name) are most likely MCP tools whose
            // schema is missing; that is what a `{"tools":[…]}` file usually is.
            readListField(
                tools, at: pointer / "tools", hint: value.hasMember("nextCursor") ? .mcp : nil, fallback: .mcp)
            return true
        }
        for key in EntryClassifier.geminiDeclarationKeys {
            if let declarations = value[key] {
                readListField(declarations, at: pointer / key, hint: .gemini)
                return true
            }
        }
        if let functions = value["functions"], functions.arrayValue != nil {
            // The legacy Chat Completions `functions` request field: bare function objects.
            readListField(functions, at: pointer / "functions", hint: .openaiChat)
            return true
        }
        switch EntryClassifier.classify(value) {
        case .bfclRecord:
            var candidates: [Candidate] = []
            collectRecord(value, at: pointer, into: &candidates)
            finish(candidates, hint: .bfcl)
            return true
        case .tool(let dialect, strong: true):
            finish([Candidate(value: value, pointer: pointer, dialect: dialect, group: pointer)], hint: nil)
            return true
        default:
            return false
        }
    }

    private func isWrapped(_ response: JSONValue) -> Bool {
        response.hasMember("jsonrpc") || response.hasMember("result") || response.hasMember("tools")
    }

    /// A field that must hold a list of tools (`tools`, `functionDeclarations`…).
    private mutating func readListField(
        _ value: JSONValue, at pointer: JSONPointer, hint: Dialect?, fallback: Dialect = .openaiChat
    ) {
        guard case .array(let items) = value else {
            dialect = dialect ?? hint
            findings.append(
                ReaderFindings.shape(
                    "`\(pointer.lastToken ?? "")` must be an array of tools, found \(ReaderFindings.article(value)).",
                    at: pointer))
            return
        }
        _ = readList(items, at: pointer, hint: hint, requireSignal: false, fallback: fallback)
    }

    /// Reads the entries of a tool list. With `requireSignal`, a list in which no entry looks
    /// like a tool is rejected (a bare array of anything is not a tool file).
    private mutating func readList(
        _ items: [JSONValue], at pointer: JSONPointer, hint: Dialect?, requireSignal: Bool,
        fallback: Dialect = .openaiChat
    ) -> Bool {
        let findingsBefore = findings.count
        var candidates: [Candidate] = []
        candidates.reserveCapacity(items.count)
        var signal = false
        // By index: `enumerated()` copied each entry (a retain and a release) to look at it.
        for index in items.indices {
            let itemPointer = pointer / index
            guard case .object = items[index] else {
                findings.append(
                    ReaderFindings.shape(
                        "Entry \(index) is \(ReaderFindings.article(items[index])), not a tool object.",
                        at: itemPointer))
                continue
            }
            switch EntryClassifier.classify(items[index]) {
            case .geminiContainer(let key):
                signal = true
                for (declarationIndex, declaration) in (items[index][key]?.arrayValue ?? []).enumerated() {
                    guard case .object = declaration else {
                        findings.append(
                            ReaderFindings.shape(
                                "Declaration \(declarationIndex) is \(ReaderFindings.article(declaration)), "
                                    + "not a function declaration.", at: itemPointer / key / declarationIndex))
                        continue
                    }
                    candidates.append(
                        Candidate(
                            value: declaration, pointer: itemPointer / key / declarationIndex, dialect: .gemini,
                            group: pointer))
                }
            case .bfclRecord:
                signal = true
                collectRecord(items[index], at: itemPointer, into: &candidates)
            case .tool(let dialect, let strong):
                signal = signal || strong
                candidates.append(
                    Candidate(value: items[index], pointer: itemPointer, dialect: dialect, group: pointer))
            case .builtin(let type):
                signal = true
                findings.append(
                    ReaderFindings.shape(
                        "Entry \(index) is a built-in `\(type)` tool, not a function definition; it is not checked.",
                        at: itemPointer, severity: .info))
            case .notATool:
                findings.append(
                    ReaderFindings.shape(
                        "Entry \(index) is not a tool: it has no `name`, `function` or parameter schema.",
                        at: itemPointer))
            }
        }
        if requireSignal && !signal && !items.isEmpty {
            findings.removeSubrange(findingsBefore...)
            unknownReason = "No entry of this array looks like a tool definition."
            return false
        }
        finish(candidates, hint: hint, fallback: fallback)
        return true
    }

    /// A BFCL record keeps its candidate functions under `function` (an array, or one object in
    /// older files); each record is its own tool list.
    private mutating func collectRecord(
        _ record: JSONValue, at pointer: JSONPointer, into candidates: inout [Candidate]
    ) {
        let listPointer = pointer / "function"
        switch record["function"] {
        case .array(let functions):
            for (index, function) in functions.enumerated() {
                guard case .object = function else {
                    findings.append(
                        ReaderFindings.shape(
                            "Function \(index) is \(ReaderFindings.article(function)), not a function object.",
                            at: listPointer / index))
                    continue
                }
                candidates.append(
                    Candidate(value: function, pointer: listPointer / index, dialect: .bfcl, group: listPointer))
            }
        case .some(let function) where function.objectMembers != nil:
            candidates.append(Candidate(value: function, pointer: listPointer, dialect: .bfcl, group: listPointer))
        default:
            findings.append(ReaderFindings.shape("`function` must be an array of function docs.", at: listPointer))
        }
    }

    /// Settles the list's dialect (the hint, else the most common one among its entries, else
    /// the fallback) and builds the tools; entries of another dialect than their list are
    /// reported. A bare `{name, description, parameters}` list falls back to the legacy
    /// Chat Completions `functions` form.
    private mutating func finish(_ candidates: [Candidate], hint: Dialect?, fallback: Dialect = .openaiChat) {
        let listDialect =
            hint ?? Self.majority(candidates.compactMap(\.dialect)) ?? (candidates.isEmpty ? nil : fallback)
        dialect = dialect ?? listDialect
        guard !candidates.isEmpty else { return }
        // Each candidate is one tool, built where it stays (`ToolAdapter.initializeTool`); the
        // candidates are read in place, by index (a `for candidate in` loop copied each one: a
        // retain and a release of its value and pointers).
        let built = [ToolDefinition](unsafeUninitializedCapacity: candidates.count) { buffer, count in
            let slots = buffer.baseAddress!
            for index in candidates.indices {
                let own = candidates[index].dialect ?? listDialect ?? fallback
                if let listDialect, own != listDialect, !Self.compatible(own, listDialect) {
                    findings.append(
                        ReaderFindings.shape(
                            "This entry is a \(own.displayName) tool in a \(listDialect.displayName) list.",
                            at: candidates[index].pointer, severity: .warning))
                }
                ToolAdapter.initializeTool(
                    slots + index, from: candidates[index].value, at: candidates[index].pointer, dialect: own,
                    group: candidates[index].group, findings: &findings)
                count = index + 1
            }
        }
        if tools.isEmpty {
            tools = built
        } else {
            tools.append(contentsOf: built)
        }
    }

    /// BFCL docs are OpenAI-style functions; the two mix without harm.
    private static func compatible(_ a: Dialect, _ b: Dialect) -> Bool {
        Set([a, b]) == [.bfcl, .openaiChat]
    }

    /// The most common dialect; ties go to the one seen first.
    /// Counted in an array by case: a `[Dialect: Int]` looked its storage type up at run time on
    /// first use, a scan of the conformance records that cost as much as reading 300 tools.
    private static func majority(_ dialects: [Dialect]) -> Dialect? {
        var counts = [Int](repeating: 0, count: Dialect.allCases.count)
        for dialect in dialects { counts[dialect.caseIndex] += 1 }
        var best: (dialect: Dialect, count: Int)?
        for dialect in dialects {
            let count = counts[dialect.caseIndex]
            if count > best?.count ?? 0 { best = (dialect, count) }
        }
        return best?.dialect
    }
}

extension Dialect {
    /// The position among `allCases`.
    fileprivate var caseIndex: Int {
        switch self {
        case .mcp: 0
        case .openaiChat: 1
        case .openaiResponses: 2
        case .anthropic: 3
        case .gemini: 4
        case .bfcl: 5
        }
    }
}
