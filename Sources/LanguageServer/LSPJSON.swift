import JSON
import JSONRPC
import SourceDocument

// Small conversions between LSP JSON shapes and the document model.

extension TextPosition {
    var json: JSONValue { ["line": .integer(Int64(line)), "character": .integer(Int64(character))] }

    init(json: JSONValue?) throws {
        guard let json, case .integer(let line)? = json["line"], case .integer(let character)? = json["character"],
            line >= 0, character >= 0
        else { throw ResponseError.invalidParams("Expected a Position {line, character}") }
        self.init(line: Int(line), character: Int(character))
    }
}

extension TextRange {
    var json: JSONValue { ["start": start.json, "end": end.json] }

    init(json: JSONValue?) throws {
        guard let json else { throw ResponseError.invalidParams("Expected a Range {start, end}") }
        self.init(start: try TextPosition(json: json["start"]), end: try TextPosition(json: json["end"]))
    }
}

extension JSONValue {
    /// An object without the members whose value is `nil`.
    static func object(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(members.compactMap { key, value in value.map { JSONMember(key, $0) } })
    }

    var intValue: Int? {
        switch self {
        case .integer(let i): Int(exactly: i)
        case .double(let d): Int(exactly: d)
        default: nil
        }
    }
}

/// Reads `params.textDocument.uri`.
func documentURI(_ params: JSONValue?) throws -> String {
    guard let uri = params?["textDocument"]?["uri"]?.stringValue else {
        throw ResponseError.invalidParams("Missing textDocument.uri")
    }
    return uri
}

/// LSP `SymbolKind`, `DiagnosticSeverity`, `MessageType` values used here.
enum LSPConstant {
    static let symbolFunction: Int64 = 12
    static let symbolProperty: Int64 = 7
    static let symbolModule: Int64 = 2
    static let messageError: Int64 = 1
    static let messageWarning: Int64 = 2
    static let messageInfo: Int64 = 3
    static let messageLog: Int64 = 4
}
