import Analysis
import Foundation
import JSON
import LanguageServer
import Rules
import SourceDocument
import ToolModel

/// A stand-in for the analysis pipeline with a few simple rules, so server behaviour is
/// tested on known findings: tools are the members of a top-level `tools` array.
/// - `test/snake-case` (warning) on a name that is not snake_case; fix: replace it.
/// - `test/missing-description` (info) on a tool without description; fix: add one.
/// - `test/duplicate-name` (error, set rule) when another open document has the same tool name.
/// - `test/extra-key` (hint) on a member named `extra`; fix: remove it.
/// - `test/see-also` (info) relating a tool to `seeAlso: "<uri>#<pointer>"`.
/// A document containing `SLOW` blocks its analysis until `gate` is opened.
final class FakeAnalysis: AnalysisProvider, @unchecked Sendable {
    let gate = Gate()
    private let lock = NSLock()
    private var analyzedVersions: [Int] = []

    var versions: [Int] { lock.withLock { analyzedVersions } }

    func analyze(_ document: SourceDocument, workspace: [ToolSet], settings: AnalysisSettings) -> DocumentAnalysis {
        // Prompt sets and workflows get the real simulator and cost preview.
        if CompanionKind(uri: document.uri) != nil {
            return StandardAnalysis().analyze(document, workspace: workspace, settings: settings)
        }
        if String(decoding: document.bytes, as: UTF8.self).contains("SLOW") {
            gate.wait()
        }
        lock.withLock { analyzedVersions.append(document.version) }
        let tree = syntaxTree(of: document)
        let set = toolSet(tree, uri: document.uri)
        var findings: [Finding] = tree.diagnostics.map {
            Finding(
                ruleId: $0.code.rawValue, severity: .error, message: $0.message, pointer: .root, byteRange: $0.range)
        }
        for tool in set.tools {
            if let name = tool.name, !Self.isSnakeCase(name.value) {
                findings.append(
                    Finding(
                        ruleId: "test/snake-case", severity: .warning,
                        message: "Tool name '\(name.value)' is not snake_case",
                        pointer: name.pointer,
                        fixes: [
                            Fix(
                                title: "Rename to '\(Self.snakeCased(name.value))'",
                                operations: [.replace(name.pointer, .string(Self.snakeCased(name.value)))],
                                isPreferred: true)
                        ]))
            }
            if tool.description == nil {
                findings.append(
                    Finding(
                        ruleId: "test/missing-description", severity: .info, message: "Tool has no description",
                        pointer: tool.pointer,
                        fixes: [
                            Fix(
                                title: "Add a description",
                                operations: [.addMember(object: tool.pointer, key: "description", value: "TODO")])
                        ]))
            }
            if tool.raw["extra"] != nil {
                findings.append(
                    Finding(
                        ruleId: "test/extra-key", severity: .hint, message: "Unknown member",
                        pointer: tool.pointer / "extra",
                        preferKey: true,
                        fixes: [Fix(title: "Remove 'extra'", operations: [.remove(tool.pointer / "extra")])]))
            }
            if let seeAlso = tool.raw["seeAlso"]?.stringValue, let hash = seeAlso.firstIndex(of: "#"),
                let pointer = JSONPointer(String(seeAlso[seeAlso.index(after: hash)...]))
            {
                findings.append(
                    Finding(
                        ruleId: "test/see-also", severity: .info, message: "See also",
                        pointer: tool.pointer / "seeAlso",
                        related: [RelatedLocation(uri: String(seeAlso[..<hash]), pointer: pointer, message: "Target")]))
            }
            for other in workspace {
                for twin in other.tools where twin.name?.value == tool.name?.value && tool.name != nil {
                    findings.append(
                        Finding(
                            ruleId: "test/duplicate-name", severity: .error, message: "Duplicate tool name",
                            pointer: tool.name!.pointer,
                            related: [
                                RelatedLocation(
                                    uri: other.uri, pointer: twin.name!.pointer, message: "Also defined here")
                            ]))
                }
            }
        }
        findings = findings.filter { settings.rules[$0.ruleId]?.enabled ?? true }
        for i in findings.indices {
            if let severity = settings.rules[findings[i].ruleId]?.severity { findings[i].severity = severity }
        }
        let resolved = findings.map { finding -> ResolvedFinding in
            if let range = finding.byteRange { return ResolvedFinding(finding: finding, range: range, exact: true) }
            let location = tree.location(of: finding.pointer, preferKey: finding.preferKey)
            return ResolvedFinding(finding: finding, range: location?.range ?? 0..<0, exact: location?.exact ?? false)
        }
        return DocumentAnalysis(version: document.version, tree: tree, toolSet: set, findings: resolved)
    }

    func syntaxTree(of document: SourceDocument) -> SyntaxTree {
        MiniJSONParser.parse(document.bytes)
    }

    func metadata(for ruleId: String) -> RuleMetadata? {
        guard ruleId.hasPrefix("test/") else { return nil }
        return RuleMetadata(
            id: ruleId, category: .naming, defaultSeverity: .warning, summary: "Summary of \(ruleId)",
            explanation: "Why \(ruleId) matters.")
    }

    var hasSetRules: Bool { true }

    private func toolSet(_ tree: SyntaxTree, uri: String) -> ToolSet {
        guard let value = tree.jsonValue(), let tools = value["tools"]?.arrayValue else {
            return ToolSet(uri: uri, dialect: nil, tools: [])
        }
        var out: [ToolDefinition] = []
        for (i, raw) in tools.enumerated() {
            let pointer = JSONPointer.root / "tools" / i
            out.append(
                ToolDefinition(
                    dialect: .mcp, pointer: pointer, definitionPointer: pointer,
                    name: raw["name"]?.stringValue.map { Located($0, at: pointer / "name") },
                    description: raw["description"]?.stringValue.map { Located($0, at: pointer / "description") },
                    inputSchema: raw["inputSchema"].map { Located($0, at: pointer / "inputSchema") },
                    inputSchemaPointer: pointer / "inputSchema", raw: raw))
        }
        return ToolSet(uri: uri, dialect: .mcp, tools: out)
    }

    static func isSnakeCase(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "_" }
    }

    static func snakeCased(_ s: String) -> String {
        var out = ""
        for c in s {
            if c.isUppercase {
                if !out.isEmpty && out.last != "_" { out.append("_") }
                out += c.lowercased()
            } else if c == " " || c == "-" {
                out.append("_")
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// Blocks callers until opened.
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var open = false
    private(set) var waiting = 0

    func wait() {
        condition.lock()
        waiting += 1
        condition.broadcast()
        while !open { condition.wait() }
        condition.unlock()
    }

    func release() {
        condition.lock()
        open = true
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until someone is waiting at the gate.
    func awaitWaiter() {
        condition.lock()
        while waiting == 0 { condition.wait() }
        condition.unlock()
    }
}
