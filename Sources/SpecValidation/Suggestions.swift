/// "Did you mean …?" suggestions, by edit distance.
public enum Suggestions {
    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    ///
    /// A candidate qualifies when its Damerau–Levenshtein distance (case-insensitive) is at
    /// most a third of the longer word's length (at least 1), or when one word is a prefix of
    /// the other and the shorter one has at least 3 characters.
    public static func closest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        let lowered = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let other = Array(candidate.lowercased().unicodeScalars)
            let limit = max(1, max(lowered.count, other.count) / 3)
            let prefix =
                min(lowered.count, other.count) >= 3
                && (other.starts(with: lowered) || lowered.starts(with: other))
            // The distance is at least the difference in length, and exactly that for a prefix; so a
            // very long word (a hostile 50 MB key) costs O(length), not O(length × candidate).
            let lengthDifference = abs(lowered.count - other.count)
            guard lengthDifference <= limit || prefix else { continue }
            let distance = prefix ? lengthDifference : editDistance(lowered, other)
            guard distance <= limit || prefix else { continue }
            if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// The note text for a suggestion: `did you mean 'x'?`.
    public static func didYouMean<S: Sequence>(_ word: String, in candidates: S) -> String? where S.Element == String {
        closest(to: word, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and
    /// transpositions of adjacent characters each cost 1.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
