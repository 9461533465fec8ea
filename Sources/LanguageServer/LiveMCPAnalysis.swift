import Analysis
import Foundation
import JSON
import LiveMCP
import Rules
import SourceDocument
import ToolModel

/// A config document's servers as the editor shows them: one state per entry and the findings
/// placed on the entries' keys.
struct MCPConfigAnalysis: Sendable {
    enum State: Sendable, Equatable {
        case listed
        case failed(String)
        case fetching
        /// Trusted, but not fetched since the entry last changed (saving fetches it).
        case notFetched
        case untrusted
        /// The `liveMCP` setting is off.
        case off
        /// `"disabled": true` in the config.
        case disabled
    }

    struct Entry: Sendable {
        var entry: MCPServerEntry
        var key: String
        var state: State
        var tools = 0
        var findings = 0
        /// First provider's total, e.g. `(412, "gpt-4o")`.
        var tokens: (count: Int, model: String)?
        var list: LiveToolList?
    }

    var entries: [Entry]
    /// Config problems and each entry's live findings, resolved in the config document.
    var findings: [ResolvedFinding]
    var root: String
    var trusted: Bool
    /// Where stdio servers without `cwd` run.
    var cwd: String?

    static let failedRule = "mcp-server-failed"
    static let untrustedRule = "mcp-untrusted-workspace"
}

extension LiveMCPSnapshot {
    /// Reads the entries, and checks every listed server's tools with the catalogue under the
    /// names the config's client shows (so set-level rules also see the other servers' tools).
    func analyze(_ document: SourceDocument, provider: any AnalysisProvider, settings: AnalysisSettings)
        -> MCPConfigAnalysis
    {
        let config = MCPConfigReader.read(document)
        var findings = config.findings
        var entries: [MCPConfigAnalysis.Entry] = config.servers.map { entry in
            let key = LiveMCPKey.of(entry, cwd: cwd)
            var state: MCPConfigAnalysis.State
            var list: LiveToolList?
            switch (entry.disabled, enabled, trusted, results[key]) {
            case (true, _, _, _): state = .disabled
            case (_, false, _, _): state = .off
            case (_, _, false, _): state = .untrusted
            case (_, _, _, .listed(let fetched)?):
                state = .listed
                list = fetched
            case (_, _, _, .failed(let message)?): state = .failed(message)
            case (_, _, _, nil): state = inFlight.contains(key) ? .fetching : .notFetched
            }
            return MCPConfigAnalysis.Entry(entry: entry, key: key, state: state, list: list)
        }

        // Each listed server twice: as sent (tool rules judge the server's own names) and as
        // the client presents it (set-level rules judge prefixed names, across all servers).
        let listings: [(index: Int, raw: SourceDocument, presented: SourceDocument, set: ToolSet)] =
            entries.indices.compactMap { index in
                guard let list = entries[index].list else { return nil }
                let raw = SourceDocument(uri: list.fileURI, text: list.rawText, format: .json)
                let presented = SourceDocument(uri: list.fileURI, text: list.presentedText, format: .json)
                let set = presented.tree.jsonValue().map { DialectDetector.toolSet(from: $0, uri: list.fileURI) }
                return (index, raw, presented, set ?? ToolSet(uri: list.fileURI, dialect: nil, tools: []))
            }
        let setRuleIDs = Set(
            ((provider as? StandardAnalysis)?.engine.setRules ?? BuiltinRules.setRules).map(\.metadata.id))
        for (position, listing) in listings.enumerated() {
            var entry = entries[listing.index]
            let own = provider.analyze(listing.raw, workspace: [], settings: Self.settings(settings, for: entry.entry))
            let others = listings.enumerated().filter { $0.offset != position }.map(\.element.set)
            let presented = provider.analyze(listing.presented, workspace: others, settings: settings)
            entry.tools = own.toolSet.tools.count
            let live =
                own.findings.filter { !setRuleIDs.contains($0.finding.ruleId) }.map {
                    Self.placed($0.finding, of: entry.entry, tools: own.toolSet)
                }
                + presented.findings.filter { setRuleIDs.contains($0.finding.ruleId) }.map {
                    Self.placed($0.finding, of: entry.entry, tools: presented.toolSet)
                }
            entry.findings = live.count
            findings += live
            let targets = settings.targets ?? Target.defaults(for: presented.toolSet.dialect)
            if let report = try? ToolTokens.report(
                for: presented.toolSet, providers: ToolTokens.providers(for: targets)),
                let total = report.totals.first
            {
                entry.tokens = (total.tokens, total.model)
            }
            entries[listing.index] = entry
        }

        for entry in entries {
            switch entry.state {
            case .untrusted:
                findings.append(
                    Finding(
                        ruleId: MCPConfigAnalysis.untrustedRule, severity: .info,
                        message: "MCP server `\(entry.entry.name)` was not started: the workspace \(root) is not "
                            + "trusted. To allow it, add \"\(root)\" to the `toolwright.trustedWorkspaces` "
                            + "setting or run `toolwright trust \(root)`.",
                        pointer: entry.entry.pointer, preferKey: true))
            case .failed(let message):
                findings.append(
                    Finding(
                        ruleId: MCPConfigAnalysis.failedRule, severity: .error,
                        message: "MCP server `\(entry.entry.name)` could not be listed: \(message)",
                        pointer: entry.entry.pointer, preferKey: true))
            default:
                break
            }
        }
        let analyzer = Analyzer()
        return MCPConfigAnalysis(
            entries: entries, findings: analyzer.sort(findings.map { analyzer.resolve($0, in: document) }),
            root: root, trusted: trusted, cwd: cwd)
    }

    /// `name-prefixed-length` measured with this entry's real prefix, unless the user set one.
    static func settings(_ settings: AnalysisSettings, for entry: MCPServerEntry) -> AnalysisSettings {
        let id = "name-prefixed-length"
        var settings = settings
        var rule = settings.rules[id] ?? RuleSetting()
        guard rule.options["prefix"] == nil, rule.options["serverName"] == nil else { return settings }
        let prefix = entry.prefixing.presentedName(server: entry.name, tool: "")
        var members = rule.options.objectMembers ?? []
        members.append(JSONMember("prefix", .string(prefix)))
        rule.options = .object(members)
        settings.rules[id] = rule
        return settings
    }

    /// A finding on a listed tool, moved onto the server's key: the tool and rule in the
    /// message, the exact place in the fetched tool list as related information. Fixes are
    /// dropped (they edit the server's code, not this file).
    static func placed(_ finding: Finding, of entry: MCPServerEntry, tools: ToolSet) -> Finding {
        let tool = tools.tools.filter { finding.pointer.hasPrefix($0.pointer) }
            .max { $0.pointer.tokens.count < $1.pointer.tokens.count }
        let subject = tool.map { "`\($0.name?.value ?? "tool \($0.pointer)")`" } ?? "the tools of `\(entry.name)`"
        var related = [
            RelatedLocation(uri: tools.uri, pointer: finding.pointer, message: "\(finding.ruleId): \(finding.message)")
        ]
        related += finding.related.map {
            RelatedLocation(uri: $0.uri ?? tools.uri, pointer: $0.pointer, message: $0.message)
        }
        return Finding(
            ruleId: finding.ruleId, severity: finding.severity,
            message: "\(subject) (\(finding.ruleId)): \(finding.message)", pointer: entry.pointer, preferKey: true,
            related: related)
    }
}
