// libFuzzer entry point: bytes → SSE decoder → typed stream events (Messages API).
// The input length chooses the chunk size, so chunk boundaries are fuzzed too (CR/LF splits).
// Build and run with Scripts/fuzz.sh sse SECONDS.
import AnthropicMessages
import Foundation
import SpecRuntime

/// libFuzzer's entry point: runs one input of `count` bytes at `start`; returns 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSE(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let chunkSize = count % 61 + 1
    var decoder = ServerSentEventDecoder(maximumLineLength: 4096, maximumEventSize: 16384)
    var events: [ServerSentEvent] = []
    var index = 0
    while index < bytes.count {
        let end = min(bytes.count, index + chunkSize)
        do {
            events += try decoder.decode(bytes[index..<end])
        } catch {
            _ = "\(error)"
            return 0
        }
        index = end
    }
    _ = decoder.finish()
    let jsonDecoder = JSONDecoder()
    for event in events {
        guard event.data.utf8.count <= 16384 else { fatalError("event larger than the limit") }
        if let decoded = try? jsonDecoder.decode(MessageStreamEvent.self, from: Data(event.data.utf8)) {
            // A decoded event re-encodes and decodes to the same value.
            guard let encoded = try? JSONEncoder().encode(decoded),
                let again = try? jsonDecoder.decode(MessageStreamEvent.self, from: encoded)
            else {
                fatalError("decoded event does not re-encode")
            }
            if again != decoded { fatalError("event changed after re-encoding: \(decoded) vs \(again)") }
        }
    }
    return 0
}
