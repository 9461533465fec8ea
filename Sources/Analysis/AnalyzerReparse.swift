import JSON
import SourceDocument

/// Where an edit landed in the previous text: the deepest value that holds every changed byte
/// strictly inside it (its first and last bytes, its delimiters, are unchanged), so the rest of
/// the document reads the same before and after.
struct EditSite {
    /// Pointer tokens of that value, and the child positions (array index or member index)
    /// that lead to it.
    var tokens: [String]
    var positions: [Int]
    /// Its range in the previous text.
    var range: ByteRange
    /// New length minus old length of the whole text.
    var delta: Int

    /// The site of the change from `old` to `new`, given `old`'s clean tree; `nil` when the
    /// texts are equal or the change touches the root's own delimiters.
    static func find(old: [UInt8], new: [UInt8], tree: SyntaxTree) -> EditSite? {
        guard var node = tree.root else { return nil }
        let prefix = commonPrefix(old, new)
        if prefix == old.count && prefix == new.count { return nil }
        let suffix = commonSuffix(old, new, limit: min(old.count, new.count) - prefix)
        // Changed bytes: old[first..<end] became new[first..<end + delta].
        let first = prefix
        let end = old.count - suffix
        func holds(_ range: ByteRange) -> Bool { range.lowerBound < first && end < range.upperBound }
        guard holds(node.range) else { return nil }
        var site = EditSite(tokens: [], positions: [], range: node.range, delta: new.count - old.count)
        descend: while true {
            switch node.value {
            case .array(let items):
                guard let index = child(of: items, containing: first, range: \.range), holds(items[index].range)
                else { break descend }
                site.tokens.append(String(index))
                site.positions.append(index)
                node = items[index]
            case .object(let members):
                guard let index = child(of: members, containing: first, range: \.value.range),
                    holds(members[index].value.range)
                else { break descend }
                site.tokens.append(members[index].key)
                site.positions.append(index)
                node = members[index].value
            default:
                break descend
            }
            site.range = node.range
        }
        return site
    }

    /// The child whose range starts last at or before `offset` (children are in text order).
    private static func child<C>(of children: [C], containing offset: Int, range: KeyPath<C, ByteRange>) -> Int? {
        var low = 0
        var high = children.count
        while low < high {
            let middle = (low + high) / 2
            if children[middle][keyPath: range].lowerBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? low - 1 : nil
    }

    private static func commonPrefix(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                let count = min(a.count, b.count)
                var i = 0
                // Eight bytes at a time: this runs over the whole text on every edit.
                if let pa = UnsafeRawPointer(a.baseAddress), let pb = UnsafeRawPointer(b.baseAddress) {
                    while i + 8 <= count,
                        pa.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                            == pb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    {
                        i += 8
                    }
                }
                while i < count, a[i] == b[i] { i += 1 }
                return i
            }
        }
    }

    private static func commonSuffix(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var n = 0
                if let pa = UnsafeRawPointer(a.baseAddress), let pb = UnsafeRawPointer(b.baseAddress) {
                    while n + 8 <= limit,
                        pa.loadUnaligned(fromByteOffset: a.count - n - 8, as: UInt64.self)
                            == pb.loadUnaligned(fromByteOffset: b.count - n - 8, as: UInt64.self)
                    {
                        n += 8
                    }
                }
                while n < limit, a[a.count - 1 - n] == b[b.count - 1 - n] { n += 1 }
                return n
            }
        }
    }
}

/// Re-reading only the edited part of a JSON document: the value around the edit is parsed
/// alone and put in place of the old one, and the values after it move by the edit's length.
/// Used only where that gives exactly the tree a full parse gives: plain JSON (not JSON Lines,
/// where line breaks are syntax; not YAML, where indentation is), a previous tree without any
/// diagnostic, and a new value that parses cleanly by itself, well within the nesting limit.
enum Reparse {
    /// Nesting this deep is parsed in full, so the depth limit is applied in context.
    static let depthMargin = 64

