/// Collects lines of text at an indentation level: the only state of rendering.
public struct CodeWriter: Sendable {
    /// The indentation unit.
    public var indentUnit: String
    private var lines: [String] = []
    private var level = 0

    /// Creates an empty writer.
    public init(indentUnit: String = "    ") {
        self.indentUnit = indentUnit
    }

    /// Appends a line at the current indentation; an empty line stays empty (no trailing spaces).
    public mutating func line(_ text: String) {
        if text.isEmpty {
            lines.append("")
        } else {
            lines.append(String(repeating: indentUnit, count: level) + text)
        }
    }

    /// Appends an empty line, unless the last line is already empty or nothing was written.
    public mutating func blankLine() {
        guard let last = lines.last, !last.isEmpty else { return }
        lines.append("")
    }

    /// The longest line, indentation included, that ``fits(_:)`` accepts.
    public var lineWidth = 120

    /// Whether `text` fits on one line at the current indentation.
    public func fits(_ text: String) -> Bool {
        level * indentUnit.count + text.unicodeScalars.count <= lineWidth
    }

    /// Runs `body` one level deeper.
    public mutating func indented(_ body: (inout CodeWriter) -> Void) {
        level += 1
        body(&self)
        level -= 1
    }

    /// The text written so far, each line ended by a newline.
    public var text: String {
        var end = lines.endIndex
        while end > lines.startIndex, lines[end - 1].isEmpty { end -= 1 }
        return lines[..<end].map { $0 + "\n" }.joined()
    }
}
