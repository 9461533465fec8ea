import JSON
import Rules
import SourceDocument
import ToolModel

/// `check --format sarif`: SARIF 2.1.0, one run. Regions count columns in Unicode code points
/// (declared as the run's `columnKind`), lines and columns from 1, `endColumn` exclusive.
public struct SARIFReport: Sendable {
    public static let schema =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    public static let informationURI = "https://github.com/toolwright/toolwright"

    public init() {}

    public func render(_ report: CheckReport) -> String {
        value(report).serialized(.pretty) + "\n"
    }

    public func value(_ report: CheckReport) -> JSONValue {
        let rules = descriptors(report)
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        var results: [JSONValue] = []
        for result in report.results {
            for resolved in result.findings {
                results.append(self.result(resolved, of: result, report: report, ruleIndex: index))
            }
        }
        let driver: JSONValue = [
            "name": "toolwright",
            "version": .string(ToolwrightVersion.current),
            "semanticVersion": .string(ToolwrightVersion.current),
            "informationUri": .string(Self.informationURI),
            "rules": .array(rules.map(\.json)),
        ]
        let run: JSONValue = [
            "tool": ["driver": driver],
            "columnKind": "unicodeCodePoints",
            "artifacts": .array(report.results.map { ["location": ["uri": .string(Self.uri($0.document.uri))]] }),
            "results": .array(results),
        ]
        return ["$schema": .string(Self.schema), "version": "2.1.0", "runs": [run]]
    }

    struct Descriptor {
        var id: String
        var json: JSONValue
    }

    /// Every catalogue rule, plus the ids that came from outside it (syntax and dialect
    /// findings), so each result's `ruleIndex` resolves.
    func descriptors(_ report: CheckReport) -> [Descriptor] {
        var out = report.rules.map { meta in
            Descriptor(
                id: meta.id,
                json: [
                    "id": .string(meta.id),
                    "name": .string(meta.id),
                    "shortDescription": ["text": .string(meta.summary)],
                    "fullDescription": ["text": .string(meta.explanation.isEmpty ? meta.summary : meta.explanation)],
                    "helpUri": .string(meta.docsURL),
                    "defaultConfiguration": ["level": .string(Self.level(meta.defaultSeverity))],
                    "properties": [
                        "category": .string(meta.category.rawValue),
                        "targets": .array(meta.targets.map(\.rawValue).sorted().map { .string($0) }),
                        "fixable": .bool(meta.fixable),
                    ],
                ])
        }
        var known = Set(out.map(\.id))
        for finding in report.allFindings where known.insert(finding.finding.ruleId).inserted {
            let id = finding.finding.ruleId
            out.append(
                Descriptor(
                    id: id,
                    json: [
                        "id": .string(id),
                        "name": .string(id),
                        "shortDescription": ["text": .string(Self.builtinSummary(id))],
                        "helpUri": .string(RuleMetadata.docsBase + id + ".md"),
                    ]))
        }
        return out
    }

    func result(
        _ resolved: ResolvedFinding, of result: AnalysisResult, report: CheckReport, ruleIndex: [String: Int]
    ) -> JSONValue {
        let finding = resolved.finding
        var members: [JSONMember] = [
            JSONMember("ruleId", .string(finding.ruleId)),
            JSONMember("level", .string(Self.level(finding.severity))),
            JSONMember("message", ["text": .string(finding.message)]),
            JSONMember(
                "locations",
                [
                    [
                        "physicalLocation": Self.physical(resolved.range, in: result.document),
                        "logicalLocations": [
                            ["fullyQualifiedName": .string(finding.pointer.description), "kind": "member"]
                        ],
                    ]
                ]),
        ]
        if let index = ruleIndex[finding.ruleId] {
            members.insert(JSONMember("ruleIndex", .integer(Int64(index))), at: 1)
        }
        var related: [JSONValue] = []
        for (i, location) in finding.related.enumerated() {
            var item: [JSONMember] = [
                JSONMember("id", .integer(Int64(i + 1))),
                JSONMember("message", ["text": .string(location.message)]),
                JSONMember(
                    "logicalLocations",
                    [["fullyQualifiedName": .string(location.pointer.description), "kind": "member"]]),
            ]
            if let (document, range) = report.resolve(location, from: result) {
                item.insert(JSONMember("physicalLocation", Self.physical(range, in: document)), at: 1)
            }
            related.append(.object(item))
        }
        if !related.isEmpty { members.append(JSONMember("relatedLocations", .array(related))) }
        let fixes = self.fixes(finding.fixes, in: result.document)
        if !fixes.isEmpty { members.append(JSONMember("fixes", .array(fixes))) }
        return .object(members)
    }

    /// Each structural fix as the text replacements `FixRenderer` makes (the same edits the
    /// editor and `check --fix` apply); a fix that cannot be rendered is left out.
    func fixes(_ fixes: [Fix], in document: SourceDocument) -> [JSONValue] {
        guard !fixes.isEmpty else { return [] }
        let renderer = FixRenderer(bytes: document.bytes, tree: document.tree)
        var seen = Set<Fix>()
        return fixes.compactMap { fix in
            guard seen.insert(fix).inserted, let edits = renderer.edits(for: fix), !edits.isEmpty else { return nil }
            let replacements: [JSONValue] = edits.map { edit in
                [
                    "deletedRegion": Self.region(edit.range, in: document),
                    "insertedContent": ["text": .string(edit.newText)],
                ]
            }
            return [
                "description": ["text": .string(fix.title)],
                "artifactChanges": [
                    [
                        "artifactLocation": ["uri": .string(Self.uri(document.uri))],
                        "replacements": .array(replacements),
                    ]
                ],
                "properties": ["isPreferred": .bool(fix.isPreferred)],
            ]
        }
    }

    static func physical(_ range: ByteRange, in document: SourceDocument) -> JSONValue {
        ["artifactLocation": ["uri": .string(uri(document.uri))], "region": region(range, in: document)]
    }

    /// Lines and columns from 1, in code points, end exclusive (an empty region is an
    /// insertion point).
    static func region(_ range: ByteRange, in document: SourceDocument) -> JSONValue {
        let human = HumanRange(range, in: document)
        return [
            "startLine": .integer(Int64(human.startLine)),
            "startColumn": .integer(Int64(human.startColumn)),
            "endLine": .integer(Int64(human.endLine)),
            "endColumn": .integer(Int64(human.endColumn)),
        ]
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info, .hint: "note"
        }
    }

    /// A path as a SARIF URI reference: relative paths stay relative (code-scanning services
    /// resolve them against the checkout), absolute ones become `file://` URIs.
    static func uri(_ path: String) -> String {
        if path.contains("://") { return path }
        // `check .` names files `./a.json`; code scanning matches paths from the checkout root.
        var trimmed = Substring(path)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        let path = String(trimmed)
        let encoded = percentEncoded(path)
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    static func builtinSummary(_ id: String) -> String {
        switch id {
        case "json-syntax": "The file is not valid JSON."
        case "yaml-syntax": "The file is not valid YAML."
        case "json-duplicate-key": "An object has the same key twice."
        case "invalid-utf8": "The file is not valid UTF-8."
        case "nesting-too-deep": "Values are nested deeper than Toolwright reads."
        case "number-out-of-range": "A number cannot be represented."
        case "yaml-unsupported": "The YAML uses a feature that has no JSON equivalent."
        default: id
        }
    }
}
