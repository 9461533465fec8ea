import FuzzSupport
import JSON
import SourceDocument

/// The JSON and JSON Lines parsers: no crash, ranges in bounds and nested, and for input
/// that jansson accepts and our parser reads without any diagnostic, the same value. The fast
/// reader (`JSONParser`, used for JSON-RPC and tool files) must read a text exactly as jansson
/// does or decline it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let tree = SyntaxTree.parse(bytes, format: .json)
    checkRanges(tree, count: size, nested: true)
    let lines = SyntaxTree.parse(bytes, format: .jsonLines)
    checkRanges(lines, count: size, nested: true)

    if let fast = JSONParser.parse(bytes) {
        guard let theirs = try? Jansson.decode(bytes, options: [.decodeAny]) else {
            fuzzFailure("JSONParser read a text jansson rejects: \(fast)")
        }
        if fast != theirs {
            fuzzFailure("JSONParser value differs from jansson:\n fast: \(fast)\n jansson: \(theirs)")
        }
    }

    guard tree.diagnostics.isEmpty, let ours = tree.jsonValue(),
        let theirs = try? Jansson.decode(bytes, options: [.decodeAny, .rejectDuplicates])
    else { return 0 }
    if ours != theirs {
        fuzzFailure("value differs from jansson:\n ours: \(ours)\n jansson: \(theirs)")
    }
    return 0
}
