#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Musl)
    import Musl
    private let systemRead = Musl.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

// (Named apart: `FileInput.open` and `OpenFile.close` would shadow them.)
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }

/// Reads whole files with plain POSIX calls: no Foundation overhead per file, and the size is
/// checked before reading so an oversized file is never read whole.
public enum FileInput {
    /// Why a file could not be read.
    public struct Failure: Error, Sendable, Equatable {
        /// A message naming the file and what to do.
        public var message: String
    }

    /// The bytes of `path` (`-` for standard input), or a failure.
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        switch open(path, limit: limit) {
        case .success(let file):
            defer { file.close() }
            return file.read()
        case .failure(let failure): return .failure(failure)
        }
    }

    /// A file opened for reading, its size known (0 for standard input); ``close()`` it when done.
    public struct OpenFile: Sendable {
        let fd: Int32
        /// The file's size in bytes when it was opened.
        public let size: Int
        let display: String
        let limit: Int

        /// The file's bytes, or a failure.
        public func read() -> Result<[UInt8], Failure> {
            readAll(fd: fd, display: display, limit: limit, sizeHint: size)
        }

        /// Closes the file (not standard input).
        public func close() { if fd != 0 { _ = systemClose(fd) } }
    }

    /// Opens `path` (`-` for standard input) to be read: a failure when it cannot be opened, is a directory or is over
    /// `limit` bytes (then it is never read).
    public static func open(_ path: String, limit: Int) -> Result<OpenFile, Failure> {
        if path == "-" { return .success(OpenFile(fd: 0, size: 0, display: "<stdin>", limit: limit)) }
        let fd = systemOpen(path, O_RDONLY)
        guard fd >= 0 else { return .failure(Failure(message: "cannot read '\(path)': \(errorText(errno))")) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = Failure(message: "cannot read '\(path)': \(errorText(errno))")
            _ = systemClose(fd)
            return .failure(failure)
        }
        let size = Int(info.st_size)
        let failure: Failure?
        if (info.st_mode & S_IFMT) == S_IFDIR {
            failure = Failure(message: "'\(path)' is a directory")
        } else if size > limit {
            failure = Failure(
                message: "'\(path)' is \(size) bytes, over the \(limit)-byte limit; raise it with --max-file-size")
        } else {
            failure = nil
        }
        if let failure {
            _ = systemClose(fd)
            return .failure(failure)
        }
        return .success(OpenFile(fd: fd, size: size, display: path, limit: limit))
    }

    static func readAll(fd: Int32, display: String, limit: Int, sizeHint: Int) -> Result<[UInt8], Failure> {
        var count = 0
        var error: Int32 = 0
        var full = false
        // The size the file had when opened and one byte more (to see whether it grew), read into memory that is not
        // zeroed first: a 5 MB request would be written twice.
        var bytes = [UInt8](unsafeUninitializedCapacity: max(sizeHint, 0) + 1) { buffer, initialized in
            let n = fill(fd, buffer)
            if n < 0 { error = errno } else { count = n }
            full = n == buffer.count
            initialized = count
        }
        // The buffer filled up: standard input, or a file that grew. Read on a block at a time.
        while error == 0 && full {
            if count > limit {
                return .failure(
                    Failure(message: "'\(display)' is over the \(limit)-byte limit; raise it with --max-file-size"))
            }
            let more = max(4096, count)
            bytes.append(contentsOf: repeatElement(0, count: more))
            let n = bytes.withUnsafeMutableBufferPointer {
                fill(fd, UnsafeMutableBufferPointer(rebasing: $0[count...]))
            }
            if n < 0 { error = errno } else { count += n }
            full = n == more
        }
        if error != 0 { return .failure(Failure(message: "cannot read '\(display)': \(errorText(error))")) }
        if count > limit {
            return .failure(
                Failure(message: "'\(display)' is over the \(limit)-byte limit; raise it with --max-file-size"))
        }
        bytes.removeLast(bytes.count - count)
        return .success(bytes)
    }

    /// Reads into `buffer` until it is full or the file ends; the bytes read, or -1 with `errno` set.
    static func fill(_ fd: Int32, _ buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        while count < buffer.count {
            let n = systemRead(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            if n < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if n == 0 { break }
            count += n
        }
        return count
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}
