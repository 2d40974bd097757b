/// A readable line diff for test failures: unified-style hunks with line numbers.
enum LineDiff {
    /// The differences between `expected` and `actual`, at most `limit` lines of output.
    static func describe(expected: String, actual: String, limit: Int = 120) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])
        var lines: [String] = []
        if a.count * b.count <= 4_000_000 {
            lines = edits(a, b, offset: prefix)
        } else {
            lines =
                a.prefix(limit / 2).enumerated().map { "-\(prefix + $0.offset + 1): \($0.element)" }
                + b.prefix(limit / 2).enumerated().map { "+\(prefix + $0.offset + 1): \($0.element)" }
        }
        let shown = lines.prefix(limit)
        var text = "first difference at line \(prefix + 1) (- expected, + actual):\n" + shown.joined(separator: "\n")
        if lines.count > limit { text += "\n… \(lines.count - limit) more diff lines" }
        return text
    }

    /// Deleted and inserted lines from a longest-common-subsequence table, with 1-based line numbers.
    static func edits(_ a: [String], _ b: [String], offset: Int) -> [String] {
        let n = a.count
        let m = b.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                i += 1
                j += 1
            } else if j < m, i == n || table[i][j + 1] >= table[i + 1][j] {
                out.append("+\(offset + j + 1): \(b[j])")
                j += 1
            } else {
                out.append("-\(offset + i + 1): \(a[i])")
                i += 1
            }
        }
        return out
    }
}
