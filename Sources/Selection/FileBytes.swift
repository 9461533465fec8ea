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

extension FileBytes {
    /// Files from this size on are worth a mapping (set-up and tear-down cost a few system calls).
    static let mappingMinimum = 64 * 1024

    /// `body`'s answer for the bytes of a regular file of at least `mappingMinimum` bytes, mapped
    /// read-only with its pages entered at once; nil when the file cannot be mapped (then read
    /// it). The pages are the page cache's own: reading into an array copied the file into fresh
    /// memory, a first touch per page (for the benchmark's tool file, a tenth of the read phase).
    /// The mapping is gone when this returns, so `body` must not keep a pointer into it. As in
    /// any reader of mapped files, a file truncated while `body` runs ends the process (SIGBUS):
    /// one-shot commands only, never the language server.
    static func mapped<Result>(_ path: String, _ body: (UnsafeRawBufferPointer) -> Result?) -> Result? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) >= mappingMinimum
        else { return nil }
        let size = Int(info.st_size)
        #if os(Linux)
            let flags = MAP_PRIVATE | MAP_POPULATE
        #else
            let flags = MAP_PRIVATE
        #endif
        guard let address = mmap(nil, size, PROT_READ, flags, fd, 0), address != MAP_FAILED else { return nil }
        defer { munmap(address, size) }
        return body(UnsafeRawBufferPointer(start: address, count: size))
    }
}
