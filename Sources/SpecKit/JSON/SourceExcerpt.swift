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

    /// The excerpt of a parsed document at a byte offset.
    public init(document: JSONDocument, offset: Int, maxWidth: Int = SourceExcerpt.defaultMaxWidth) {
        self = document.bytes.withUnsafeBufferPointer { buffer in
            let range = document.lines.lineRange(containing: offset, in: buffer)
            return SourceExcerpt(buffer, line: range, offset: offset, maxWidth: maxWidth)
        }
    }

    /// The excerpt of arbitrary bytes at a byte offset (for example after a fatal parse error,
    /// when there is no document). Invalid UTF-8 is shown as U+FFFD.
    public init(bytes: [UInt8], offset: Int, maxWidth: Int = SourceExcerpt.defaultMaxWidth) {
        self = bytes.withUnsafeBufferPointer { buffer in
            let clamped = min(max(offset, 0), buffer.count)
            var start = clamped
            while start > 0 && buffer[start - 1] != 0x0A { start -= 1 }
            if start == 0 { start = min(LineIndex.firstLineStart(buffer), clamped) }
            var end = clamped
            while end < buffer.count && buffer[end] != 0x0A { end += 1 }
            if end > start && buffer[end - 1] == 0x0D { end -= 1 }
            return SourceExcerpt(buffer, line: start..<end, offset: offset, maxWidth: maxWidth)
        }
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>, offset rawOffset: Int, maxWidth rawMaxWidth: Int) {
        let maxWidth = max(rawMaxWidth, 10)
        let offset = min(max(rawOffset, line.lowerBound), line.upperBound)
        func isLead(_ k: Int) -> Bool { bytes[k] & 0xC0 != 0x80 }
        // Walk back from the caret up to half the width, and forward for the rest.
        var start = offset
        var before = 0
        while start > line.lowerBound && before < maxWidth / 2 {
            start -= 1
            while start > line.lowerBound && !isLead(start) { start -= 1 }
            before += 1
        }
        var end = offset
        var total = before
        while end < line.upperBound && total < maxWidth {
            end += 1
            while end < line.upperBound && !isLead(end) { end += 1 }
            total += 1
        }
        // Use leftover width on the left when the line ends early.
        while start > line.lowerBound && total < maxWidth {
            start -= 1
            while start > line.lowerBound && !isLead(start) { start -= 1 }
            total += 1
        }
        let cutLeft = start > line.lowerBound
        let cutRight = end < line.upperBound
        var text = cutLeft ? "…" : ""
        text += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if cutRight { text += "…" }
        var caret = cutLeft ? " " : ""
        var k = start
        while k < offset {
            if isLead(k) { caret += bytes[k] == 0x09 ? "\t" : " " }
            k += 1
        }
        caret += "^"
        self.line = text
        self.caret = caret
    }

    /// The line, a line break, and the caret line.
    public var description: String { line + "\n" + caret }
}
