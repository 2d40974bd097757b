/// How spec names become Swift identifiers. The generator and the resolver's collision check
/// share these functions, so a collision is reported before any code is generated.
public enum SwiftNames {
    /// Swift keywords that must be escaped with backticks as identifiers.
    public static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "Any", "as", "false", "is", "nil", "self", "Self", "super",
        "throws", "true", "try", "await", "async", "consume", "copy", "discard", "each", "borrowing", "consuming",
        "package", "Type",
    ]

    /// Names the generated types, validators and client use unqualified (Swift, Foundation and runtime
    /// types): a spec type with one of these names would shadow it, so the spec checks reject it.
    public static let reservedTypeNames: Set<String> = [
        "String", "Int", "Double", "Bool", "Set", "Array", "Dictionary", "Optional", "Decoder", "Encoder",
        "CodingKey", "Decodable", "Encodable", "Unicode", "DecodingError", "EncodingError", "KeyedDecodingContainer",
        "KeyedEncodingContainer", "Sendable", "Codable", "Hashable", "Equatable", "CaseIterable", "RawRepresentable",
        "Error", "URL", "AsyncThrowingStream", "Swift", "Foundation", "SpecRuntime",
        "GeneratedCodingKey", "ValidationChecker", "AnyJSON", "Violation", "ViolationMessages", "JSONPointer",
        "Severity", "PatternMatcher", "StringFormats", "Suggestions", "SpecValidation", "Nullable",
    ]

    /// The name of the generated client of an API: `api.name` + `Client`.
    public static func clientTypeName(apiName: String) -> String { apiName + "Client" }

    /// `max_tokens` → `maxTokens`, `claude-3-5` → `claude3_5`, `bm25_20251119` → `bm25_20251119`, `2xx` → `_2xx`,
    /// `URL` → `url`.
    public static func lowerCamel(_ name: String) -> String {
        let words = split(name)
        guard let first = words.first else { return "_" }
        return fixLeadingDigit(joined([first.lowercased()] + words.dropFirst().map(capitalized)))
    }

    /// `text_delta` → `TextDelta`, `tool-choice` → `ToolChoice`, `web_search_2025` → `WebSearch2025`.
    public static func upperCamel(_ name: String) -> String {
        let words = split(name)
        guard !words.isEmpty else { return "_" }
        return fixLeadingDigit(joined(words.map(capitalized)))
    }

    /// Joins camel-case words; an underscore keeps two runs of digits apart (`bm25` + `20251119` →
    /// `bm25_20251119`, not `bm2520251119`), so a dated name stays readable.
    static func joined(_ words: [String]) -> String {
        var out = ""
        for word in words {
            if let last = out.utf8.last, isASCIIDigit(last), let first = word.utf8.first, isASCIIDigit(first) {
                out += "_"
            }
            out += word
        }
        return out
    }

    static func isASCIIDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// The identifier as it must be written in Swift source (backticks for keywords).
    public static func escaped(_ identifier: String) -> String {
        keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    static func fixLeadingDigit(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return "_" }
        return ("0"..."9").contains(first) ? "_" + s : s
    }

    static func capitalized(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }

    /// Splits on any character that is not a letter or digit, and on lower→upper case changes,
    /// keeping all-caps runs together; a word of capitals is lowercased (`HTTPCode` → http, code).
    static func split(_ name: String) -> [String] {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return splitCharacters(name) }
        // ASCII (every name in a real spec): the same rules over bytes, which is what keeps spec
        // loading fast (the resolver names every inline type).
        func isUpper(_ c: UInt8) -> Bool { c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") }
        func isLower(_ c: UInt8) -> Bool { c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") }
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        let bytes = Array(name.utf8)
        var words: [String] = []
        func word(_ range: Range<Int>) {
            let part = bytes[range]
            // A word of capitals (and digits) is lowercased: `HTTP` → `http`.
            if part.count > 1, !part.contains(where: isLower) {
                words.append(String(decoding: part.map { isUpper($0) ? $0 + 32 : $0 }, as: UTF8.self))
            } else {
                words.append(String(decoding: part, as: UTF8.self))
            }
        }
        var start: Int?
        for (i, ch) in bytes.enumerated() {
            guard isUpper(ch) || isLower(ch) || isDigit(ch) else {
                if let s = start { word(s..<i) }
                start = nil
                continue
            }
            if let s = start, isUpper(ch) {
                let last = bytes[i - 1]
                let nextIsLower = i + 1 < bytes.count && isLower(bytes[i + 1])
                if isLower(last) || isDigit(last) || (isUpper(last) && nextIsLower) {
                    word(s..<i)
                    start = i
                }
            }
            if start == nil { start = i }
        }
        if let s = start { word(s..<bytes.count) }
        return words
    }

    /// ``split(_:)`` for names with non-ASCII characters (which separate words).
    static func splitCharacters(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let chars = Array(name)
        for (i, ch) in chars.enumerated() {
            guard ch.isLetter || ch.isNumber, ch.isASCII else {
                if !current.isEmpty { words.append(current); current = "" }
                continue
            }
            if let last = current.last, ch.isUppercase {
                let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
                if last.isLowercase || last.isNumber || (last.isUppercase && nextIsLower) {
                    words.append(current)
                    current = ""
                }
            }
            current.append(ch)
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0 == $0.uppercased() && $0.count > 1 ? $0.lowercased() : $0 }
    }
}
