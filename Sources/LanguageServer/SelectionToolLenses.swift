import Foundation
import JSON
import Selection
import SourceDocument
import ToolModel

extension LanguageServer {
    /// "picked by N/M prompts" on each tool of a tool file that prompt sets simulate against:
    /// the open prompt sets plus the `*.prompts.*` files beside the tool file. The tool file's
    /// open buffer replaces its copy on disk, so the counts follow unsaved edits.
    func selectionToolLenses(_ doc: OpenDocument, _ analyzed: AnalyzedDocument) -> [JSONValue] {
        let toolSet = analyzed.analysis.toolSet
        guard !toolSet.tools.isEmpty, let toolPath = Self.filePath(doc.document.uri) else { return [] }
        var picks = [Int](repeating: 0, count: toolSet.tools.count)
        var total = 0
        for prompts in companionPromptSets(near: toolPath) {
            let loaded = PromptSetLoader.load(document: prompts.document, path: prompts.path)
            guard let at = loaded.toolSets.firstIndex(where: { Self.filePath($0.uri) == toolPath }) else { continue }
            var toolSets = loaded.toolSets
            toolSets[at] = toolSet
            let report = SelectionSimulator.simulate(promptSet: loaded.promptSet, toolSets: toolSets)
            total += report.results.count
            for result in report.results {
                guard let top = result.ranking.top, top.score > 0 else { continue }
                let winner = report.tools[top.index]
                guard winner.uri == toolSet.uri,
                    let index = toolSet.tools.firstIndex(where: { $0.pointer == winner.pointer })
                else { continue }
                picks[index] += 1
            }
        }
        guard total > 0 else { return [] }
        var lenses: [JSONValue] = []
        for (index, tool) in toolSet.tools.enumerated() {
            guard
                let range = analyzed.analysis.tree.location(of: tool.name?.pointer ?? tool.pointer, preferKey: true)?
                    .range
            else { continue }
            let start = doc.document.range(of: range, encoding: encoding).start
            lenses.append([
                "range": TextRange(start: start, end: start).json,
                "command": [
                    "title": .string("picked by \(picks[index])/\(total) prompt\(total == 1 ? "" : "s")"),
                    "command": .string(Command.showFindings.rawValue), "arguments": [.string(doc.document.uri)],
                ],
            ])
        }
        return lenses
    }

    /// Prompt sets that may name the tool file at `toolPath`: every open one (its buffer) and
    /// the ones on disk in the tool file's folder that are not open.
    private func companionPromptSets(near toolPath: String) -> [(document: SourceDocument, path: String)] {
        var found: [(document: SourceDocument, path: String)] = []
        var seen: Set<String> = []
        for (uri, open) in documents.sorted(by: { $0.key < $1.key }) where CompanionKind(uri: uri) == .promptSet {
            guard let path = Self.filePath(uri) else { continue }
            seen.insert(path)
            found.append((open.document.sourceDocument(), path))
        }
        let directory = URL(fileURLWithPath: toolPath).deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() where CompanionKind(uri: name) == .promptSet {
            let path = directory.appendingPathComponent(name).path
            guard !seen.contains(path), let data = FileManager.default.contents(atPath: path) else { continue }
            found.append((SourceDocument(uri: URL(fileURLWithPath: path).absoluteString, bytes: Array(data)), path))
        }
        return found
    }

    /// The standardised file-system path of a `file:` URI (nil for other schemes).
    static func filePath(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL.path
    }
}
