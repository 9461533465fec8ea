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
///   warning.
/// - Aliases are expanded by copying the anchored node (the copy's root takes the alias's
///   range); the expansion is bounded (`yaml-unsupported` once the bound is hit).
/// - Merge keys (`<<`) are applied; explicit keys win.
/// - Only the first document of a stream is read; later ones get one `yaml-unsupported`
///   warning (their syntax errors are still reported).
/// - libyaml stops at the first syntax error; the tree then holds everything read before it,
///   with open collections closed, so an editor keeps its tools while the user types.
enum YAMLSyntaxParser {
    static func parse(_ bytes: [UInt8]) -> SyntaxTree {
        let input = YAMLInput(bytes)
        var builder = YAMLTreeBuilder(input: input, sourceSize: bytes.count)
        guard !input.text.isEmpty else { return builder.finish() }
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
        return builder.finish()
    }
}

/// libyaml's error, with its position converted to an offset in the original bytes.
struct YAMLError {
    var message: String
    var offset: Int
    var isDepthLimit = false

    init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    init(_ parser: yaml_parser_t, input: YAMLInput) {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        var message = problem
        if let context {
            message += " (\(context) at line \(parser.context_mark.line + 1))"
        }
        switch parser.error {
        case YAML_READER_ERROR:
            offset = input.originalOffset(ofTextOffset: parser.problem_offset)
        case YAML_MEMORY_ERROR:
            message = "out of memory while parsing YAML"
            offset = input.originalOffset(ofScalarIndex: parser.mark.index)
        default:
            offset = input.originalOffset(ofScalarIndex: parser.problem_mark.index)
            // An unterminated quote or flow collection is reported at the end of the text;
            // the construct that was left open is the useful place to point at.
            if let context, parser.context_mark.index < parser.problem_mark.index,
                parser.problem_mark.index >= input.scalarCount
            {
                offset = input.originalOffset(ofScalarIndex: parser.context_mark.index)
                message = "\(problem) (\(context) that starts here)"
            }
        }
        isDepthLimit = problem.hasPrefix("Maximum nesting level")
        if isDepthLimit {
            message = "nesting is too deep for the YAML parser; the rest of the document is not read"
        }
        self.message = message
    }
}
