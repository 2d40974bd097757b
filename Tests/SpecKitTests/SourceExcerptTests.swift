import TestSupport
import Testing

@testable import SpecDiagnostics

/// `SourceExcerpt`: near a caret in printable ASCII, a line is cut and marked exactly as when it is decoded scalar by
/// scalar, wherever else the line holds other bytes.
@Suite struct SourceExcerptTests {
    @Test func asciiLinesMatchTheScalarPath() {
        var random = SplitMix(seed: 20_261_208)
        let pieces: [[UInt8]] = [
            Array("\"max_tokens\": 1024,".utf8), [0x09], [0x0A], [0x0D, 0x0A], [0x0D], Array("  ".utf8), [0x20],
            Array("{\"a\":[1,2,3]}".utf8), Array("x".utf8), Array(String(repeating: "abcdefghij", count: 9).utf8),
            // Not printable ASCII: these lines take the scalar path near them, the ASCII path further away.
            Array("é".utf8), Array("🙂".utf8), [0xFF], [0xE2, 0x82], [0x1B], [0x7F], [0xC2, 0x85],
        ]
        for round in 0..<3000 {
            var bytes: [UInt8] = round % 7 == 0 ? [0xEF, 0xBB, 0xBF] : []
            let count = Int.random(in: 0..<(round % 3 == 0 ? 400 : 40), using: &random)
            for _ in 0..<count { bytes += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
            let width = [10, 12, 40, 200][Int.random(in: 0..<4, using: &random)]
            let offset = Int.random(in: -2...(bytes.count + 2), using: &random)
            bytes.withUnsafeBufferPointer { buffer in
                let fast = SourceExcerpt(buffer: buffer, offset: offset, maxWidth: width, scalarsOnly: false)
                let slow = SourceExcerpt(buffer: buffer, offset: offset, maxWidth: width, scalarsOnly: true)
                #expect(fast == slow, "round \(round): offset \(offset), width \(width), \(bytes)")
            }
        }
    }

    @Test func aLongCompactLineIsCutAroundTheCaret() {
        let line = Array(("{\"model\":\"m\"," + String(repeating: "\"k\":1,", count: 100) + "\"bad\":true}").utf8)
        let offset = line.count - 11
        let excerpt = SourceExcerpt(bytes: line, offset: offset, maxWidth: 20)
        #expect(excerpt.line == "…\":1,\"k\":1,\"bad\":true…")
        #expect(excerpt.caret == "           ^")
    }
}
