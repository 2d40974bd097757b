// libFuzzer entry point: spec bytes → loader → generator → Swift text (a diagnostic or output, never a crash).
// Build and run with Scripts/fuzz.sh gen SECONDS.
import SpecGeneratorCore
import SpecModel

/// libFuzzer's entry point: runs one input of `count` bytes at `start`; returns 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGenerator(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let loaded = SpecLoader.load(bytes: bytes, file: "fuzz.yaml")
    guard let spec = loaded.spec, loaded.isUsable else { return 0 }
    let result = GeneratorPipeline.generate(spec)
    for diagnostic in result.diagnostics { _ = diagnostic.description }
    // Generation is deterministic: the same spec gives the same bytes.
    if !result.hasErrors, GeneratorPipeline.generate(spec).files != result.files {
        fatalError("generator output is not stable")
    }
    return 0
}
