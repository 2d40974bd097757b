/// The bytes of a YAML file with the position arithmetic the reader needs: UTF-8 checking and
/// turning libyaml's marks (which count characters) into byte offsets.
struct YAMLSourceText {
    let bytes: [UInt8]
    let file: String
    /// Where the text starts: 3 after a UTF-8 byte order mark, else 0.
    let start: Int
    private let isASCII: Bool
    /// A known (character index, byte offset) pair; marks arrive mostly in file order, so walking
    /// from the last answer keeps the conversion linear overall.
    private var cursor: (index: Int, offset: Int)
    /// The location of the end of the text, found on first use.
    private var endLocation: SourceLocation?

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        isASCII = bytes[start...].allSatisfy { $0 < 0x80 }
        cursor = (0, start)
    }

    /// The error for the first byte that is not valid UTF-8, or for the first NUL byte.
    func encodingProblem() -> Diagnostic? {
        var i = start
        while i < bytes.count {
            let lead = bytes[i]
            if lead == 0 {
                return .error("the file contains a NUL byte (0x00); save it as UTF-8 text", at: location(ofByte: i))
            }
            if lead < 0x80 { i += 1; continue }
            // The width of the sequence and the allowed range of its second byte (this rules out
            // overlong forms, surrogates and code points above U+10FFFF).
            let rule: (width: Int, second: ClosedRange<UInt8>)? =
                switch lead {
                case 0xC2...0xDF: (2, 0x80...0xBF)
                case 0xE0: (3, 0xA0...0xBF)
                case 0xE1...0xEC, 0xEE, 0xEF: (3, 0x80...0xBF)
                case 0xED: (3, 0x80...0x9F)
                case 0xF0: (4, 0x90...0xBF)
                case 0xF1...0xF3: (4, 0x80...0xBF)
                case 0xF4: (4, 0x80...0x8F)
                default: nil
                }
            guard let rule, i + rule.width <= bytes.count, rule.second.contains(bytes[i + 1]),
                bytes[(i + 2)..<(i + rule.width)].allSatisfy({ $0 & 0xC0 == 0x80 })
            else {
                let hex = String(lead, radix: 16, uppercase: true)
                return .error("the file is not valid UTF-8 (byte 0x\(hex)); save it as UTF-8", at: location(ofByte: i))
            }
            i += rule.width
        }
        return nil
    }

    /// The location of a byte of valid UTF-8 text, counting lines and columns the way libyaml
    /// does: CR, LF, CRLF, NEL, LS and PS end lines; columns count Unicode scalars.
    func location(ofByte target: Int) -> SourceLocation {
        var line = 1, column = 1, i = start
        while i < target, i < bytes.count {
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            let isBreak =
                switch bytes[i] {
                case 0x0A: true
                case 0x0D: next != 0x0A
                case 0xC2: next == 0x85
                case 0xE2: next == 0x80 && i + 2 < bytes.count && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)
                default: false
                }
            (line, column) = isBreak ? (line + 1, 1) : (line, column + 1)
            i += Self.width(ofLead: bytes[i])
        }
        return SourceLocation(file: file, line: line, column: column, offset: target)
    }

    /// The location of a libyaml mark; `index` counts characters from `start`.
    ///
    /// At the end of the input libyaml moves its mark to column 0 of a line after the last one (it
    /// forces a line break before the stream end) even when the text does not end with a line
    /// break; that position is outside the file, so the end of the text is located by its bytes
    /// instead (once: every event that closes a collection at the end has this mark).
    mutating func location(line: Int, column: Int, index: Int) -> SourceLocation {
        let offset = byteOffset(ofCharacter: index)
        if offset >= bytes.count {
            if endLocation == nil { endLocation = location(ofByte: bytes.count) }
            if let endLocation { return endLocation }
        }
        return SourceLocation(file: file, line: line + 1, column: column + 1, offset: offset)
    }

    private mutating func byteOffset(ofCharacter index: Int) -> Int {
        if isASCII { return start + index }
        var (i, offset) = cursor
        while i < index, offset < bytes.count {
            offset += Self.width(ofLead: bytes[offset])
            i += 1
        }
        while i > index, offset > start {
            offset -= 1
            while offset > start, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
            i -= 1
        }
        cursor = (i, offset)
        return offset
    }

    private static func width(ofLead byte: UInt8) -> Int {
        switch byte {
        case ..<0xC0: 1
        case ..<0xE0: 2
        case ..<0xF0: 3
        default: 4
        }
    }
}
