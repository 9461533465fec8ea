import JSON
import Testing

@testable import JSONRPC

private func feed(_ framer: inout some Framer, _ bytes: [UInt8]) -> [FrameEvent] {
    bytes.withUnsafeBytes { framer.append($0) }
    var events: [FrameEvent] = []
    while let event = framer.next() { events.append(event) }
    return events
}

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

@Suite struct ContentLengthFramingTests {
    @Test func coalescedMessagesInOneRead() {
        var framer = ContentLengthFramer()
        let input = "Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1]"
        #expect(feed(&framer, bytes(input)) == [.message(bytes("{}")), .message(bytes("[1]"))])
    }

    @Test func everyByteInItsOwnRead() {
        var framer = ContentLengthFramer()
        let input = bytes(
            "Content-Length: 7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"a\":1}")
        var events: [FrameEvent] = []
        for b in input { events += feed(&framer, [b]) }
        #expect(events == [.message(bytes("{\"a\":1}"))])
    }

    @Test func headerNamesAreCaseInsensitiveAndBareNewlinesAccepted() {
        var framer = ContentLengthFramer()
        #expect(feed(&framer, bytes("content-length:2\n\n{}")) == [.message(bytes("{}"))])
    }

    @Test func garbageIsReportedOnceThenNextMessageIsRead() {
        var framer = ContentLengthFramer()
        let input = "hello world\r\nmore junk {\"x\": 1}\r\n\r\nContent-Length: 2\r\n\r\n{}"
        let events = feed(&framer, bytes(input))
        #expect(events.count == 2)
        guard case .garbage = events.first else {
            Issue.record("expected garbage first, got \(events)")
            return
        }
        #expect(events.last == .message(bytes("{}")))
    }

    @Test func bodyWithoutHeadersDoesNotSwallowTheNextMessage() {
        var framer = ContentLengthFramer()
        let events = feed(&framer, bytes("{\"jsonrpc\":\"2.0\"}Content-Length: 2\r\n\r\n[]"))
        #expect(events.count == 2)
        #expect(events.last == .message(bytes("[]")))
    }

    @Test func headerBlockWithoutContentLengthIsSkipped() {
        var framer = ContentLengthFramer()
        let events = feed(&framer, bytes("Content-Type: x\r\n\r\nContent-Length: 2\r\n\r\n[]"))
        #expect(events == [.garbage("Header block without Content-Length"), .message(bytes("[]"))])
    }

    @Test func invalidContentLengthValueSkipsTheBlock() {
        var framer = ContentLengthFramer()
        let events = feed(&framer, bytes("Content-Length: -5\r\n\r\nContent-Length: 2\r\n\r\n[]"))
        #expect(events.count == 2)
        #expect(events.last == .message(bytes("[]")))
    }

    @Test func oversizedBodyIsReportedAndSkipped() {
        var framer = ContentLengthFramer(limits: FramingLimits(maxMessageBytes: 10))
        let big = "Content-Length: 20\r\n\r\n" + String(repeating: "x", count: 20)
        let events = feed(&framer, bytes(big + "Content-Length: 2\r\n\r\n{}"))
        #expect(events == [.oversized(declared: 20, limit: 10), .message(bytes("{}"))])
    }

    @Test func overlongHeaderLineIsRejectedWithoutBuffering() {
        var framer = ContentLengthFramer(limits: FramingLimits(maxHeaderLineBytes: 32))
        var events = feed(&framer, bytes(String(repeating: "A", count: 100)))
        #expect(events == [.garbage("Header line longer than 32 bytes")])
        events = feed(&framer, bytes(String(repeating: "A", count: 100) + "\r\nContent-Length: 2\r\n\r\n{}"))
        #expect(events == [.message(bytes("{}"))])
    }

    @Test func framingRoundTrips() {
        var framer = ContentLengthFramer()
        let body = bytes("{\"jsonrpc\":\"2.0\",\"method\":\"x\"}")
        #expect(feed(&framer, Framing.contentLength.frame(body)) == [.message(body)])
    }
}

@Suite struct NewlineFramingTests {
    @Test func splitsLinesAndSkipsBlankOnes() {
        var framer = NewlineFramer()
        var events = feed(&framer, bytes("{\"a\":1}\n\n  \r\n[2"))
        #expect(events == [.message(bytes("{\"a\":1}"))])
        events = feed(&framer, bytes("]\r\n"))
        #expect(events == [.message(bytes("[2]"))])
    }

    @Test func overlongLineIsDroppedUpToItsNewline() {
        var framer = NewlineFramer(limits: FramingLimits(maxMessageBytes: 8))
        var events = feed(&framer, bytes(String(repeating: "x", count: 30)))
        #expect(events == [.oversized(declared: 30, limit: 8)])
        events = feed(&framer, bytes("yyyy\n{}\n"))
        #expect(events == [.message(bytes("{}"))])
    }
}
