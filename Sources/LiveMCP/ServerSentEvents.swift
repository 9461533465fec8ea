/// Reads a `text/event-stream` body into the `data` of each event (multi-line data joined
/// with `\n`); `event`, `id`, `retry` and comment lines do not matter for JSON-RPC.
enum ServerSentEvents {
    static func dataFields(_ body: [UInt8]) -> [String] {
        var events: [String] = []
        var data: [String] = []
        let text = String(decoding: body, as: UTF8.self)
        // The spec allows CRLF, LF and CR line ends.
        let lines = text.replacingCRLF.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            if line.isEmpty {
                if !data.isEmpty { events.append(data.joined(separator: "\n")) }
                data = []
            } else if line.hasPrefix("data:") {
                var value = line.dropFirst(5)
                if value.first == " " { value = value.dropFirst() }
                data.append(String(value))
            }
        }
        if !data.isEmpty { events.append(data.joined(separator: "\n")) }
        return events
    }
}

extension String {
    fileprivate var replacingCRLF: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                out.unicodeScalars.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
