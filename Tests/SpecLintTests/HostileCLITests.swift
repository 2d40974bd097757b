import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// Hostile input through the built `spec-lint` process: the file size limit (checked before
// reading), a 50 MB input, and garbage on standard input. Each run is spawned directly and reaped
// with wait4, which gives that child's own peak resident set size; the memory bounds are
// structural (a multiple of the input size plus a fixed allowance), not timings. The library-level
// cases are in Tests/SpecKitTests/HostileInputTests.swift.

/// A finished `spec-lint` run with its peak memory.
struct MeasuredRun {
    /// The exit status, or minus the signal number when the process was killed by a signal.
    var status: Int32
    var out: String
    var err: String
    /// Peak resident set size of the process in bytes; nil when /usr/bin/time is not available.
    var peakRSS: Int?
}

/// Runs the built `spec-lint` with `arguments` (paths absolute), standard input read from
/// `stdinPath` (or empty), and output captured in files under `directory`.
///
/// The peak memory comes from GNU time (`/usr/bin/time -f %M`): the rusage of a child spawned
/// straight from this process is useless here, because Linux carries the peak RSS of the address
/// space a process replaces at exec into its own, and posix_spawn's child execs from this test
/// process's address space. time forks the command from its own small process instead.
func measuredSpecLint(_ arguments: [String], stdinPath: String? = nil, in directory: URL) throws -> MeasuredRun {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "spec-lint"
    ).path
    let id = UUID().uuidString
    let outPath = directory.appendingPathComponent(".stdout-\(id)").path
    let errPath = directory.appendingPathComponent(".stderr-\(id)").path
    let rssPath = directory.appendingPathComponent(".rss-\(id)").path
    defer { for path: String in [outPath, errPath, rssPath] { unlink(path) } }
    let time = "/usr/bin/time"
    let measured = FileManager.default.isExecutableFile(atPath: time)
    let command = (measured ? [time, "-f", "%M", "-o", rssPath] : []) + [binary] + arguments

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
    let signal = status & 0x7F
    var run = MeasuredRun(
        status: signal == 0 ? (status >> 8) & 0xFF : -signal,
        out: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
        err: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    if measured, let report = try? String(contentsOfFile: rssPath, encoding: .utf8) {
        // "Command terminated by signal N" / "Command exited with non-zero status N", then the KiB.
        let lines = report.split(separator: "\n")
        if let line = lines.first(where: { $0.hasPrefix("Command terminated by signal ") }),
            let n = Int32(line.split(separator: " ").last ?? "")
        {
            run.status = -n
        }
        run.peakRSS = lines.last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { $0 * 1024 }
    }
    return run
}

/// Whether this test process (and so the `spec-lint` it runs, built the same way) uses AddressSanitizer.
let underAddressSanitizer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil

/// Records an issue when a measured peak is over `bound` (no check without a measurement).
///
/// Under AddressSanitizer (`swift test --sanitize=address`) the shadow memory and the quarantine of freed blocks
/// make every process several times larger, so the bounds, which are about the program, are not checked there.
func expectPeak(_ run: MeasuredRun, below bound: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let peak = run.peakRSS, !underAddressSanitizer else { return }
    #expect(peak < bound, "peak RSS \(peak / 1024) KiB, bound \(bound / 1024) KiB", sourceLocation: sourceLocation)
}

