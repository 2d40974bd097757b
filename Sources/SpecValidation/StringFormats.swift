/// Checks of the spec's well-known string formats, shared by generated validators and `spec-lint`.
public enum StringFormats {
    /// Whether `value` is valid for the format named `format` (`uri`, `base64`, `date-time`,
    /// `uuid`, `non-blank`); unknown formats accept everything.
    public static func isValid(_ value: String, format: String) -> Bool {
        var value = value
        return value.withUTF8 { isValid(utf8: $0, format: format) }
    }

    /// Whether the UTF-8 text in `bytes` is valid for `format`; see ``isValid(_:format:)``.
    public static func isValid(utf8 bytes: UnsafeBufferPointer<UInt8>, format: String) -> Bool {
        switch format {
        case "uri": isURI(bytes)
        case "base64": isBase64(bytes)
        case "date-time": isDateTime(bytes)
        case "uuid": isUUID(bytes)
        case "non-blank": isNonBlank(bytes)
        default: true
        }
    }

    /// An absolute URI: a scheme (`letter *( letter / digit / + / - / . )`), a colon and no
    /// whitespace or control characters.
    static func isURI(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first, isLetter(first) else { return false }
        var i = 1
        while i < b.count,
            isLetter(b[i]) || isDigit(b[i]) || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")
                || b[i] == UInt8(ascii: ".")
        { i += 1 }
        guard i < b.count, b[i] == UInt8(ascii: ":"), i + 1 < b.count else { return false }
        for k in (i + 1)..<b.count where b[k] <= 0x20 || b[k] == 0x7F { return false }
        return true
    }

    /// Standard base64 (RFC 4648 §4) with padding, no whitespace.
    static func isBase64(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count % 4 == 0 else { return false }
        var end = b.count
        if end > 0, b[end - 1] == UInt8(ascii: "=") { end -= 1 }
        if end > 0, b[end - 1] == UInt8(ascii: "=") { end -= 1 }
        for k in 0..<end {
            let c = b[k]
            guard isLetter(c) || isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "/") else { return false }
        }
        return true
    }

    /// RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
    static func isDateTime(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for k in at..<(at + n) {
                guard isDigit(b[k]) else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            return v
        }
        func byte(_ at: Int, _ c: Character) -> Bool { at < b.count && b[at] == c.asciiValue }
        guard digits(0, 4) != nil, byte(4, "-"), let month = digits(5, 2), byte(7, "-"), let day = digits(8, 2),
            (1...12).contains(month), (1...31).contains(day),
            byte(10, "T") || byte(10, "t") || byte(10, " "),
            let hour = digits(11, 2), byte(13, ":"), let minute = digits(14, 2), byte(16, ":"),
            let second = digits(17, 2),
            hour < 24, minute < 60, second <= 60
        else { return false }
        var i = 19
        if byte(i, ".") {
            i += 1
            let start = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            guard i > start else { return false }
        }
        if byte(i, "Z") || byte(i, "z") { return i + 1 == b.count }
        guard byte(i, "+") || byte(i, "-"), let oh = digits(i + 1, 2), byte(i + 3, ":"), let om = digits(i + 4, 2),
            oh < 24, om < 60
        else { return false }
        return i + 6 == b.count
    }

    /// At least one scalar that is not Unicode whitespace. ASCII bytes are checked directly; the
    /// first non-ASCII byte falls back to decoding the rest.
    static func isNonBlank(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        // The empty string is min_length's business, so it is not reported twice.
        if b.isEmpty { return true }
        for (i, c) in b.enumerated() {
            if c >= 0x80 {
                return String(decoding: UnsafeBufferPointer(rebasing: b[i...]), as: UTF8.self)
                    .unicodeScalars.contains { !$0.properties.isWhitespace }
            }
            switch c {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: continue
            default: return true
            }
        }
        return false
    }

    /// `8-4-4-4-12` hexadecimal digits.
    static func isUUID(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count == 36 else { return false }
        for k in 0..<36 {
            if k == 8 || k == 13 || k == 18 || k == 23 {
                guard b[k] == UInt8(ascii: "-") else { return false }
            } else {
                let c = b[k] | 0x20
                guard isDigit(b[k]) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f")) else { return false }
            }
        }
        return true
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
    }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}
