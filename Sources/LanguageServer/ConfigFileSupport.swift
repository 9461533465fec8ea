import Analysis
import Foundation
import JSON
import Rules
import SourceDocument
import ToolModel

/// The whole `.toolwright.yaml` in the editor: its `ignore.paths` / `ignore.tools` drop findings
/// as `check` does (targets and rule settings, thresholds included, arrive through
/// `ServerSettings`), and the file itself, when open, gets its problems as diagnostics with
/// ranges (`config-invalid`: syntax errors, unknown keys and rules, bad values).
extension LanguageServer {
    static func isConfigFile(_ uri: String) -> Bool {
        configFileNames.contains { uri.hasSuffix("/" + $0) }
    }

    /// Rule ids a config may name: the built-in catalogue and whatever the provider knows.
    private func knownRules(in value: JSONValue?) -> Set<String> {
        let named = (value?["rules"]?.objectMembers ?? []).map(\.key).filter { provider.metadata(for: $0) != nil }
        return Self.builtinRuleIds.union(named)
    }

    private static let builtinRuleIds = ConfigurationLoader.builtinRuleIds

    /// The configuration of the innermost workspace folder holding `uri`, with that folder.
    func folderConfiguration(for uri: String) -> (configuration: Configuration, folder: URL)? {
        let folder = workspaceFolders.filter { uri.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
            .max { $0.count < $1.count }
        guard let folder, let value = fileSettings[folder], let url = URL(string: folder) else { return nil }
        return (Configuration.read(value, uri: folder, knownRules: knownRules(in: value)), url)
    }

    /// Drops the findings the folder's `ignore` settings exclude: all but syntax problems in an
    /// ignored path, and those inside ignored tools.
    func applyingIgnores(_ analyzed: AnalyzedDocument, uri: String) -> AnalyzedDocument {
        guard let (configuration, folder) = folderConfiguration(for: uri),
            !configuration.ignoredPaths.isEmpty || !configuration.ignoredTools.isEmpty
        else { return analyzed }
        var result = analyzed
        if let file = URL(string: uri), file.isFileURL,
            let relative = ConfigurationLoader.relativePath(
                of: file, to: folder.appendingPathComponent(Self.configFileNames[0])),
            configuration.ignores(path: relative)
        {
            result.published = analyzed.published.filter { $0.finding.finding.byteRange != nil }
            return result
        }
        let kept = Set(
            configuration.filter(analyzed.published.map(\.finding.finding), of: analyzed.analysis.toolSet))
        result.published = analyzed.published.filter { kept.contains($0.finding.finding) }
        return result
    }

    /// The open config file's own problems, pushed as its diagnostics.
    func publishConfigDiagnostics(_ buffer: TextBuffer) {
        guard pushes else { return }
        let document = SourceDocument(uri: buffer.uri, bytes: buffer.bytes, format: .yaml)
        let value = provider.syntaxTree(of: document).jsonValue()
        let configuration = Configuration.read(document, knownRules: knownRules(in: value))
        let docs = RuleMetadata.docsBase + Configuration.findingId + ".md"
        let diagnostics: [JSONValue] = configuration.resolvedFindings(in: document).map { resolved in
            [
                "range": buffer.range(of: resolved.range, encoding: encoding).json,
                "severity": .integer(AnalysisJob.severity(resolved.finding.severity)),
                "code": .string(resolved.finding.ruleId),
                "codeDescription": ["href": .string(docs)],
                "source": "toolwright",
                "message": .string(resolved.finding.message),
            ]
        }
        publishDiagnostics(
            buffer.uri,
            [
                "uri": .string(buffer.uri), "version": .integer(Int64(buffer.version)),
                "diagnostics": .array(diagnostics),
            ])
    }

    /// The folder's drift lockfile (`toolwright lock`), handed to `sec-definition-drift` as its
    /// `lock` option the way `check` does; the settings are returned unchanged without one.
    static func addingLock(to settings: JSONValue?, folder: URL) -> JSONValue? {
        let url = folder.appendingPathComponent(ConfigurationLoader.lockFileName)
        guard let data = FileManager.default.contents(atPath: url.path),
            let lock = try? Jansson.decode(String(decoding: data, as: UTF8.self)), lock["tools"]?.objectMembers != nil
        else { return settings }
        var configuration = Configuration(uri: "")
        configuration.useLock(lock)
        let option = configuration.rules["sec-definition-drift"]?.options ?? .object([])
        var members = settings?.objectMembers ?? []
        var rules = members.first { $0.key == "rules" }?.value.objectMembers ?? []
        // A rule set to a plain severity in the file keeps it; the lock goes under its options.
        let existing = rules.first { $0.key == "sec-definition-drift" }?.value
        var rule: [JSONMember] = [JSONMember("options", option)]
        if let severity = existing?.stringValue ?? existing?["severity"]?.stringValue {
            rule.insert(JSONMember("severity", .string(severity)), at: 0)
        }
        if let enabled = existing?.boolValue ?? existing?["enabled"]?.boolValue {
            rule.append(JSONMember("enabled", .bool(enabled)))
        }
        rules.removeAll { $0.key == "sec-definition-drift" }
        rules.append(JSONMember("sec-definition-drift", .object(rule)))
        members.removeAll { $0.key == "rules" }
        members.append(JSONMember("rules", .object(rules)))
        return .object(members)
    }

    func clearConfigDiagnostics(_ uri: String) {
        guard pushes else { return }
        publishDiagnostics(uri, ["uri": .string(uri), "diagnostics": []])
    }
}
