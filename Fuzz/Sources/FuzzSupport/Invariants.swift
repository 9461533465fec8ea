import SourceDocument

/// Stops the fuzzer with a message; libFuzzer records the input that got here as a crash.
public func fuzzFailure(_ message: String) -> Never {
    fatalError("fuzz invariant: \(message)")
}

/// Checks that every node, key and diagnostic range lies inside the document and, when
/// `nested` is set, that children lie inside their parent's range.
public func checkRanges(_ tree: SyntaxTree, count: Int, nested: Bool) {
    for diagnostic in tree.diagnostics where diagnostic.range.lowerBound < 0 || diagnostic.range.upperBound > count {
        fuzzFailure("diagnostic range \(diagnostic.range) outside 0..<\(count): \(diagnostic)")
    }
    guard let root = tree.root else { return }
    checkNode(root, within: 0..<count, count: count, nested: nested, depth: 0)
}

private func checkNode(_ node: SyntaxNode, within parent: ByteRange, count: Int, nested: Bool, depth: Int) {
    let range = node.range
    if range.lowerBound < 0 || range.upperBound > count {
        fuzzFailure("node range \(range) outside 0..<\(count)")
    }
    if nested && (range.lowerBound < parent.lowerBound || range.upperBound > parent.upperBound) {
        fuzzFailure("node range \(range) not inside parent \(parent)")
    }
    if depth > SyntaxTree.maximumDepth + 1 { fuzzFailure("tree deeper than maximumDepth") }
    switch node.value {
    case .array(let items):
        for item in items { checkNode(item, within: range, count: count, nested: nested, depth: depth + 1) }
    case .object(let members):
        for member in members {
            let key = member.keyRange
            if key.lowerBound < 0 || key.upperBound > count {
                fuzzFailure("key range \(key) outside 0..<\(count)")
            }
            if nested && (key.lowerBound < range.lowerBound || key.upperBound > range.upperBound) {
                fuzzFailure("key range \(key) not inside object \(range)")
            }
            checkNode(member.value, within: range, count: count, nested: nested, depth: depth + 1)
        }
    default:
        break
    }
}
