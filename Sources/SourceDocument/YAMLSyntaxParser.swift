import CYaml

/// YAML into the same position-tracking `SyntaxTree` as JSON, through the libyaml event API
/// that Yams vendors (module `CYaml`). Events carry start and end marks, so every value and
/// key gets an exact byte range without re-scanning the text; libyaml's parser keeps explicit
/// stacks, so deep input cannot overflow the call stack.
///
/// Decisions, since JSON is the model the rest of Toolwright sees:
/// - Plain scalars are typed by the YAML 1.2 core schema; quoted and block scalars are strings;
///   keys are always their scalar text. `.inf`/`.nan` (no JSON equivalent) become invalid
///   nodes with a `number-out-of-range` warning; integers beyond Int64 become doubles with a
///   warning, numbers beyond a double are invalid with an error (as in the JSON parser).
/// - Aliases are expanded by copying the anchored node (the copy's root takes the alias's
///   range, its inside keeps the anchored text's ranges); the expansion is bounded
///   (`yaml-unsupported` once the bound is hit). Non-scalar keys are skipped with
///   `yaml-unsupported`.
/// - Merge keys (`<<`) are applied; explicit keys win, earlier merge sources win.
/// - Only the first document of a stream is read; later ones get one `yaml-unsupported`
///   warning (their syntax errors are still reported).
/// - Invalid UTF-8 and control characters are read as U+FFFD and reported (`invalid-utf8`,
///   `yaml-syntax`) instead of stopping libyaml before its first event.
/// - libyaml stops at the first syntax error; the tree then holds everything read before it,
///   with open collections closed, so an editor keeps its tools while the user types, and
///   a few more passes read on past the error (see `parse`).
/// - libyaml rejects JSON's surrogate-pair escapes (`"\ud83d\ude00"`; YAML spells them
///   `"\U0001F600"`); when it does, the text is read again with those pairs rewritten.
enum YAMLSyntaxParser {
    /// Further passes after the first syntax error (see `parse`).
    static let maximumRecoveries = 8

    /// libyaml stops at the first error. To read on, the rest of that line (from the opening
    /// of an unclosed quote or flow collection, else from the error) is blanked with spaces,
    /// so offsets stay the same, and the text is parsed again. A pass that fails before the
    /// blanked text is an artefact of the blanking and is dropped, as is one that reads less
    /// than the prefix did when the error was the end of the text (a list being typed). Every
    /// kept pass's error is reported.
    static func parse(_ bytes: [UInt8]) -> SyntaxTree {
        var input = YAMLInput(bytes)
        var accepted = run(input, sourceSize: bytes.count, blanked: [])
        var rewriting = false
        if accepted.failure?.message.hasPrefix("found invalid Unicode character escape code") == true {
            let rewritten = YAMLInput(bytes, rewritingSurrogateEscapes: true)
            if rewritten.rewroteSurrogateEscapes {
                input = rewritten
                rewriting = true
                accepted = run(input, sourceSize: bytes.count, blanked: [])
            }
        }
        var errors: [SyntaxDiagnostic] = []
        var patched = bytes
        var blanked: [ByteRange] = []
        while let failure = accepted.failure {
            errors.append(failure)
            guard failure.code == .yamlSyntax, errors.count <= maximumRecoveries,
                let blank = blankingRange(in: patched, from: accepted.recoveryOffset)
            else { break }
            for i in blank where patched[i] != 0x0A && patched[i] != 0x0D { patched[i] = 0x20 }
            var start = blank.lowerBound
            while start > 0 && (patched[start - 1] == 0x20 || patched[start - 1] == 0x09) { start -= 1 }
            blanked.append(start..<blank.upperBound)
            let next = run(
                YAMLInput(patched, rewritingSurrogateEscapes: rewriting), sourceSize: bytes.count, blanked: blanked)
            if let again = next.failure, again.range.lowerBound < blank.lowerBound { break }
            // Text left open at the end (a list being typed) reads better as the prefix that
            // parsed than with the open part blanked; an unclosed quote that swallowed the
            // rest of the text does not.
            if accepted.failedAtEndOfText && next.nodeCount < accepted.nodeCount { break }
            accepted = next
        }
        let result = accepted.finish()
        let diagnostics = (input.encodingDiagnostics + result.diagnostics + errors).enumerated()
            .sorted { ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset) }
            .map(\.element)
        return SyntaxTree(root: result.root, diagnostics: diagnostics, format: .yaml)
    }

    /// From `offset` to the end of its line, unless that holds nothing but blanks.
    private static func blankingRange(in bytes: [UInt8], from offset: Int) -> ByteRange? {
        var end = offset
        var hasText = false
        while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D {
            if bytes[end] != 0x20 { hasText = true }
            end += 1
        }
        return hasText ? offset..<end : nil
    }

    private static func run(_ input: YAMLInput, sourceSize: Int, blanked: [ByteRange]) -> YAMLTreeBuilder {
        var builder = YAMLTreeBuilder(input: input, sourceSize: sourceSize, blanked: blanked)
        guard !input.text.isEmpty else { return builder }
        input.text.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                builder.fail(YAMLError(message: "the YAML parser could not start", offset: 0))
                return
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.fail(YAMLError(parser, input: input))
                    return
                }
                let more = builder.handle(event)
                yaml_event_delete(&event)
                if !more { return }
            }
        }
        return builder
    }
}

