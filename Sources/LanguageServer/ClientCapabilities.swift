import JSON
import SourceDocument

/// The client capabilities the server acts on, read once from `initialize`.
struct ClientCapabilities: Sendable {
    var positionEncodings: [String] = []
    /// `textDocument.diagnostic` is present *and* an object (an empty or odd value is not an offer).
    var pullDiagnostics = false
    var diagnosticRefresh = false
    var hoverMarkdown = false
    var hierarchicalSymbols = false
    var documentChanges = false
    var configuration = false
    var watchedFilesDynamicRegistration = false
    var workDoneProgress = false
    var codeLensRefresh = false
    var showDocument = false

    init() {}

    init(_ caps: JSONValue?) {
        guard let caps else { return }
        let textDocument = caps["textDocument"]
        positionEncodings = caps["general"]?["positionEncodings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if case .object? = textDocument?["diagnostic"] { pullDiagnostics = true }
        diagnosticRefresh = caps["workspace"]?["diagnostics"]?["refreshSupport"]?.boolValue ?? false
        hoverMarkdown =
            textDocument?["hover"]?["contentFormat"]?.arrayValue?.contains { $0.stringValue == "markdown" } ?? false
        hierarchicalSymbols =
            textDocument?["documentSymbol"]?["hierarchicalDocumentSymbolSupport"]?.boolValue ?? false
        documentChanges = caps["workspace"]?["workspaceEdit"]?["documentChanges"]?.boolValue ?? false
        configuration = caps["workspace"]?["configuration"]?.boolValue ?? false
        watchedFilesDynamicRegistration =
            caps["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"]?.boolValue ?? false
        workDoneProgress = caps["window"]?["workDoneProgress"]?.boolValue ?? false
        codeLensRefresh = caps["workspace"]?["codeLens"]?["refreshSupport"]?.boolValue ?? false
        showDocument = caps["window"]?["showDocument"]?["support"]?.boolValue ?? false
    }

    /// UTF-8 when offered (no transcoding needed), else the mandatory UTF-16.
    var negotiatedEncoding: PositionEncoding {
        positionEncodings.contains("utf-8") ? .utf8 : .utf16
    }
}
