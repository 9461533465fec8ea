import JSON

/// Size limits that keep a broken or hostile peer from making us allocate without bound.
public struct FramingLimits: Sendable {
    /// Largest accepted message body, in bytes.
    public var maxMessageBytes: Int
    /// Longest accepted header line (Content-Length framing only).
    public var maxHeaderLineBytes: Int

    public init(maxMessageBytes: Int = 64 << 20, maxHeaderLineBytes: Int = 8 << 10) {
        self.maxMessageBytes = maxMessageBytes
        self.maxHeaderLineBytes = maxHeaderLineBytes
    }
}

/// What a framer found in the byte stream.
public enum FrameEvent: Sendable, Equatable {
    /// One complete message body.
    case message([UInt8])
    /// Bytes that are not a valid frame; they were skipped and reading goes on.
    case garbage(String)
    /// A frame larger than the limit; its body is skipped.
    case oversized(declared: Int, limit: Int)
}

/// How messages are delimited on a byte stream.
public enum Framing: Sendable {
    /// LSP base protocol: `Content-Length: N\r\n\r\n` then N bytes.
    case contentLength
    /// One JSON text per `\n`-terminated line (MCP stdio).
    case newlineDelimited

    public func makeFramer(limits: FramingLimits) -> any Framer {
        switch self {
        case .contentLength: ContentLengthFramer(limits: limits)
        case .newlineDelimited: NewlineFramer(limits: limits)
        }
    }

    /// The bytes to write for one message body.
    public func frame(_ body: [UInt8]) -> [UInt8] {
        switch self {
        case .contentLength:
            var out = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
            out.append(contentsOf: body)
            return out
        case .newlineDelimited:
            // jansson's compact output never contains a raw newline, so a line is a message.
            var out = body
            out.append(0x0A)
            return out
        }
    }
}

/// Splits a byte stream into message bodies, whatever the chunking of the reads.
public protocol Framer {
    mutating func append(_ bytes: UnsafeRawBufferPointer)
    /// The next event, or `nil` when more bytes are needed.
    mutating func next() -> FrameEvent?
}

/// A growable byte buffer with a read cursor; consumed bytes are dropped lazily.
struct ByteQueue {
    private(set) var storage: [UInt8] = []
    private(set) var start = 0

    var count: Int { storage.count - start }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if start > 0 && start >= storage.count / 2 {
            storage.removeFirst(start)
            start = 0
        }
        storage.append(contentsOf: bytes)
    }

    func firstIndex(of byte: UInt8, from offset: Int = 0, limit: Int) -> Int? {
        let end = min(storage.count, start + limit)
        var i = start + offset
        while i < end {
            if storage[i] == byte { return i - start }
            i += 1
        }
        return nil
    }

    mutating func take(_ n: Int) -> [UInt8] {
        let out = Array(storage[start..<(start + n)])
        drop(n)
        return out
    }

    mutating func drop(_ n: Int) {
        start += n
        if start == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 1 << 20)
            start = 0
        }
    }

    subscript(_ i: Int) -> UInt8 { storage[start + i] }
}

/// LSP base-protocol framing. Tolerates `Content-Type` and other headers, bare `\n` line ends,
/// and stray blank lines; after garbage it skips to the next header block.
public struct ContentLengthFramer: Framer {
    private enum State {
        case headers
        case body(Int)
        case discard(Int)
        case discardLine
    }

    private var buffer = ByteQueue()
    private var state = State.headers
    private var contentLength: Int?
    private var oversized: Int?
    private var sawHeader = false
    private var headerInvalid = false
    /// Only the first line of a run of garbage is reported.
    private var inGarbage = false
    public let limits: FramingLimits

    public init(limits: FramingLimits = FramingLimits()) {
        self.limits = limits
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(bytes)
    }

