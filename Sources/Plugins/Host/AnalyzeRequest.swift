import Foundation
import JSON
import SourceDocument
import ToolModel

/// The `document/analyze` params for one document, built at most once per variant however
/// many plugins ask (with the document text, and without it for plugins that declined it).
final class AnalyzeRequest: @unchecked Sendable {
    private let document: SourceDocument
    private let tools: ToolSet
    private let settings: JSONValue
    private let lock = NSLock()
    private var full: JSONValue?
    private var textless: JSONValue?

    init(document: SourceDocument, tools: ToolSet, settings: JSONValue) {
        self.document = document
        self.tools = tools
        self.settings = settings
    }

    func params(withText: Bool) -> JSONValue {
        lock.withLock {
            if withText {
                if let full { return full }
                let built = PluginMessages.analyzeParams(document, tools: tools, settings: settings)
                full = built
                return built
            }
            if let textless { return textless }
            let built = PluginMessages.analyzeParams(document, tools: tools, settings: settings, includeText: false)
            textless = built
            return built
        }
    }
}
