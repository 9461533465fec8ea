import FuzzSupport
import JSON
import SourceDocument

private let documentText = Array(
    #"{"tools":[{"name":"a/b","input~schema":{"type":"object","properties":{"":{"type":"string"},"x":[1,2,{"y":null}]}}}],"0":true,"-":false}"#
        .utf8)
private let document = SyntaxTree.parse(documentText, format: .json)
private let documentValue = document.jsonValue()!

/// JSON Pointer parsing, printing and resolution against a fixed document (both the plain
/// value and the syntax tree, which must agree).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    if let pointer = JSONPointer(text) {
        // Parsing accepted it, so printing must give back the same text and the same tokens.
        if pointer.description != text { fuzzFailure("description \(pointer.description) != input \(text)") }
        check(pointer)
    }
    // Arbitrary tokens (split at NUL) must survive escape + parse.
    let tokens = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    let built = JSONPointer(tokens: tokens)
    guard let reparsed = JSONPointer(built.description), reparsed == built else {
        fuzzFailure("tokens \(tokens) did not round trip through \(built.description)")
    }
    check(built)
    if !bytes.isEmpty {
        let offset = Int(bytes[0]) % (documentText.count + 1)
        let at = document.pointer(at: offset)
        if documentValue.resolve(at) == nil { fuzzFailure("pointer(at: \(offset)) = \(at) does not resolve") }
    }
    return 0
}

private func check(_ pointer: JSONPointer) {
    let value = documentValue.resolve(pointer)
    let node = document.node(at: pointer)
    if (value == nil) != (node == nil) { fuzzFailure("resolve and node(at:) disagree on \(pointer)") }
    if let located = document.location(of: pointer, preferKey: true) {
        if located.range.lowerBound < 0 || located.range.upperBound > documentText.count {
            fuzzFailure("location of \(pointer) out of bounds: \(located.range)")
        }
        if located.exact != (value != nil) { fuzzFailure("location exactness wrong for \(pointer)") }
    }
}