    public mutating func next() -> FrameEvent? {
        while true {
            switch state {
            case .body(let length):
                guard buffer.count >= length else { return nil }
                state = .headers
                return .message(buffer.take(length))
            case .discard(let remaining):
                let n = min(remaining, buffer.count)
                buffer.drop(n)
                if n < remaining {
                    state = .discard(remaining - n)
                    return nil
                }
                state = .headers
            case .discardLine:
                guard let nl = buffer.firstIndex(of: 0x0A, limit: buffer.count) else {
                    buffer.drop(buffer.count)
                    return nil
                }
                buffer.drop(nl + 1)
                state = .headers
            case .headers:
                guard let nl = buffer.firstIndex(of: 0x0A, limit: limits.maxHeaderLineBytes + 2) else {
                    guard buffer.count > limits.maxHeaderLineBytes + 1 else { return nil }
                    resetHeaders()
                    state = .discardLine
                    return garbage("Header line longer than \(limits.maxHeaderLineBytes) bytes")
                }
                var end = nl
                if end > 0 && buffer[end - 1] == 0x0D { end -= 1 }
                let line = buffer.take(nl + 1)[0..<end]
                if let event = headerLine(line) { return event }
            }
        }
    }

    private mutating func headerLine(_ line: ArraySlice<UInt8>) -> FrameEvent? {
        if line.isEmpty {
            guard sawHeader else { return nil }
            defer { resetHeaders() }
            if let declared = oversized {
                state = .discard(declared)
                return .oversized(declared: declared, limit: limits.maxMessageBytes)
            }
            if headerInvalid { return nil }
            guard let length = contentLength else { return garbage("Header block without Content-Length") }
            state = .body(length)
            return nil
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
            colon > line.startIndex,
            line[line.startIndex..<colon].allSatisfy(Self.isTokenByte)
        else {
            resetHeaders()
            let report = garbage("Invalid header line: \(Self.preview(line))")
            // A body sent without headers runs straight into the next message's header; pick
            // the header up so that message is not lost too.
            if let resync = Self.contentLengthStart(in: line) {
                _ = headerLine(line[resync...])
            }
            return report
        }
        inGarbage = false
        sawHeader = true
        let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
        guard name == "content-length" else { return nil }
        let value = line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
        let digits = value.prefix { $0 != 0x20 && $0 != 0x09 }
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let length = Int(String(decoding: digits, as: UTF8.self))
        else {
            headerInvalid = true
            return .garbage("Invalid Content-Length: \(Self.preview(value))")
        }
        if length > limits.maxMessageBytes {
            oversized = length
        } else {
            contentLength = length
        }
        return nil
    }

    private mutating func garbage(_ message: String) -> FrameEvent? {
        defer { inGarbage = true }
        return inGarbage ? nil : .garbage(message)
    }

    private mutating func resetHeaders() {
        contentLength = nil
        oversized = nil
        sawHeader = false
        headerInvalid = false
    }

    private static let contentLengthName = Array("content-length:".utf8)

    /// Where `Content-Length:` starts inside a line, ignoring case.
    private static func contentLengthStart(in line: ArraySlice<UInt8>) -> Int? {
        let name = contentLengthName
        guard line.count > name.count else { return nil }
        var i = line.startIndex + 1
        while i + name.count <= line.endIndex {
            var match = true
            for k in 0..<name.count where (line[i + k] | 0x20) != name[k] {
                match = false
                break
            }
            if match { return i }
            i += 1
        }
        return nil
    }

    private static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
    }

    static func preview(_ bytes: some Collection<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(60), as: UTF8.self)
        return JSONValue.quoted(text) + (bytes.count > 60 ? "…" : "")
    }
}

/// Newline-delimited JSON (MCP stdio): one message per line; blank lines are skipped.
public struct NewlineFramer: Framer {
    private var buffer = ByteQueue()
    private var discarding = false
    /// Bytes already scanned for a newline in the pending line.
    private var scanned = 0
    public let limits: FramingLimits

    public init(limits: FramingLimits = FramingLimits()) {
        self.limits = limits
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(bytes)
    }

    public mutating func next() -> FrameEvent? {
        while true {
            let searchLimit = limits.maxMessageBytes + 2
            guard let nl = buffer.firstIndex(of: 0x0A, from: scanned, limit: searchLimit) else {
                scanned = min(buffer.count, searchLimit)
                if discarding {
                    buffer.drop(buffer.count)
                    scanned = 0
                    return nil
                }
                guard buffer.count > limits.maxMessageBytes + 1 else { return nil }
                let size = buffer.count
                buffer.drop(buffer.count)
                scanned = 0
                discarding = true
                return .oversized(declared: size, limit: limits.maxMessageBytes)
            }
            var line = buffer.take(nl + 1)
            scanned = 0
            if discarding {
                discarding = false
                continue
            }
            line.removeLast()
            if line.last == 0x0D { line.removeLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return .message(line)
        }
    }
}
