import Dispatch
import Foundation
import JSON
import JSONRPC
import SourceDocument

/// The `workspace/executeCommand` commands, namespaced `toolwright.`.
enum Command: String, CaseIterable {
    /// Re-run analysis of every open document (or of the URIs given), with progress.
    case reanalyze = "toolwright.reanalyze"
    /// The findings of one document as data: `[uri]` → `[Finding]`.
    case showFindings = "toolwright.showFindings"
    /// The cost preview of an open workflow: `[uri]` → `{report, html}`; the HTML report is
    /// written to a temporary file and, when the client supports it, opened with
    /// `window/showDocument` (external).
    case costPreview = "toolwright.costPreview"
    /// The simulation of an open prompt set: `[uri]` → the report.
    case simulateSelection = "toolwright.simulateSelection"
    /// MCP config documents: `[uri, server]` → the server's fetched tool list, opened as a
    /// document with `window/showDocument` (`LiveMCPCommands.swift`).
    case openMCPToolList = "toolwright.openMCPToolList"
    /// MCP config documents: `[uri]` → start every server again; answered once the results show.
    case refreshMCPServers = "toolwright.refreshMCPServers"
}

extension LanguageServer {
    func executeCommand(_ request: IncomingRequest) {
        let arguments = request.params?["arguments"]?.arrayValue ?? []
        switch request.params?["command"]?.stringValue.flatMap(Command.init(rawValue:)) {
        case .reanalyze:
            let uris = arguments.compactMap(\.stringValue)
            reanalyze(uris.isEmpty ? nil : Set(uris)) { request.reply(.null) }
        case .showFindings:
            guard let uri = arguments.first?.stringValue, documents[uri] != nil else {
                request.reply(error: .invalidParams("Expected arguments [uri] of an open document"))
                return
            }
            withAnalysis(request, uri: uri) { doc, analyzed in self.findingsJSON(doc, analyzed) }
        case .costPreview, .simulateSelection:
            guard let uri = arguments.first?.stringValue, documents[uri] != nil else {
                request.reply(error: .invalidParams("Expected arguments [uri] of an open document"))
                return
            }
            let kind: CompanionKind =
                request.params?["command"]?.stringValue == Command.costPreview.rawValue
                ? .workflow : .promptSet
            withAnalysis(request, uri: uri) { doc, analyzed in
                let report = try self.companionReport(doc, analyzed, kind)
                guard kind == .workflow, let html = analyzed?.analysis.companion?.html else { return report }
                let path = try Self.writeReport(html, for: uri)
                if self.client.showDocument {
                    self.connection.send(
                        request: "window/showDocument",
                        params: ["uri": .string(URL(fileURLWithPath: path).absoluteString), "external": true]
                    ) { _ in }
                }
                return ["report": report, "html": .string(path)]
            }
        case .openMCPToolList, .refreshMCPServers:
            executeMCPCommand(request, arguments: arguments)
        case nil:
            request.reply(error: .invalidParams("Unknown command \(request.params?["command"]?.stringValue ?? "")"))
        }
    }

    /// The payload of `toolwright.showFindings`, also used by `toolwright/documentInfo`.
    func findingsJSON(_ doc: OpenDocument, _ analyzed: AnalyzedDocument?) -> JSONValue {
        .array(
            (analyzed?.published ?? []).map { published -> JSONValue in
                let resolved = published.finding
                let f = resolved.finding
                return [
                    "ruleId": .string(f.ruleId), "severity": .string(f.severity.rawValue),
                    "message": .string(f.message), "pointer": .string(f.pointer.description),
                    "range": doc.document.range(of: resolved.range, encoding: encoding).json,
                    "fixable": .bool(!f.fixes.isEmpty),
                ]
            })
    }

    /// `toolwright/documentInfo`: what the server made of a document.
    func documentInfo(_ doc: OpenDocument, _ analyzed: AnalyzedDocument?) -> JSONValue {
        let tree = analyzed?.analysis.tree
        let tools: [JSONValue] = (analyzed?.analysis.toolSet.tools ?? []).map { tool in
            .object([
                "name": tool.name.map { .string($0.value) },
                "pointer": .string(tool.pointer.description),
                "range": tree?.location(of: tool.pointer).map {
                    doc.document.range(of: $0.range, encoding: encoding).json
                },
                "parameters": .array(Self.parameters(of: tool).map { .string($0.name) }),
            ])
        }
        return .object([
            "uri": .string(doc.document.uri),
            "version": .integer(Int64(doc.document.version)),
            "isToolDocument": .bool(analyzed?.analysis.isToolDocument ?? false),
            "format": .string(doc.document.format.rawValue),
            "dialect": analyzed?.analysis.toolSet.dialect.map { .string($0.rawValue) },
            "tools": .array(tools),
            "findings": findingsJSON(doc, analyzed),
        ])
    }

    /// Re-analyses now, reporting `window/workDoneProgress` when the client supports it.
    func reanalyze(_ only: Set<String>?, done: @escaping () -> Void) {
        let uris = documents.filter { $0.value.isCandidate && (only?.contains($0.key) ?? true) }.keys.sorted()
        if uris.isEmpty { return done() }
        let token = beginProgress("Toolwright", message: "Analysing \(uris.count) documents")
        var remaining = Set(uris)
        let total = uris.count
        let finishOne: (String) -> Void = { [self] uri in
            guard remaining.remove(uri) != nil else { return }
            if let token {
                if remaining.isEmpty {
                    endProgress(token)
                } else {
                    reportProgress(token, percentage: (total - remaining.count) * 100 / total)
                }
            }
            if remaining.isEmpty { done() }
        }
        for uri in uris {
            schedule(uri, delay: 0, cascade: false)
            documents[uri]?.waiters.append { _ in finishOne(uri) }
        }
    }
}

extension LanguageServer {
    /// Writes a report next to other temporary files, named after the document.
    static func writeReport(_ html: String, for uri: String) throws -> String {
        let name = (fileName(uri).split(separator: ".").first.map(String.init) ?? "workflow") + "-cost.html"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("toolwright-reports")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try Data(html.utf8).write(to: file)
        return file.path
    }
}
