import Foundation
import JSON
import SourceDocument
import Testing

/// The Swift parser against jansson on every valid JSON document we have: the shared samples
/// and datasets (required: CI has them) plus any JSON in the repository's examples and tests.
@Suite struct DifferentialTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `<repo>/../shared`, or `TOOLWRIGHT_SHARED`.
    static var sharedDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["TOOLWRIGHT_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    static func jsonFiles(under directory: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        else { return [] }
        return enumerator.compactMap { $0 as? URL }
            .filter { ["json", "jsonl", "ndjson"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
    }

    enum Outcome: Equatable {
        case json
        case jsonLines(Int)
        /// Neither one JSON text nor JSON Lines according to jansson: not part of the comparison.
        case notJSON
    }

    /// Compares one file; whole-document JSON first, then line by line (BFCL ships JSON Lines
    /// under `.json` names).
    static func compare(_ bytes: [UInt8], name: String) -> Outcome {
        let options: Jansson.DecodeOptions = [.decodeAny, .allowNul]
        if let expected = try? Jansson.decode(bytes, options: options) {
            let tree = SyntaxTree.parse(bytes, format: .json)
            #expect(!tree.hasErrors, "\(name): \(tree.diagnostics.prefix(3))")
            let actual = tree.jsonValue().map(janssonView)
            #expect(actual.map { exactlyEqual($0, expected) } == true, "\(name)")
            return .json
        }
        let lines = bytes.split(separator: 0x0A).filter { line in
            line.contains { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D) }
        }
        let expected = lines.map { try? Jansson.decode($0, options: options) }
        guard !expected.isEmpty, expected.allSatisfy({ $0 != nil }) else { return .notJSON }
        let tree = SyntaxTree.parse(bytes, format: .jsonLines)
        #expect(!tree.hasErrors, "\(name): \(tree.diagnostics.prefix(3))")
        let actual = tree.jsonValue()?.arrayValue ?? []
        #expect(actual.count == expected.count, "\(name)")
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            #expect(exactlyEqual(janssonView(a), e!), "\(name) line value \(i)")
        }
        return .jsonLines(expected.count)
    }

    @Test func sharedSamplesAndDatasets() throws {
        let shared = Self.sharedDirectory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: shared.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            Issue.record(
                "shared data folder not found at \(shared.path); set TOOLWRIGHT_SHARED to the folder that holds samples/ and datasets/"
            )
            return
        }
        var documents = 0
        for folder in ["samples", "datasets"] {
            let files = Self.jsonFiles(under: shared.appendingPathComponent(folder))
            #expect(!files.isEmpty, "no JSON files in \(shared.path)/\(folder)")
            for file in files {
                let bytes = try [UInt8](Data(contentsOf: file))
                switch Self.compare(bytes, name: file.lastPathComponent) {
                case .json: documents += 1
                case .jsonLines(let n): documents += n
                case .notJSON: Issue.record("\(file.path) is neither JSON nor JSON Lines")
                }
            }
        }
        #expect(documents > 100)
    }

    @Test func repositoryExamplesAndFixtures() throws {
        var compared = 0
        for folder in ["examples", "Tests"] {
            for file in Self.jsonFiles(under: Self.repositoryRoot.appendingPathComponent(folder)) {
                let bytes = try [UInt8](Data(contentsOf: file))
                if Self.compare(bytes, name: file.lastPathComponent) != .notJSON { compared += 1 }
            }
        }
        for (name, text) in Self.fixtures {
            #expect(Self.compare(Array(text.utf8), name: name) == .json, "\(name)")
            compared += 1
        }
        #expect(compared >= Self.fixtures.count)
    }

    static let fixtures: [(String, String)] = [
        ("scalars", #"[null, true, false, 0, -0, 1, -1, 9223372036854775807, -9223372036854775808]"#),
        (
            "doubles",
            #"[0.0, -0.0, 0.1, 1e-7, 1E+2, 2.5e-324, 4.9e-324, 1.7976931348623157e308, 3.14159265358979323846264]"#
        ),
        (
            "doubles beyond the fast path",
            #"[123456789012345678e-10, 0.30000000000000004, 1e23, 8.98846567431158e307, 1e-320]"#
        ),
        ("strings", #"["", "a\"b", "\\\/", "\b\f\n\r\t", "\u00e9\u65e5\ud83d\ude00", "é日😀", "\u001f\u007f"]"#),
        ("nested", #"{"a": {"b": {"c": [[[]], {}, [{"d": null}]]}}, "": "", " ": " "}"#),
        ("scalar root", #""just a string""#),
        ("whitespace", " \t\r\n{ \"a\" :\r\n[ 1 ,\t2 ] } \n"),
        (
            "mcp tool",
            #"""
            {"name": "get_weather", "title": "Weather", "description": "Current weather.\nUse for ☀️.",
             "inputSchema": {"type": "object", "properties": {"city": {"type": "string", "minLength": 1},
             "days": {"type": "integer", "minimum": 1, "maximum": 14, "default": 3}}, "required": ["city"],
             "additionalProperties": false}, "annotations": {"readOnlyHint": true}}
            """#
        ),
    ]
}

/// What jansson keeps of an object with duplicate keys: the first position, the last value.
func janssonView(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let items):
        return .array(items.map(janssonView))
    case .object(let members):
        var result: [JSONMember] = []
        var index: [String: Int] = [:]
        for member in members {
            let v = janssonView(member.value)
            if let i = index[member.key] {
                result[i].value = v
            } else {
                index[member.key] = result.count
                result.append(JSONMember(member.key, v))
            }
        }
        return .object(result)
    default:
        return value
    }
}
