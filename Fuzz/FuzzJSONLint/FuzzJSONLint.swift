// libFuzzer entry point: bytes → JSON parser → validator → diagnostics (the spec-lint path).
// Build and run with Scripts/fuzz.sh json SECONDS.
import Foundation
import SpecKit

private let linter: Linter = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Spec/messages.yaml").standardized.path
    let result = SpecLoader.load(path: path)
    guard let spec = result.spec, result.isUsable else { fatalError("cannot load \(path): \(result.diagnostics)") }
    let compiled = CompiledSpec(spec)
    guard let type = compiled.requestType() else { fatalError("the spec has no request type") }
    return Linter(compiled: compiled, type: type, limits: LintLimits(maxDiagnostics: 50))
}()

/// libFuzzer's entry point: runs one input of `count` bytes at `start`; returns 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLint(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let result = linter.lint(bytes: bytes, path: "fuzz.json")
    // Every diagnostic must be located inside the input and render without trapping.
    for d in result.diagnostics {
        if let offset = d.location?.offset, offset < 0 || offset > count {
            fatalError("offset \(offset) outside input of \(count) bytes")
        }
        _ = d.description
    }
    _ = Reporter(format: .human, toolVersion: "fuzz").fileReport(result)
    return 0
}
