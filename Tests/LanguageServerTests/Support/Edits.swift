import JSON
import SourceDocument

@testable import LanguageServer

/// Applies LSP `TextEdit`s (all relative to the original text, as LSP says) to `text`.
func applyEdits(_ edits: [JSONValue], to text: String, encoding: PositionEncoding = .utf16) throws -> String {
    var document = SourceDocument(uri: "file:///scratch.json", text: text)
    let ranges = try edits.map { (try TextRange(json: $0["range"]), $0["newText"]?.stringValue ?? "") }
    let descending = ranges.sorted { $0.0.start > $1.0.start }
    document.apply(descending.map { TextChange(range: $0.0, text: $0.1) }, version: 1, encoding: encoding)
    return document.text
}
