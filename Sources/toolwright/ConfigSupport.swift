import Analysis
import Foundation
import SourceDocument
import ToolModel

/// `.toolwright.yaml` for `check`: found upward from the first path (or given), it sets targets
/// and rule settings, drops ignored paths and tools, and its own problems are reported in it.
struct LoadedConfiguration {
    var configuration: Configuration
    var url: URL
    var document: SourceDocument?

    static func find(explicit: String?, paths: [String]) -> LoadedConfiguration? {
        let url: URL
        if let explicit {
            url = URL(fileURLWithPath: explicit)
        } else {
            let start = URL(fileURLWithPath: paths.first ?? FileManager.default.currentDirectoryPath)
            var isDirectory: ObjCBool = false
            let file =
                FileManager.default.fileExists(atPath: start.path, isDirectory: &isDirectory) && isDirectory.boolValue
                ? start.appendingPathComponent("_") : start
            guard let found = ConfigurationLoader.find(for: file.standardizedFileURL) else { return nil }
            url = found
        }
        let (configuration, document) = ConfigurationLoader.load(url)
        return LoadedConfiguration(configuration: configuration, url: url, document: document)
    }

    func ignores(_ document: SourceDocument) -> Bool {
        // Documents read from disk carry the path as given, or a file:// URI.
        let path: URL
        if document.uri.contains("://") {
            guard let file = URL(string: document.uri), file.isFileURL else { return false }
            path = file
        } else {
            path = URL(fileURLWithPath: document.uri)
        }
        guard let relative = ConfigurationLoader.relativePath(of: path, to: url) else { return false }
        return configuration.ignores(path: relative)
    }

    /// Drops findings inside ignored tools.
    func filter(_ result: AnalysisResult) -> AnalysisResult {
        var result = result
        let kept = Set(configuration.filter(result.findings.map(\.finding), of: result.toolSet))
        result.findings = result.findings.filter { kept.contains($0.finding) }
        return result
    }

    /// The configuration file's own findings, as a result of its own.
    var result: AnalysisResult? {
        guard let document, !configuration.findings.isEmpty else { return nil }
        return AnalysisResult(
            document: document, toolSet: ToolSet(uri: document.uri, dialect: nil, tools: []),
            findings: configuration.resolvedFindings(in: document))
    }
}
