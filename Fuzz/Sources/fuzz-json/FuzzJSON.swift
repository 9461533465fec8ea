import FuzzSupport
import JSON
import SourceDocument

/// The JSON and JSON Lines parsers: no crash, ranges in bounds and nested, and for input
/// that jansson accepts and our parser reads without any diagnostic, the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let tree = SyntaxTree.parse(bytes, format: .json)
    checkRanges(tree, count: size, nested: true)
    let lines = SyntaxTree.parse(bytes, format: .jsonLines)
    checkRanges(lines, count: size, nested: true)

    guard tree.diagnostics.isEmpty, let ours = tree.jsonValue(),
        let theirs = try? Jansson.decode(bytes, options: [.decodeAny, .rejectDuplicates])
    else { return 0 }
    if ours != theirs {
        fuzzFailure("value differs from jansson:\n ours: \(ours)\n jansson: \(theirs)")
    }
    return 0
}
