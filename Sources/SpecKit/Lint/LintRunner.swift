import Dispatch
import SpecValidation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Expands directories into their `*.json`, `*.jsonl` and `*.ndjson` files, sorted, keeping the order of arguments.
/// Uses `opendir`/`readdir` directly: listing is a noticeable share of linting many small files.
public enum FileExpansion {
    /// The files to lint for `arguments` (files, directories and `-` for standard input), and a result for each
    /// directory that cannot be listed.
    public static func expand(_ arguments: [String]) -> (paths: [String], problems: [FileResult]) {
        var paths: [String] = []
        var problems: [FileResult] = []
        for argument in arguments {
            guard argument != "-", isDirectory(argument) else {
                paths.append(argument)
                continue
            }
            var found: [String] = []
            var pending = [argument.hasSuffix("/") ? String(argument.dropLast()) : argument]
            while let directory = pending.popLast() {
                guard let handle = opendir(directory) else {
                    problems.append(
                        FileResult(
                            path: directory, status: .unreadable,
                            diagnostics: [
                                Diagnostic(.error, at: nil, "cannot list directory '\(directory)'", rule: "io.read")
                            ]))
                    continue
                }
                defer { closedir(handle) }
                while let entry = readdir(handle) {
                    let (name, lintable) = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        let bytes = UnsafeRawBufferPointer(rebasing: raw.prefix(while: { $0 != 0 }))
                        return (String(decoding: bytes, as: UTF8.self), hasLintableSuffix(bytes))
                    }
                    if name == "." || name == ".." { continue }
                    var full = directory
                    full.reserveCapacity(directory.utf8.count + 1 + name.utf8.count)
                    full += "/"
                    full += name
                    let type = entry.pointee.d_type
                    if type == UInt8(DT_DIR) || (type == UInt8(DT_UNKNOWN) && isDirectory(full)) {
                        pending.append(full)
                    } else if lintable {
                        // Dangling links and unreadable entries are kept, to be reported when read.
                        if type == UInt8(DT_LNK), isDirectory(full) { continue }
                        found.append(full)
                    }
                }
            }
            paths += found.sorted()
        }
        return (paths, problems)
    }

    /// Whether a file name ends in `.json`, `.jsonl` or `.ndjson`, read from its bytes.
    static func hasLintableSuffix(_ name: UnsafeRawBufferPointer) -> Bool {
        func ends(_ suffix: StaticString) -> Bool {
            let n = suffix.utf8CodeUnitCount
            guard name.count >= n else { return false }
            return suffix.withUTF8Buffer { name[(name.count - n)...].elementsEqual($0) }
        }
        return ends(".json") || ends(".jsonl") || ends(".ndjson")
    }

    /// Whether `path` names a directory (following links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

/// Lints many files on several threads, returning results in input order. Large files are read and linted one at a
/// time (the others go on meanwhile), so that peak memory follows the largest file, not the sum; a file's size is
/// learned when it is opened, so a run costs no extra `stat` per file.
public enum LintRunner {
    /// Files from this size on are linted one at a time.
    public static let largeFile = 1 << 20

    /// Lints `paths` (`-` is standard input) with up to `jobs` threads; one result per path, in order.
    public static func run(_ linter: Linter, paths: [String], jobs: Int) -> [FileResult] {
        let results = ResultSlots(count: paths.count)
        let workers = max(1, min(jobs, paths.count))
        if workers == 1 {
            for (index, path) in paths.enumerated() { results.set(index, linter.lint(path: path)) }
        } else {
            let chunk = 64
            let next = Counter()
            let largeFiles = Locked(0)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let start = next.add(chunk)
                    if start >= paths.count { break }
                    for index in start..<min(start + chunk, paths.count) {
                        results.set(index, linter.lint(path: paths[index], largeFiles: largeFiles))
                    }
                }
            }
        }
        return results.values
    }
}

/// Result storage written by worker threads, each slot once.
final class ResultSlots: Sendable {
    private let slots: Locked<[FileResult?]>

    init(count: Int) { slots = Locked(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ result: FileResult) { slots.withLock { $0[index] = result } }

    var values: [FileResult] { slots.withLock { $0.compactMap { $0 } } }
}

/// A counter that hands out work to threads.
final class Counter: Sendable {
    private let value = Locked(0)

    /// Adds `n` and returns the value before.
    func add(_ n: Int) -> Int {
        value.withLock { value in
            defer { value += n }
            return value
        }
    }
}
