import Foundation

/// Resident memory of a live process, from Linux's /proc (the stress tests' memory bound).
enum ProcessMemory {
    /// `VmRSS` of `pid` in kilobytes, or nil when /proc has no such process.
    static func residentKilobytes(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            // "VmRSS:\t   12345 kB"
            return Int(line.dropFirst("VmRSS:".count).split(whereSeparator: \.isWhitespace).first ?? "")
        }
        return nil
    }
}
