import Foundation
import FuzzSupport
import Tokenizer

// The vocabulary is looked up next to the binary; fall back to the source tree so the fuzz
// binary runs from Fuzz/.build without copying resources.
private let vocabulary: String? = {
    if let dir = ProcessInfo.processInfo.environment["TOOLWRIGHT_VOCAB_DIR"] { return dir }
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Sources/Tokenizer/Resources").standardized.path
    return source
}()
private let encodings: [Encoding] = [
    try! Encoding.named(.o200kBase, vocabularyDirectory: vocabulary),
    try! Encoding.named(.cl100kBase, vocabularyDirectory: vocabulary),
]

/// BPE round trip: for valid UTF-8 text, decode(encodeOrdinary(s)) gives back its bytes, for
/// o200k_base and cl100k_base. Invalid UTF-8 is repaired by String first, so it is also fed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    for encoding in encodings {
        let ids = encoding.encodeOrdinary(text)
        guard let decoded = try? encoding.decode(ids) else { fuzzFailure("\(encoding.name): decode threw") }
        if decoded != Array(text.utf8) {
            fuzzFailure("\(encoding.name): round trip differs for \(bytes)")
        }
        if encoding.count(text) != ids.count { fuzzFailure("\(encoding.name): count differs from encode") }
    }
    return 0
}
