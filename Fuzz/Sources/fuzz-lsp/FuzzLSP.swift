import FuzzJSONRPC
import FuzzSupport
import JSON

/// LSP / MCP framing plus JSON-RPC decoding. The input is fed to both framers in chunks
/// whose sizes come from the input itself, so split headers and bodies are exercised. Then
/// the input, framed as one body, must come back out whole whatever the chunking.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = FramingLimits(maxMessageBytes: 4096, maxHeaderLineBytes: 256)
    for framing in [Framing.contentLength, .newlineDelimited] {
        var framer = framing.makeFramer(limits: limits)
        for event in feed(bytes, to: &framer, chunkSeed: bytes) {
            if case .message(let body) = event, let value = try? Jansson.decode(body) {
                _ = Message.parse(value)
            }
        }
    }
    roundTrip(bytes)
    return 0
}

/// Appends `bytes` in chunks of 1...16 bytes (taken from `chunkSeed`) and drains events.
private func feed(_ bytes: [UInt8], to framer: inout any Framer, chunkSeed: [UInt8]) -> [FrameEvent] {
    var events: [FrameEvent] = []
    var offset = 0
    var step = 0
    while offset < bytes.count {
        let seed = chunkSeed.isEmpty ? 0 : Int(chunkSeed[step % chunkSeed.count])
        let n = min(bytes.count - offset, seed % 16 + 1)
        bytes[offset..<(offset + n)].withUnsafeBytes { framer.append($0) }
        offset += n
        step += 1
        while let event = framer.next() { events.append(event) }
    }
    while let event = framer.next() { events.append(event) }
    return events
}

private func roundTrip(_ body: [UInt8]) {
    let limits = FramingLimits(maxMessageBytes: 1 << 20, maxHeaderLineBytes: 256)
    var framer: any Framer = ContentLengthFramer(limits: limits)
    let stream = Framing.contentLength.frame(body) + Framing.contentLength.frame(body)
    let events = feed(stream, to: &framer, chunkSeed: body.reversed())
    if events != [.message(body), .message(body)] {
        fuzzFailure("Content-Length round trip of \(body.count) bytes gave \(events)")
    }
    // A newline-delimited body cannot contain a newline, and blank lines are skipped.
    let line = body.filter { $0 != 0x0A }
    var trimmed = line
    if trimmed.last == 0x0D { trimmed.removeLast() }
    guard !trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return }
    var lineFramer: any Framer = NewlineFramer(limits: limits)
    let lineEvents = feed(Framing.newlineDelimited.frame(line), to: &lineFramer, chunkSeed: body)
    if lineEvents != [.message(trimmed)] {
        fuzzFailure("newline round trip of \(line.count) bytes gave \(lineEvents)")
    }
}
