import JSON
import Rules
import SourceDocument
import Tokenizer
import ToolModel

/// `check --format json`: one object for the whole run (shape documented in README.md).
/// Ranges follow LSP: zero-based lines, characters in UTF-16 code units, end exclusive; the
/// byte offsets are given as well.
public struct JSONReport: Sendable {
    public init() {}

    public func render(_ report: CheckReport) -> String {
        value(report).serialized(.pretty) + "\n"
    }

    public func value(_ report: CheckReport) -> JSONValue {
        let files: [JSONValue] = report.results.map { result in
            var file: JSONValue = [
                "path": .string(result.document.uri),
                "format": .string(result.document.format.rawValue),
                "dialect": result.toolSet.dialect.map { .string($0.rawValue) } ?? .null,
                "toolCount": .integer(Int64(result.toolSet.tools.count)),
                "findings": .array(result.findings.map { finding($0, of: result, report: report) }),
            ]
            if let tokens = report.tokens[result.document.uri], case .object(var members) = file {
                members.append(JSONMember("tokens", ToolTokens.json(tokens)))
                file = .object(members)
            }
            return file
        }
        return [
            "tool": ["name": "toolwright", "version": .string(ToolwrightVersion.current)],
            "positionEncoding": "utf-16",
            "files": .array(files),
            "errors": .array(
                report.loadErrors.map { ["path": .string($0.path), "message": .string($0.reason)] }),
            "summary": [
                "files": .integer(Int64(report.results.count)),
                "errors": .integer(Int64(report.count(.error))),
                "warnings": .integer(Int64(report.count(.warning))),
                "infos": .integer(Int64(report.count(.info))),
                "hints": .integer(Int64(report.count(.hint))),
            ],
        ]
    }

    func finding(_ resolved: ResolvedFinding, of result: AnalysisResult, report: CheckReport) -> JSONValue {
        let finding = resolved.finding
        let related: [JSONValue] = finding.related.map { related in
            var members: [JSONMember] = [
                JSONMember("path", .string(related.uri ?? result.document.uri)),
                JSONMember("pointer", .string(related.pointer.description)),
                JSONMember("message", .string(related.message)),
            ]
            if let (document, range) = report.resolve(related, from: result) {
                members.append(JSONMember("range", Self.range(range, in: document)))
            }
            return .object(members)
        }
        return [
            "ruleId": .string(finding.ruleId),
            "severity": .string(finding.severity.rawValue),
            "message": .string(finding.message),
            "pointer": .string(finding.pointer.description),
            "range": Self.range(resolved.range, in: result.document),
            "byteRange": [
                "start": .integer(Int64(resolved.range.lowerBound)), "end": .integer(Int64(resolved.range.upperBound)),
            ],
            "exact": .bool(resolved.exact),
            "related": .array(related),
            "fixes": .array(finding.fixes.map(Self.fix)),
        ]
    }

    static func range(_ range: ByteRange, in document: SourceDocument) -> JSONValue {
        let text = document.lineIndex.range(of: range, encoding: .utf16)
        return [
            "start": ["line": .integer(Int64(text.start.line)), "character": .integer(Int64(text.start.character))],
            "end": ["line": .integer(Int64(text.end.line)), "character": .integer(Int64(text.end.character))],
        ]
    }

    static func fix(_ fix: Fix) -> JSONValue {
        [
            "title": .string(fix.title),
            "isPreferred": .bool(fix.isPreferred),
            "operations": .array(fix.operations.map(operation)),
        ]
    }

    static func operation(_ operation: FixOperation) -> JSONValue {
        switch operation {
        case .replace(let pointer, let value):
            ["op": "replace", "pointer": .string(pointer.description), "value": value]
        case .addMember(let object, let key, let value):
            ["op": "add", "pointer": .string((object / key).description), "value": value]
        case .remove(let pointer):
            ["op": "remove", "pointer": .string(pointer.description)]
        case .renameKey(let pointer, let key):
            ["op": "rename", "pointer": .string(pointer.description), "to": .string(key)]
        case .appendElement(let array, let value):
            // RFC 6902 spells "append" as the index `-`.
            ["op": "add", "pointer": .string((array / "-").description), "value": value]
        }
    }
}
