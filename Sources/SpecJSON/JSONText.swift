/// Writing JSON text: the one string quoting of the package's JSON and YAML writers (lint reports, baselines,
/// imported specs — YAML double-quoted scalars accept JSON's escapes).
package enum JSONText {
    /// `s` as a JSON string literal, quotes included.
    package static func quote(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }

    /// Appends `s` as a JSON string. Runs of bytes that need no escape are appended whole (the
    /// escapes are all ASCII, so a run never splits a character).
    package static func quote(_ s: String, into out: inout String) {
        out += "\""
        func needsEscape(_ byte: UInt8) -> Bool {
            byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
        }
        let escapes =
            s.utf8.withContiguousStorageIfAvailable { $0.contains(where: needsEscape) }
            ?? s.utf8.contains(where: needsEscape)
        guard escapes else {
            out += s
            out += "\""
            return
        }
        var s = s
        s.withUTF8 { bytes in
            var run = 0
            for (i, byte) in bytes.enumerated() where needsEscape(byte) {
                if run < i { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[run..<i]), as: UTF8.self) }
                switch byte {
                case UInt8(ascii: "\""): out += "\\\""
                case UInt8(ascii: "\\"): out += "\\\\"
                case UInt8(ascii: "\n"): out += "\\n"
                case UInt8(ascii: "\r"): out += "\\r"
                case UInt8(ascii: "\t"): out += "\\t"
                default: out += "\\u" + String(repeating: "0", count: byte < 0x10 ? 3 : 2) + String(byte, radix: 16)
                }
                run = i + 1
            }
            if run < bytes.count {
                out += String(decoding: UnsafeBufferPointer(rebasing: bytes[run...]), as: UTF8.self)
            }
        }
        out += "\""
    }
}