    static func tree(old: [UInt8], oldTree: SyntaxTree, new: [UInt8]) -> SyntaxTree? {
        guard oldTree.format == .json, oldTree.diagnostics.isEmpty, let root = oldTree.root,
            let site = EditSite.find(old: old, new: new, tree: oldTree)
        else { return nil }
        let lower = site.range.lowerBound
        let upper = site.range.upperBound + site.delta
        guard upper > lower, site.tokens.count + depthMargin < SyntaxTree.maximumDepth else { return nil }
        let piece = SyntaxTree.parse(Array(new[lower..<upper]), format: .json)
        guard piece.diagnostics.isEmpty, let value = piece.root, value.range == 0..<(upper - lower),
            depth(of: value) + site.tokens.count + depthMargin < SyntaxTree.maximumDepth
        else { return nil }
        let replacement = shifted(value, by: lower)
        let spliced = splice(root, path: site.positions[...], replacement: replacement, delta: site.delta)
        return SyntaxTree(root: spliced, diagnostics: [], format: .json)
    }

    /// `node` with the value at `path` replaced and everything after it moved by `delta`.
    private static func splice(_ node: SyntaxNode, path: ArraySlice<Int>, replacement: SyntaxNode, delta: Int)
        -> SyntaxNode
    {
        guard let position = path.first else { return replacement }
        let range = node.range.lowerBound..<(node.range.upperBound + delta)
        switch node.value {
        case .array(var items):
            items[position] = splice(items[position], path: path.dropFirst(), replacement: replacement, delta: delta)
            if delta != 0 {
                for index in (position + 1)..<items.count { items[index] = shifted(items[index], by: delta) }
            }
            return SyntaxNode(.array(items), range: range)
        case .object(var members):
            members[position].value = splice(
                members[position].value, path: path.dropFirst(), replacement: replacement, delta: delta)
            if delta != 0 {
                for index in (position + 1)..<members.count { members[index] = shifted(members[index], by: delta) }
            }
            return SyntaxNode(.object(members), range: range)
        default:
            return replacement
        }
    }

    /// Moves a subtree by `delta` bytes. Trees are at most `SyntaxTree.maximumDepth` deep, so
    /// the recursion is bounded.
    static func shifted(_ node: SyntaxNode, by delta: Int) -> SyntaxNode {
        let range = (node.range.lowerBound + delta)..<(node.range.upperBound + delta)
        switch node.value {
        case .array(var items):
            for index in items.indices { items[index] = shifted(items[index], by: delta) }
            return SyntaxNode(.array(items), range: range)
        case .object(var members):
            for index in members.indices { members[index] = shifted(members[index], by: delta) }
            return SyntaxNode(.object(members), range: range)
        default:
            return SyntaxNode(node.value, range: range)
        }
    }

    private static func shifted(_ member: SyntaxMember, by delta: Int) -> SyntaxMember {
        SyntaxMember(
            key: member.key, keyRange: (member.keyRange.lowerBound + delta)..<(member.keyRange.upperBound + delta),
            value: shifted(member.value, by: delta))
    }

    /// Nesting depth of a freshly parsed value, counted iteratively.
    private static func depth(of node: SyntaxNode) -> Int {
        var deepest = 0
        var stack: [(SyntaxNode, Int)] = [(node, 1)]
        while let (next, level) = stack.popLast() {
            deepest = max(deepest, level)
            switch next.value {
            case .array(let items): for item in items { stack.append((item, level + 1)) }
            case .object(let members): for member in members { stack.append((member.value, level + 1)) }
            default: break
            }
        }
        return deepest
    }
}

extension JSONValue {
    /// This value with the value at `tokens` replaced; `nil` when a token does not name
    /// exactly one child (a missing or duplicated key).
    func replacing(at tokens: ArraySlice<String>, with replacement: JSONValue) -> JSONValue? {
        guard let token = tokens.first else { return replacement }
        switch self {
        case .array(var items):
            guard let index = JSONPointer.arrayIndex(token), index < items.count,
                let inner = items[index].replacing(at: tokens.dropFirst(), with: replacement)
            else { return nil }
            items[index] = inner
            return .array(items)
        case .object(var members):
            var found: Int?
            for index in members.indices where members[index].key.utf8.elementsEqual(token.utf8) {
                guard found == nil else { return nil }
                found = index
            }
            guard let index = found,
                let inner = members[index].value.replacing(at: tokens.dropFirst(), with: replacement)
            else { return nil }
            members[index].value = inner
            return .object(members)
        default:
            return nil
        }
    }
}
