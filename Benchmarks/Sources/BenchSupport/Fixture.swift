import CJanssonRaw
import Foundation

/// The generated input shared by the benchmarks (`scripts/gen_tools.py`, fixed seed).
public enum Fixture {
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/generated")

    public static let toolsPath = directory.appendingPathComponent("tools-5mb.tools.json").path

    /// The fixture's bytes; stops with a hint when it has not been generated yet.
    public static func bytes(_ path: String = toolsPath) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(
                Data("missing \(path): run Benchmarks/run.sh or python3 Benchmarks/scripts/gen_tools.py first\n".utf8))
            exit(2)
        }
        return [UInt8](data)
    }
}

/// jansson's own parse of a buffer (`json_loadb` then free), without building Swift values:
/// the C baseline the Swift parser is compared with.
public enum RawJansson {
    @discardableResult
    public static func parse(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var error = json_error_t()
            let root = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                json_loadb($0, buffer.count, 0, &error)
            }
            guard let root else { return false }
            json_decref(root)
            return true
        }
    }
}
