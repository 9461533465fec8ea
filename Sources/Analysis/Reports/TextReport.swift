import Rules
import SourceDocument
import Tokenizer
import ToolModel

/// Compiler-style output: `path:line:col: severity: message [rule-id]`, the source line, and a
/// caret under the start of the range with tildes to its end (on the first line).
public struct TextReport: Sendable {
    public var color: Bool
    /// Longest source excerpt shown; long lines (minified JSON) are cut around the caret.
    public var maximumExcerpt = 160

    public init(color: Bool) {
        self.color = color
    }

    public func render(_ report: CheckReport) -> String {
        var out = ""
        for result in report.results {
            for resolved in result.findings {
                write(resolved, of: result, report: report, to: &out)
            }
        }
        for result in report.results {
            guard let tokens = report.tokens[result.document.uri] else { continue }
            out += tokenSummary(tokens, uri: result.document.uri)
        }
        out += summary(report)
        return out
    }

    func write(_ resolved: ResolvedFinding, of result: AnalysisResult, report: CheckReport, to out: inout String) {
        let finding = resolved.finding
        let document = result.document
        let range = HumanRange(resolved.range, in: document)
        out += style("\(document.uri):\(range.startLine):\(range.startColumn):", .bold) + " "
        out += style("\(finding.severity.rawValue):", Self.severityStyle(finding.severity)) + " "
        out += style(finding.message, .bold) + " [\(finding.ruleId)]\n"
        out += excerpt(resolved.range, in: document)
        for related in finding.related {
            if let (relatedDocument, relatedRange) = report.resolve(related, from: result) {
                let position = HumanRange(relatedRange, in: relatedDocument)
                out += style("\(relatedDocument.uri):\(position.startLine):\(position.startColumn):", .bold)
                out += " " + style("note:", .cyan) + " \(related.message)\n"
            } else {
                out +=
                    style("note:", .cyan) + " \(related.message) (\(related.uri ?? document.uri)#\(related.pointer))\n"
            }
        }
        for fix in finding.fixes {
            out += style("fix:", .green) + " \(fix.title)\n"
        }
    }

    /// The source line and its underline. Tabs before the caret are kept so it lines up.
    func excerpt(_ range: ByteRange, in document: SourceDocument) -> String {
        guard document.lineIndex.byteCount > 0 else { return "" }
        let start = document.lineIndex.position(of: range.lowerBound, encoding: .utf32)
        let end = document.lineIndex.position(of: range.upperBound, encoding: .utf32)
        let line = Array(document.lineText(start.line).unicodeScalars)
        var caret = start.character
        var last = end.line == start.line ? max(end.character, caret + 1) : max(line.count, caret + 1)
        var shown = line[...]
        var prefix = ""
        var suffix = ""
        if line.count > maximumExcerpt {
            let from = max(0, caret - maximumExcerpt / 3)
            let to = min(line.count, from + maximumExcerpt)
            shown = line[from..<to]
            if from > 0 { prefix = "..." }
            if to < line.count { suffix = "..." }
            caret = caret - from + prefix.count
            last = min(last - from, to - from) + prefix.count
        }
        var text = prefix
        text.unicodeScalars.append(contentsOf: shown)
        text += suffix
        let padding = Array(text.unicodeScalars.prefix(caret)).map { $0 == "\t" ? "\t" : " " }.joined()
        let underline = "^" + String(repeating: "~", count: max(0, last - caret - 1))
        return text + "\n" + padding + style(underline, .green) + "\n"
    }

    func summary(_ report: CheckReport) -> String {
        let files = report.results.count
        let fileWord = files == 1 ? "file" : "files"
        let counts: [(Severity, String)] = [
            (.error, "error"), (.warning, "warning"), (.info, "info"), (.hint, "hint"),
        ]
        let parts = counts.compactMap { severity, word -> String? in
            let n = report.count(severity)
            guard n > 0 else { return nil }
            return "\(n) \(word)\(n == 1 || severity == .info ? "" : "s")"
        }
        if parts.isEmpty { return "\(files) \(fileWord) checked, no problems found\n" }
        return "\(files) \(fileWord) checked: " + parts.joined(separator: ", ") + "\n"
    }

    enum Style: String {
        case bold = "1"
        case red = "1;31"
        case magenta = "1;35"
        case cyan = "1;36"
        case green = "1;32"
    }

    static func severityStyle(_ severity: Severity) -> Style {
        switch severity {
        case .error: .red
        case .warning: .magenta
        case .info, .hint: .cyan
        }
    }

    func style(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m" + text + "\u{1B}[0m" : text
    }

    /// `path: tokens: 223 tokens (gpt-4o, estimate); get_current_time 90, convert_time 121`.
    func tokenSummary(_ report: ToolTokenReport, uri: String) -> String {
        var out = ""
        for (index, total) in report.totals.enumerated() {
            let tools = report.tools.compactMap { tool -> String? in
                guard index < tool.counts.count else { return nil }
                return "\(tool.name) \(ToolTokens.grouped(tool.counts[index].tokens))"
            }
            out += style("\(uri):", .bold) + " " + style("tokens:", .cyan) + " \(ToolTokens.describe(total))"
            out += tools.isEmpty ? "\n" : "; " + tools.joined(separator: ", ") + "\n"
        }
        return out
    }
}
