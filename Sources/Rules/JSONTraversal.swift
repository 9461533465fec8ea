import JSON

extension JSONValue {
    /// Object members with duplicate keys resolved the way JSON Pointers resolve them (the last
    /// one wins), in source order. Earlier duplicates are `json-duplicate-key`'s business.
    var effectiveMembers: [JSONMember] {
        guard let members = objectMembers else { return [] }
        guard members.count > 1 else { return members }
        if members.count <= 16 {
            // Small objects (nearly all of them): a pairwise scan allocates nothing.
            var duplicated = false
            outer: for i in 1..<members.count {
                for j in 0..<i where members[j].key == members[i].key {
                    duplicated = true
                    break outer
                }
            }
            if !duplicated { return members }
        }
        var seen = Set<String>()
        var kept: [JSONMember] = []
        kept.reserveCapacity(members.count)
        for member in members.reversed() where seen.insert(member.key).inserted {
            kept.append(member)
        }
        return kept.count == members.count ? members : kept.reversed()
    }
}

/// A piece of text in a tool definition: a string value, or an object key.
struct TextField {
    var text: String
    var pointer: JSONPointer
    /// The text is the key of the member at `pointer`, not its value.
    var isKey: Bool
}

enum JSONTraversal {
    /// A path as a parent-linked list, so that deep documents cost no more than their size;
    /// pointers are only built for the texts a rule reports.
    private struct PathNode {
        var parent: Int
        var token: String
    }

    private enum Item {
        case value(JSONValue, path: Int)
        case key(String, path: Int)
    }

    /// Calls `visit` with every string value (and, with `includeKeys`, every object key) under
    /// `value`, iteratively and in document order. `pointer()` builds the text's pointer.
    static func forEachText(
        in value: JSONValue, at base: JSONPointer, includeKeys: Bool,
        _ visit: (_ text: String, _ isKey: Bool, _ pointer: () -> JSONPointer) -> Void
    ) {
        var paths: [PathNode] = []
        func pointer(_ path: Int) -> JSONPointer {
            var tokens: [String] = []
            var index = path
            while index >= 0 {
                tokens.append(paths[index].token)
                index = paths[index].parent
            }
            return base.appending(JSONPointer(tokens: tokens.reversed()))
        }
        var stack: [Item] = [.value(value, path: -1)]
        while let item = stack.popLast() {
            switch item {
            case .key(let key, let path):
                visit(key, true) { pointer(path) }
            case .value(.string(let text), let path):
                visit(text, false) { pointer(path) }
            case .value(.array(let items), let path):
                // Indices, not `enumerated().reversed()`, which would copy the array first.
                for index in items.indices.reversed() {
                    paths.append(PathNode(parent: path, token: String(index)))
                    stack.append(.value(items[index], path: paths.count - 1))
                }
            case .value(let object, let path):
                for member in object.effectiveMembers.reversed() {
                    paths.append(PathNode(parent: path, token: member.key))
                    stack.append(.value(member.value, path: paths.count - 1))
                    if includeKeys { stack.append(.key(member.key, path: paths.count - 1)) }
                }
            }
        }
    }
}