/// Writes `bytes` to `name` in `directory` and returns its path.
@discardableResult
func writeFile(_ bytes: [UInt8], _ name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// Deterministic pseudo-random bytes (SplitMix64), as in the library tests.
private func garbage(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var out: [UInt8] = []
    out.reserveCapacity(count + 8)
    while out.count < count {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        withUnsafeBytes(of: z.littleEndian) { out.append(contentsOf: $0) }
    }
    out.removeLast(out.count - count)
    return out
}

private let megabyte = 1 << 20
/// What a run may use besides its input: the binary, the runtime and the compiled built-in spec.
private let baseAllowance = 64 * megabyte

@Suite struct HostileCLITests {
    /// A 1 GiB (sparse) file is reported from its size alone: memory stays at the baseline.
    @Test func fileOverTheSizeLimitIsNotRead() throws {
        let dir = try temporaryDirectory([:])
        defer { try? FileManager.default.removeItem(at: dir) }  // inputs of up to 50 MB
        let path = dir.appendingPathComponent("huge.json").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        #expect(ftruncate(fd, 1 << 30) == 0)
        close(fd)
        let run = try measuredSpecLint([path], in: dir)
        #expect(run.status == 2)
        #expect(
            run.out == """
                \(path): error: '\(path)' is 1073741824 bytes, over the 67108864-byte limit; raise it with --max-file-size [io.read]
                1 file checked, 1 invalid: 1 error, 0 warnings

                """)
        expectPeak(run, below: baseAllowance)
    }

    /// Standard input has no size to check first: reading stops just past the limit.
    @Test func standardInputOverTheSizeLimitStopsReading() throws {
        let dir = try temporaryDirectory([:])
        defer { try? FileManager.default.removeItem(at: dir) }  // inputs of up to 50 MB
        let input = try writeFile([UInt8](repeating: 0x20, count: 50_000_000), "spaces.json", in: dir)
        let run = try measuredSpecLint(["--max-file-size", "1000000", "-"], stdinPath: input, in: dir)
        #expect(run.status == 2)
        #expect(
            run.out == """
                <stdin>: error: '<stdin>' is over the 1000000-byte limit; raise it with --max-file-size [io.read]
                1 file checked, 1 invalid: 1 error, 0 warnings

                """)
        expectPeak(run, below: 4 * 1_000_000 + baseAllowance)
    }

    /// A valid 50 MB request (one 50 MB string) lints clean within 4× its size plus the baseline.
    @Test func fiftyMegabyteRequest() throws {
        let dir = try temporaryDirectory([:])
        defer { try? FileManager.default.removeItem(at: dir) }  // inputs of up to 50 MB
        let model = String(repeating: "a", count: 50_000_000)
        let text = #"{"model":""# + model + #"","max_tokens":1,"messages":[{"role":"user","content":"Hi"}]}"#
        let path = try writeFile(Array(text.utf8), "big.json", in: dir)
        let run = try measuredSpecLint([path], in: dir)
        #expect(run.status == 0, "\(run.out.prefix(500))")
        #expect(run.out == "1 file checked, all valid: 0 errors, 0 warnings\n")
        let size = Int((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0)
        expectPeak(run, below: 4 * size + baseAllowance)
    }

    /// A 10 MB single line of 5 million wrong elements: 200 diagnostics, each with a short
    /// excerpt, and an "N more" line; output does not follow the number of errors, and memory
    /// follows the number of values: a 20-byte node per value, and while a container closes its
    /// children exist twice (parse stack and node array). Two-byte values (`1,`) are the worst
    /// case, about 21 bytes per input byte. (10 MB rather than 50: the debug build spends about a
    /// minute of one core on 25 million diagnostics, which starves the loopback suites running beside it.)
    @Test func tenMegabyteLineOfErrors() throws {
        let dir = try temporaryDirectory([:])
        defer { try? FileManager.default.removeItem(at: dir) }  // inputs of up to 50 MB
        var bytes = Array(#"{"model":"m","max_tokens":1,"messages":["#.utf8)
        bytes.reserveCapacity(10_000_100)
        for _ in 0..<5_000_000 { bytes += [0x31, 0x2C] }
        bytes += Array("1]}".utf8)
        let path = try writeFile(bytes, "errors.json", in: dir)
        let run = try measuredSpecLint([path], in: dir)
        #expect(run.status == 1)
        let lines = run.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 200 * 3 + 3, "\(lines.count) lines")
        #expect(lines.first?.hasSuffix("errors.json:1:41: error: expected object, found number 1 [type]") == true)
        #expect((lines.map(\.count).max() ?? 0) <= 200)
        #expect(
            run.out.hasSuffix(
                """
                errors.json: note: 4999802 more diagnostics not shown (raise --max-diagnostics to see them)
                1 file checked, 1 invalid: 5000002 errors, 0 warnings

                """))
        expectPeak(run, below: 24 * bytes.count + baseAllowance)
    }

    /// 1 MiB of pseudo-random bytes on standard input: one located UTF-8 error, exit status 1.
    @Test func garbageOnStandardInput() throws {
        let dir = try temporaryDirectory([:])
        defer { try? FileManager.default.removeItem(at: dir) }  // inputs of up to 50 MB
        let input = try writeFile(garbage(count: megabyte, seed: 1), "garbage.bin", in: dir)
        let run = try measuredSpecLint(["-"], stdinPath: input, in: dir)
        #expect(run.status == 1)
        let lines = run.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines.first
                == "<stdin>:1:1: error: invalid UTF-8: incomplete sequence (bytes C1): lead byte 0xC1 needs 1 continuation byte [json.utf8]"
        )
        #expect(lines.count <= 8)
        #expect(run.out.hasSuffix("1 file checked, 1 invalid: 1 error, 0 warnings\n"))
        expectPeak(run, below: 4 * megabyte + baseAllowance)
    }

    /// A long line with a lone carriage return before the error: the excerpt's column used to lie
    /// past the end of the line text kept for it, and the reporter trapped (a crash, not an exit 1).
    @Test func carriageReturnInALongLine() throws {
        let dir = try temporaryDirectory([:])
        defer { try? FileManager.default.removeItem(at: dir) }  // inputs of up to 50 MB
        let text =
            #"{"model":"m","# + String(repeating: " ", count: 200) + "\r" + String(repeating: " ", count: 200) + "x}"
        let path = try writeFile(Array(text.utf8), "cr.json", in: dir)
        let run = try measuredSpecLint([path], in: dir)
        #expect(run.status == 1, "\(run.err.prefix(300))")
        #expect(run.out.hasPrefix("\(path):1:415: error: expected a string key after ',', found 'x' [json.syntax]\n"))
        let lines = run.out.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        #expect(lines.count == 6)  // the error, the excerpt, the caret, a note, the summary, ""
        if lines.count == 6 {
            // The caret sits under the 'x' of the excerpt.
            #expect(lines[1].firstIndex(of: "x") == lines[2].count - 1, "\(run.out)")
        }
        #expect(run.out.hasSuffix("1 file checked, 1 invalid: 1 error, 0 warnings\n"))
    }
}
