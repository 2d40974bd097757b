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
        if path == "-" { return readAll(fd: 0, display: "<stdin>", limit: limit, sizeHint: 0) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(Failure(message: "cannot read '\(path)': \(errorText(errno))")) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            return .failure(Failure(message: "cannot read '\(path)': \(errorText(errno))"))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            return .failure(Failure(message: "'\(path)' is a directory"))
        }
        let size = Int(info.st_size)
        if size > limit {
            return .failure(
                Failure(
                    message: "'\(path)' is \(size) bytes, over the \(limit)-byte limit; raise it with --max-file-size"))
        }
        return readAll(fd: fd, display: path, limit: limit, sizeHint: size)
    }

    static func readAll(fd: Int32, display: String, limit: Int, sizeHint: Int) -> Result<[UInt8], Failure> {
        var bytes = [UInt8](repeating: 0, count: max(sizeHint, 0) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                if count > limit {
                    return .failure(
                        Failure(message: "'\(display)' is over the \(limit)-byte limit; raise it with --max-file-size"))
                }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count)))
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(message: "cannot read '\(display)': \(errorText(errno))"))
            }
            if n == 0 { break }
            count += n
        }
        if count > limit {
            return .failure(
                Failure(message: "'\(display)' is over the \(limit)-byte limit; raise it with --max-file-size"))
        }
        bytes.removeLast(bytes.count - count)
        return .success(bytes)
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}
