import Foundation
import JSON
import Testing
import ToolModel

/// The shared research data (`<repo root>/../shared`, or `$TOOLWRIGHT_SHARED`).
enum SharedData {
    static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["TOOLWRIGHT_SHARED"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    static func data(_ relativePath: String) throws -> Data {
        let url = directory.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record(
                "Shared test data missing: \(url.path). Check out the shared data next to the repository or set TOOLWRIGHT_SHARED."
            )
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }

    static func json(_ relativePath: String) throws -> JSONValue {
        try Jansson.decode(Array(try data(relativePath)))
    }

    /// The first `limit` lines of a JSON Lines file as the document layer presents them: one
    /// root array with an element per line.
    static func jsonLines(_ relativePath: String, limit: Int) throws -> JSONValue {
        let text = String(decoding: try data(relativePath), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).prefix(limit)
        return .array(try lines.map { try Jansson.decode(String($0)) })
    }
}

func decode(_ text: String) throws -> JSONValue { try Jansson.decode(text) }

func read(_ text: String) throws -> ToolSet {
    DialectDetector.toolSet(from: try decode(text), uri: "file:///test.json")
}

func pointer(_ text: String) -> JSONPointer { JSONPointer(text)! }

extension ToolSet {
    var names: [String?] { tools.map { $0.name?.value } }
    func findings(_ id: String) -> [Finding] { findings.filter { $0.ruleId == id } }
}
