import FuzzSupport
import SourceDocument

/// The YAML path (Yams plus our tree builder): no crash and every range inside the document.
/// Nesting is not checked: an alias node reuses its anchor's range, which may lie elsewhere.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let tree = SyntaxTree.parse(bytes, format: .yaml)
    checkRanges(tree, count: size, nested: false)
    _ = tree.jsonValue()
    return 0
}
