/// The error-tolerant, position-tracking JSON parser. (Implementation in progress.)
enum JSONSyntaxParser {
    static func parse(_ bytes: [UInt8], lines: Bool) -> SyntaxTree {
        SyntaxTree(root: nil, diagnostics: [], format: lines ? .jsonLines : .json)
    }
}
