import JSON
import SourceDocument

/// An open document's text as the editor has it: bytes, version and line index, updated by
/// incremental changes on the state queue. Parsing is left to the analysis job (which builds a
/// `SourceDocument` from a snapshot off the message loop), so a huge file never stalls message
/// handling for longer than an edit and a line index rebuild.
struct TextBuffer: Sendable {
    let uri: String
    private(set) var version: Int
    private(set) var bytes: [UInt8]
    private(set) var lineIndex: LineIndex
    let format: DocumentFormat

    init(uri: String, bytes: [UInt8], version: Int) {
        self.uri = uri
        self.version = version
        self.bytes = bytes
        self.lineIndex = LineIndex(bytes)
        self.format = DocumentFormat.detect(uri: uri, bytes: bytes)
    }

    /// Applies LSP content changes in order (each relative to the text after the previous one).
    mutating func apply(_ changes: [TextChange], version: Int, encoding: PositionEncoding) {
        TextChange.apply(changes, to: &bytes, lineIndex: &lineIndex, encoding: encoding)
        self.version = version
    }

    func range(of bytes: ByteRange, encoding: PositionEncoding) -> TextRange {
        lineIndex.range(of: bytes, encoding: encoding)
    }

    func offset(of position: TextPosition, encoding: PositionEncoding) -> Int {
        lineIndex.offset(of: position, encoding: encoding)
    }

    /// The parsed document (the expensive part), for the analysis job.
    func sourceDocument() -> SourceDocument {
        SourceDocument(uri: uri, bytes: bytes, version: version, format: format, lineIndex: lineIndex)
    }
}
