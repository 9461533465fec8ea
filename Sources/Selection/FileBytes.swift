import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes read straight into an array: `FileManager.contents` returns `Data`, and the
/// `[UInt8]` the readers take would be a second copy (half a megabyte and its fresh pages for
/// the benchmark's tool file).
enum FileBytes {
    /// nil when the file cannot be read (as `FileManager.default.contents(atPath:)`).
    static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        // Anything but a regular file (a pipe, a device) goes the general way.
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return FileManager.default.contents(atPath: path).map { Array($0) }
        }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let n = read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            initialized = done
            complete = done == size
        }
        // A file that changed size while being read: leave it to Foundation.
        guard complete else { return FileManager.default.contents(atPath: path).map { Array($0) } }
        return bytes
    }
}