/// libyaml's error, with its position converted to an offset in the original bytes.
struct YAMLError {
    var message: String
    var offset: Int
    /// Where a recovery pass starts blanking: the opening of an unclosed quote or flow
    /// collection, else the error itself.
    var recoveryOffset: Int
    var isDepthLimit = false
    /// libyaml ran out of text: what it was reading was left open (the user is typing).
    var atEndOfText = false

    init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
        self.recoveryOffset = offset
    }

    init(_ parser: yaml_parser_t, input: YAMLInput) {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        var message = problem
        // libyaml's own line count is one ahead at the end of the text; count from the offset.
        if let context, parser.context_mark.index != parser.problem_mark.index {
            let line = input.lineNumber(at: input.originalOffset(ofScalarIndex: parser.context_mark.index))
            message += " (\(context) at line \(line))"
        } else if let context {
            message += " (\(context))"
        }
        var recoveryOffset: Int?
        switch parser.error {
        case YAML_READER_ERROR:
            offset = input.originalOffset(ofTextOffset: parser.problem_offset)
        case YAML_MEMORY_ERROR:
            message = "out of memory while parsing YAML"
            offset = input.originalOffset(ofScalarIndex: parser.mark.index)
        default:
            offset = input.originalOffset(ofScalarIndex: parser.problem_mark.index)
            atEndOfText = parser.problem_mark.index >= input.scalarCount
            // An unterminated quote or flow collection is reported at the end of the text;
            // the construct that was left open is the useful place to point at.
            if let context, parser.context_mark.index < parser.problem_mark.index,
                parser.problem_mark.index >= input.scalarCount
            {
                offset = input.originalOffset(ofScalarIndex: parser.context_mark.index)
                message = "\(problem) (\(context) that starts here)"
            }
            let opensSomething = ["flow sequence", "flow mapping", "quoted scalar"].contains {
                context?.hasSuffix($0) ?? false
            }
            if opensSomething && parser.context_mark.index < parser.problem_mark.index {
                recoveryOffset = input.originalOffset(ofScalarIndex: parser.context_mark.index)
            }
        }
        self.recoveryOffset = recoveryOffset ?? offset
        isDepthLimit = problem.hasPrefix("Maximum nesting level")
        if isDepthLimit {
            message = "nesting is too deep for the YAML parser; the rest of the document is not read"
        }
        self.message = message
    }
}
