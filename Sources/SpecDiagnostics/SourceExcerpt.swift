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
        let width = max(maxWidth, 10)
        let clamped = min(max(offset, 0), buffer.count)
        // The window never holds more than `width` scalars on either side of the caret, and a scalar takes at most
        // four bytes, so line boundaries further away than this are never needed: the line is cut either way.
        let reach = 4 * width + 4
        var start = clamped
        let lowest = max(0, clamped - reach)
        while start > lowest && buffer[start - 1] != 0x0A { start -= 1 }
        var cutLeft = start > 0 && buffer[start - 1] != 0x0A
        if start == 0 {
            let bom = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
            start = min(bom ? 3 : 0, clamped)
        }
        var end = clamped
        let highest = min(buffer.count, clamped + reach)
        while end < highest && buffer[end] != 0x0A { end += 1 }
        var cutRight = end < buffer.count && buffer[end] != 0x0A
        if !cutRight && end > start && buffer[end - 1] == 0x0D { end -= 1 }

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
