/// A source line and a caret under one position, for showing below a diagnostic:
///
/// ```
///     "temperature": 3,,
///                      ^
/// ```
///
/// The caret is aligned in Unicode scalars, and tabs in the line are repeated in the caret
/// line so both render alike. Lines longer than `maxWidth` scalars are cut to a window around
/// the caret, with `…` marking each cut; a multi-megabyte line costs only the window.
public struct SourceExcerpt: Sendable, Hashable, CustomStringConvertible {
    /// The default width limit in Unicode scalars.
    public static let defaultMaxWidth = 200

    /// The source line (possibly trimmed), without its line break.
    public var line: String
    /// Spaces and tabs up to the caret, then `^`.
    public var caret: String

    /// Creates an excerpt from its two lines.
    public init(line: String, caret: String) {
        self.line = line
        self.caret = caret
    }

    /// The excerpt of `bytes` (a JSON or YAML source) at byte offset `offset`. Only `\n` ends a line (a `\r`
    /// before it is dropped) and a UTF-8 byte order mark before the first line is skipped, as in the parsers'
    /// line numbers. The line is searched only within a bound window around the offset, so a multi-megabyte
    /// line costs a few kilobytes. Invalid UTF-8 shows as U+FFFD, control characters other than tab as U+FFFD
    /// too, so input never sends escape sequences to a terminal.
    public init(bytes: [UInt8], offset: Int, maxWidth: Int = SourceExcerpt.defaultMaxWidth) {
        self = bytes.withUnsafeBufferPointer { SourceExcerpt(buffer: $0, offset: offset, maxWidth: maxWidth) }
    }

    /// The excerpt of the bytes in `buffer` at byte offset `offset`; see ``init(bytes:offset:maxWidth:)``.
    public init(buffer: UnsafeBufferPointer<UInt8>, offset: Int, maxWidth: Int = SourceExcerpt.defaultMaxWidth) {
        self.init(buffer: buffer, offset: offset, maxWidth: maxWidth, scalarsOnly: false)
    }

    /// `scalarsOnly` decodes every line scalar by scalar, as lines that are not printable ASCII are: tests compare
    /// the two paths.
    init(buffer: UnsafeBufferPointer<UInt8>, offset: Int, maxWidth: Int, scalarsOnly: Bool) {
        let width = max(maxWidth, 10)
        let clamped = min(max(offset, 0), buffer.count)
        // The window never holds more than `width` scalars on either side of the caret, and a scalar takes at most
        // four bytes, so line boundaries further away than this are never needed: the line is cut either way.
        let reach = 4 * width + 4
        var start = clamped
        let lowest = max(0, clamped - reach)
        while start > lowest && buffer[start - 1] != 0x0A { start -= 1 }
        let cutLeft = start > 0 && buffer[start - 1] != 0x0A
        if start == 0 {
            let bom = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
            start = min(bom ? 3 : 0, clamped)
        }
        var end = clamped
        let highest = min(buffer.count, clamped + reach)
        while end < highest && buffer[end] != 0x0A { end += 1 }
        let cutRight = end < buffer.count && buffer[end] != 0x0A
        if !cutRight && end > start && buffer[end - 1] == 0x0D { end -= 1 }
        // Only `width` scalars either side of the caret can show. When the bytes that near (and one more) are printable
        // ASCII, each is a scalar: the excerpt is cut from them directly; otherwise the line is decoded scalar by scalar.
        let low = max(start, clamped - width - 1)
        let high = min(end, clamped + width + 1)
        let near = UnsafeBufferPointer(rebasing: buffer[low..<max(low, high)])
        if !scalarsOnly && Self.isPrintableASCII(near) {
            // The caret goes under the byte at the offset, or after the line when the offset is past it (a `\r`).
            self.init(
                ascii: near, caretAt: min(clamped, high) - low, width: width, cutLeft: cutLeft || low > start,
                cutRight: cutRight || high < end)
        } else {
            self.init(
                scalarsOf: buffer, start: start, end: end, caretAt: clamped, width: width, cutLeft: cutLeft,
                cutRight: cutRight)
        }
    }

    /// Whether every byte is printable ASCII or a tab: then each byte is one scalar, shown as it is.
    static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x7F || (byte < 0x20 && byte != 0x09) { return false }
        return true
    }

    /// The excerpt of a line of printable ASCII (``isPrintableASCII(_:)``) with the caret under byte `caretIndex`:
    /// what the scalar path gives for such a line, without decoding scalars one by one.
    init(ascii line: UnsafeBufferPointer<UInt8>, caretAt caretIndex: Int, width: Int, cutLeft: Bool, cutRight: Bool) {
        var first = max(0, caretIndex - width / 2)
        let last = min(line.count, first + width)
        first = max(0, min(first, last - width))
        let left = cutLeft || first > 0
        let right = cutRight || last < line.count
        var caret: [UInt8] = []
        caret.reserveCapacity(caretIndex - first + 2)
        if left { caret.append(0x20) }
        for k in first..<min(caretIndex, last) { caret.append(line[k] == 0x09 ? 0x09 : 0x20) }
        caret.append(UInt8(ascii: "^"))
        self.line =
            (left ? "…" : "") + String(decoding: UnsafeBufferPointer(rebasing: line[first..<last]), as: UTF8.self)
            + (right ? "…" : "")
        self.caret = String(decoding: caret, as: UTF8.self)
    }

    /// The excerpt of `buffer[start..<end]`, decoded scalar by scalar, with the caret under the first scalar at or
    /// after byte `clamped`.
    init(
        scalarsOf buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int, caretAt clamped: Int, width: Int,
        cutLeft: Bool, cutRight: Bool
    ) {
        var cutLeft = cutLeft
        var cutRight = cutRight
        // Decode, remembering where each scalar starts; invalid bytes become U+FFFD, one per error.
        var scalars: [(scalar: Unicode.Scalar, start: Int)] = []
        scalars.reserveCapacity(end - start)
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = UnsafeBufferPointer(rebasing: buffer[start..<end]).makeIterator()
        var position = start
        decoding: while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded):
                scalars.append((Unicode.UTF8.decode(encoded), position))
                position += encoded.count
            case .error(let length):
                scalars.append(("\u{FFFD}", position))
                position += length
            case .emptyInput:
                break decoding
            }
        }
        // The caret goes under the first scalar at or after the offset.
        let caretIndex = scalars.firstIndex { $0.start >= clamped } ?? scalars.count
        var first = max(0, caretIndex - width / 2)
        let last = min(scalars.count, first + width)
        first = max(0, min(first, last - width))
        cutLeft = cutLeft || first > 0
        cutRight = cutRight || last < scalars.count

        var text = cutLeft ? "…" : ""
        var caret = cutLeft ? " " : ""
        for k in first..<last {
            let scalar = scalars[k].scalar
            // Control characters from the input (escape sequences included) never reach a terminal.
            let isControl = scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
            text.unicodeScalars.append(isControl ? "\u{FFFD}" : scalar)
            if k < caretIndex { caret += scalar == "\t" ? "\t" : " " }
        }
        if cutRight { text += "…" }
        caret += "^"
        self.line = text
        self.caret = caret
    }

    /// The line, a line break, and the caret line.
    public var description: String { line + "\n" + caret }
}
