import Foundation
import JSON
import Rules
import SourceDocument
import ToolModel

/// What one analysis of a document keeps for the next analysis of the same document: the text
/// it read and each tool's tool-rule findings. A tool whose text, place and dialect are
/// unchanged gets its findings back instead of running the tool rules again; set rules and
/// range resolution always run in full. Immutable, so analyses running at once can share it;
/// it lives as long as the analysis that made it (the language server drops it with the
/// document).
public final class AnalysisMemo: Sendable {
    /// Everything besides a tool's own text that its tool-rule findings depend on.
    struct Configuration: Equatable {
        var uri: String
        var format: DocumentFormat
        var dialect: Dialect?
        var targets: Set<Target>
        var rules: [String: RuleSetting]
        /// The engine's tool rules, by id and position.
        var ruleIds: [String]
    }

    struct Tool {
        var pointer: JSONPointer
        var dialect: Dialect
        var group: JSONPointer
        /// The bytes the tool was read from (see `AnalysisMemo.comparedRange`).
        var range: ByteRange
        var findings: ToolRuleFindings
        /// What the set rules derived from the tool alone.
        var summary: ToolSummary
    }

    let configuration: Configuration
    let bytes: [UInt8]
    /// The tree of `bytes` (always without diagnostics) and its JSON value.
    let tree: SyntaxTree
    let value: JSONValue?
    let tools: [Tool]
    /// The set rules' similarity vectors and pairs, updated by the next analysis.
    let setRuleState: SetRuleState
    private let positions: [JSONPointer: Int]
    /// How many tools of the analysis that made this memo had their tool-rule findings taken
    /// from the previous memo rather than checked again.
    public let reusedToolCount: Int

    init(
        configuration: Configuration, bytes: [UInt8], tree: SyntaxTree, value: JSONValue?, tools: [Tool],
        setRuleState: SetRuleState, reusedToolCount: Int
    ) {
        self.setRuleState = setRuleState
        self.configuration = configuration
        self.bytes = bytes
        self.tree = tree
        self.value = value
        self.tools = tools
        self.reusedToolCount = reusedToolCount
        var positions: [JSONPointer: Int] = [:]
        positions.reserveCapacity(tools.count)
        for (position, tool) in tools.enumerated() { positions[tool.pointer] = position }
        self.positions = positions
    }

    /// How many tools have findings kept.
    public var toolCount: Int { tools.count }

    /// What was kept for a tool read from `range` of `bytes`, if that tool was read from the
    /// same text at the same place with the same dialect and list last time.
    func kept(for tool: ToolDefinition, at position: Int, range: ByteRange, in bytes: [UInt8]) -> Tool? {
        let candidate: Tool
        if position < tools.count, tools[position].pointer == tool.pointer {
            candidate = tools[position]
        } else if let other = positions[tool.pointer] {
            candidate = tools[other]
        } else {
            return nil
        }
        guard candidate.dialect == tool.dialect, candidate.group == tool.group,
            candidate.range.count == range.count,
            Self.equal(self.bytes, candidate.range, bytes, range)
        else { return nil }
        return candidate
    }

    private static func equal(_ a: [UInt8], _ aRange: ByteRange, _ b: [UInt8], _ bRange: ByteRange) -> Bool {
        a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                guard let aBase = a.baseAddress, let bBase = b.baseAddress else { return aRange.isEmpty }
                return memcmp(aBase + aRange.lowerBound, bBase + bRange.lowerBound, aRange.count) == 0
            }
        }
    }

    /// The document for a newer text of the same document. When the text differs from this
    /// memo's by an edit inside one JSON value, only that value is parsed again (see
    /// `Reparse`); otherwise the whole text is parsed. Either way the tree is the one a full
    /// parse gives.
    public func document(
        uri: String, bytes: [UInt8], version: Int, format: DocumentFormat, lineIndex: LineIndex? = nil
    ) -> SourceDocument {
        var tree: SyntaxTree?
        if uri == configuration.uri, format == configuration.format {
            tree =
                Self.same(self.bytes, bytes) ? self.tree : Reparse.tree(old: self.bytes, oldTree: self.tree, new: bytes)
        }
        return SourceDocument(
            uri: uri, bytes: bytes, version: version, format: format, lineIndex: lineIndex, tree: tree)
    }

    /// The JSON value of `document` (clean, same URI and format), from this memo's value with
    /// only the edited part converted again; `nil` when that cannot be done.
    func value(of document: SourceDocument) -> JSONValue? {
        guard document.uri == configuration.uri, document.format == configuration.format,
            document.tree.diagnostics.isEmpty, let value
        else { return nil }
        if Self.same(bytes, document.bytes) { return value }
        guard let site = EditSite.find(old: bytes, new: document.bytes, tree: tree),
            let node = document.tree.node(at: JSONPointer(tokens: site.tokens)),
            node.range == site.range.lowerBound..<(site.range.upperBound + site.delta)
        else { return nil }
        return value.replacing(at: site.tokens[...], with: node.jsonValue())
    }

    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && equal(a, 0..<a.count, b, 0..<b.count)
    }

    /// The bytes that decide a tool's value: its node's range, and in YAML also the start of
    /// its first line (indentation is syntax there). `nil` when the tool cannot be placed.
    static func comparedRange(of tool: ToolDefinition, in document: SourceDocument) -> ByteRange? {
        guard let location = document.tree.location(of: tool.pointer), location.exact else { return nil }
        var lower = location.range.lowerBound
        if document.format == .yaml {
            while lower > 0, document.bytes[lower - 1] != 0x0A { lower -= 1 }
        }
        return lower..<location.range.upperBound
    }
}
