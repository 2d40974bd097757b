import Testing

@testable import SpecJSON

/// `JSONBytes.equal`: every length up to 40, a difference at every position, and runs placed at every offset of a
/// buffer (the comparison loads words, some overlapping, and must never read outside either run).
@Suite struct JSONBytesTests {
    @Test func equalAtEveryLengthAndDifferenceAtEveryPosition() {
        let source: [UInt8] = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        source.withUnsafeBytes { all in
            guard let base = all.baseAddress else { return }
            for count in 0...40 {
                for offset in 0...(64 - count) {
                    let run = base + offset
                    var copy = Array(UnsafeRawBufferPointer(start: run, count: count))
                    copy.withUnsafeBytes { same in
                        let other = same.baseAddress ?? run
                        #expect(JSONBytes.equal(run, other, count: count), "length \(count) at \(offset)")
                    }
                    for at in 0..<count {
                        copy[at] ^= 0x20
                        copy.withUnsafeBytes { changed in
                            let other = changed.baseAddress ?? run
                            #expect(!JSONBytes.equal(run, other, count: count), "length \(count), byte \(at)")
                        }
                        copy[at] ^= 0x20
                    }
                }
            }
        }
        // The buffer form also compares lengths.
        let a: [UInt8] = Array("content".utf8)
        let b: [UInt8] = Array("contents".utf8)
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                #expect(!JSONStrings.equalBytes(x, y))
                #expect(JSONStrings.equalBytes(x, UnsafeBufferPointer(rebasing: y[..<7])))
            }
        }
    }
}
