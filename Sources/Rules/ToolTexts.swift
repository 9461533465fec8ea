import JSON
import ToolModel

/// One tool's string values in document order (what `ToolText.scan` visits), each with its
/// words worked out at most once: four text rules read the same strings and split them into
/// the same words. Kept for one tool's run of the tool rules (`SharedSchemaWalks`), so it is
/// never used from two threads at once.
final class ToolTexts: @unchecked Sendable {
    let raw: JSONValue
    let base: JSONPointer
    /// The strings, cut to `TextBudget`.
    private(set) var texts: [String] = []
    private var paths: [Int] = []
    private var nodes: [(parent: Int, token: String)] = []
    private var words: [[String]?] = []

    init(_ tool: ToolDefinition) {
        raw = tool.raw
        base = tool.definitionPointer
        // The same order as `JSONTraversal.forEachText` (values only): depth first, members
        // and items in document order, duplicate keys resolved as pointers resolve them.
        var stack: [(JSONValue, Int)] = [(raw, -1)]
        while let (value, path) = stack.popLast() {
            switch value {
            case .string(let text):
                texts.append(TextBudget.prefix(text))
                paths.append(path)
            case .array(let items):
                for index in items.indices.reversed() {
                    nodes.append((path, String(index)))
                    stack.append((items[index], nodes.count - 1))
                }
            case .object:
                for member in value.effectiveMembers.reversed() {
                    nodes.append((path, member.key))
                    stack.append((member.value, nodes.count - 1))
                }
            default:
                break
            }
        }
        words = Array(repeating: nil, count: texts.count)
    }

    /// `Words.of` the text at `index`.
    func words(at index: Int) -> [String] {
        if let known = words[index] { return known }
        let found = Words.of(texts[index])
        words[index] = found
        return found
    }

    func pointer(at index: Int) -> JSONPointer {
        var tokens: [String] = []
        var node = paths[index]
        while node >= 0 {
            tokens.append(nodes[node].token)
            node = nodes[node].parent
        }
        return base.appending(JSONPointer(tokens: tokens.reversed()))
    }

    /// The texts of `tool`: the ones already split when the tool rules share them, else new.
    static func of(_ tool: ToolDefinition) -> ToolTexts {
        guard let shared = SchemaWalker.sharedWalks else { return ToolTexts(tool) }
        if let known = shared.texts, known.base == tool.definitionPointer, known.raw == tool.raw { return known }
        let texts = ToolTexts(tool)
        shared.texts = texts
        return texts
    }
}
