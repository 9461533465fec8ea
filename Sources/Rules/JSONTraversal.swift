import JSON

extension JSONValue {
    /// Object members with duplicate keys resolved the way JSON Pointers resolve them (the last
    /// one wins), in source order. Earlier duplicates are `json-duplicate-key`'s business.
    var effectiveMembers: [JSONMember] {
        guard let members = objectMembers else { return [] }
        guard members.count > 1 else { return members }
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
    private enum Item {
        case value(JSONValue, JSONPointer)
        case key(String, JSONPointer)
    }

    /// Every string value (and, with `includeKeys`, every object key) under `value`,
    /// iteratively and in document order.
    static func textFields(of value: JSONValue, at pointer: JSONPointer, includeKeys: Bool) -> [TextField] {
        var fields: [TextField] = []
        var stack: [Item] = [.value(value, pointer)]
        while let item = stack.popLast() {
            switch item {
            case .key(let key, let memberPointer):
                fields.append(TextField(text: key, pointer: memberPointer, isKey: true))
            case .value(.string(let text), let valuePointer):
                fields.append(TextField(text: text, pointer: valuePointer, isKey: false))
            case .value(.array(let items), let valuePointer):
                for (index, element) in items.enumerated().reversed() {
                    stack.append(.value(element, valuePointer / index))
                }
            case .value(let object, let valuePointer):
                for member in object.effectiveMembers.reversed() {
                    let memberPointer = valuePointer / member.key
                    stack.append(.value(member.value, memberPointer))
                    if includeKeys { stack.append(.key(member.key, memberPointer)) }
                }
            }
        }
        return fields
    }
}
