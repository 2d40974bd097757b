// libFuzzer entry point: bytes → YAML reader → spec resolver → diagnostics.
// Build and run with Scripts/fuzz.sh spec SECONDS.
import SpecKit

/// libFuzzer's entry point: runs one input of `count` bytes at `start`; returns 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpecLoader(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let result = SpecLoader.load(bytes: bytes, file: "fuzz.yaml")
    for d in result.diagnostics { _ = d.description }
    if let spec = result.spec, result.isUsable {
        // A usable spec must compile for validation and export as JSON Schema.
        let compiled = CompiledSpec(spec)
        if let type = compiled.requestType() { _ = JSONSchemaExporter.export(spec, root: type) }
    }
    return 0
}
