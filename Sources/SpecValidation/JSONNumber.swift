/// A JSON number kept exactly as written, with exact decimal comparison.
///
/// The value is `(isNegative ? -1 : 1) × digits × 10^exponent`, where `digits` has neither
/// leading nor trailing zeros (`"0"` for zero). No arithmetic goes through `Double`, so
/// `9007199254740993` is above `9007199254740992`, `1.0000000000000001` is above `1`, and
/// `1e999999` is simply a very large number.
///
/// Equality, hashing and ordering are numeric: `-0 == 0`, `1.0 == 1`, `1e3 == 1000`; `text`
/// keeps the original spelling for messages.
///
/// Exponents are clamped to ±10^15 (the digits of an exponent are read, never expanded), so
/// two numbers whose exponents both exceed that compare by their digits only. No JSON text
/// of a size anyone could store gets near it.
public struct JSONNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The result of comparing two numbers.
    public enum Order: Sendable, Hashable {
        /// The receiver is smaller.
        case less
        /// Both have the same value.
        case equal
        /// The receiver is larger.
        case greater
    }

    /// The number exactly as it appeared in the source (or was given to `init?(exactly:)`).
    public let text: String
    /// Whether the value is below zero; `false` for `-0`.
    public let isNegative: Bool
    /// The significant decimal digits, without leading or trailing zeros; `"0"` for zero.
    public let digits: String
    /// The power of ten that `digits` is multiplied by (`0` for zero).
    public let exponent: Int

    /// Parses strict JSON number text (RFC 8259 §6: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`),
    /// e.g. a bound from a spec. Returns `nil` for anything else, including surrounding spaces.
    public init?(exactly text: String) {
        var copy = text
        let parsed: JSONNumber? = copy.withUTF8 { buffer in
            guard JSONNumber.isValidSyntax(buffer) else { return nil }
            return JSONNumber(validatedText: text, bytes: buffer)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// The exact value of an integer.
    public init(_ value: Int) {
        // An integer's description is always valid JSON number text.
        let text = String(value)
        var copy = text
        self = copy.withUTF8 { JSONNumber(validatedText: text, bytes: $0) }
    }

    /// Builds a number from bytes already known to match the JSON number grammar.
    package init(validatedText text: String, bytes: UnsafeBufferPointer<UInt8>) {
        let parts = NumberParts(bytes)
        self.text = text
        self.isNegative = parts.isNegative && !parts.isZero
        self.exponent = parts.isZero ? 0 : parts.exponent
        self.digits = parts.isZero ? "0" : parts.digitString(bytes)
    }

    /// Whether the value is zero (`0`, `-0`, `0.000`, `0e5`).
    public var isZero: Bool { digits == "0" }

    /// Whether the value has no fractional part: true for `1.0` and `1e3`, false for
    /// `1.0000000000000001`.
    public var isIntegral: Bool { exponent >= 0 }

    /// The nearest `Double` (correctly rounded; `±infinity` beyond the `Double` range).
    public var doubleValue: Double { Double(text) ?? .nan }

    /// The value as an `Int64` when it is integral and in range, otherwise `nil`.
    public var int64Value: Int64? {
        if isZero { return 0 }
        guard exponent >= 0, digits.utf8.count + exponent <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for byte in digits.utf8 {
            magnitude = magnitude &* 10 &+ UInt64(byte &- 48)  // at most 19 digits: no overflow
        }
        for _ in 0..<exponent {
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            magnitude = product
        }
        if isNegative {
            if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
            return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// Compares the values exactly.
    public func compare(to other: JSONNumber) -> Order {
        if isNegative != other.isNegative { return isNegative ? .less : .greater }
        let magnitude = compareMagnitude(other)
        return isNegative ? magnitude.reversed : magnitude
    }

    private func compareMagnitude(_ other: JSONNumber) -> Order {
        if isZero || other.isZero {
            if isZero && other.isZero { return .equal }
            return isZero ? .less : .greater
        }
        // Position of the most significant digit decides first.
        let lhsTop = digits.utf8.count + exponent
        let rhsTop = other.digits.utf8.count + other.exponent
        if lhsTop != rhsTop { return lhsTop < rhsTop ? .less : .greater }
        // Same magnitude: digit strings compare lexicographically; without trailing zeros a
        // proper prefix is the smaller value.
        var lhs = digits.utf8.makeIterator()
        var rhs = other.digits.utf8.makeIterator()
        while true {
            switch (lhs.next(), rhs.next()) {
            case (nil, nil): return .equal
            case (nil, _): return .less
            case (_, nil): return .greater
            case (let a?, let b?): if a != b { return a < b ? .less : .greater }
            }
        }
    }

    /// Numeric equality: `-0 == 0`, `1.0 == 1`, `1e3 == 1000`.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.isNegative == rhs.isNegative && lhs.exponent == rhs.exponent && lhs.digits == rhs.digits
    }

    /// Hashes the numeric value (consistent with `==`).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(isNegative)
        hasher.combine(exponent)
        hasher.combine(digits)
    }

    /// Exact numeric order.
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool { lhs.compare(to: rhs) == .less }

    /// The source text.
    public var description: String { text }

    /// Whether `bytes` is exactly one JSON number.
    static func isValidSyntax(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        func digit(_ k: Int) -> Bool { k < n && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        if i < n && bytes[i] == 0x2D { i += 1 }
        guard digit(i) else { return false }
        if bytes[i] == 0x30 {
            i += 1
        } else {
            while digit(i) { i += 1 }
        }
        if i < n && bytes[i] == 0x2E {
            i += 1
            guard digit(i) else { return false }
            while digit(i) { i += 1 }
        }
        if i < n && (bytes[i] == 0x65 || bytes[i] == 0x45) {
            i += 1
            if i < n && (bytes[i] == 0x2B || bytes[i] == 0x2D) { i += 1 }
            guard digit(i) else { return false }
            while digit(i) { i += 1 }
        }
        return i == n
    }
}

extension JSONNumber.Order {
    var reversed: JSONNumber.Order {
        switch self {
        case .less: .greater
        case .equal: .equal
        case .greater: .less
        }
    }
}

/// The decimal structure of valid JSON number bytes, found without allocating.
///
/// The mantissa is the integer digits followed by the fraction digits; `first..<last` are the
/// positions (in that virtual digit sequence) of the significant digits.
package struct NumberParts {
    /// A minus sign was written.
    var isNegative = false
    /// All digits are zero.
    var isZero = true
    /// The value is `digits[first..<last] × 10^exponent`.
    var exponent = 0
    /// Byte range of the integer digits.
    var intStart = 0, intEnd = 0
    /// Byte range of the fraction digits (empty without a fraction).
    var fracStart = 0, fracEnd = 0
    /// Significant digit range in the virtual mantissa.
    var first = 0, last = 0

    /// The largest exponent magnitude that is tracked exactly.
    static let exponentClamp = 1_000_000_000_000_000

    package init(_ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        var i = 0
        if i < n && b[i] == 0x2D {
            isNegative = true
            i += 1
        }
        intStart = i
        while i < n && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        intEnd = i
        fracStart = i
        fracEnd = i
        if i < n && b[i] == 0x2E {
            i += 1
            fracStart = i
            while i < n && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            fracEnd = i
        }
        var writtenExponent = 0
        if i < n && (b[i] == 0x65 || b[i] == 0x45) {
            i += 1
            var negativeExponent = false
            if i < n && (b[i] == 0x2B || b[i] == 0x2D) {
                negativeExponent = b[i] == 0x2D
                i += 1
            }
            while i < n && b[i] >= 0x30 && b[i] <= 0x39 {
                if writtenExponent < NumberParts.exponentClamp {
                    writtenExponent = writtenExponent * 10 + Int(b[i] - 0x30)
                }
                i += 1
            }
            writtenExponent = min(writtenExponent, NumberParts.exponentClamp)
            if negativeExponent { writtenExponent = -writtenExponent }
        }
        let intCount = intEnd - intStart
        let total = intCount + (fracEnd - fracStart)
        func digitAt(_ k: Int) -> UInt8 { k < intCount ? b[intStart + k] : b[fracStart + k - intCount] }
        var lo = 0
        while lo < total && digitAt(lo) == 0x30 { lo += 1 }
        guard lo < total else { return }
        var hi = total
        while digitAt(hi - 1) == 0x30 { hi -= 1 }
        isZero = false
        first = lo
        last = hi
        // digits[0..<total] × 10^(written - fractionCount); dropping `total - hi` trailing zeros.
        exponent = writtenExponent - (total - intCount) + (total - hi)
    }

    /// Whether the value has no fractional part.
    package var isIntegral: Bool { isZero || exponent >= 0 }

    /// The significant digits as a string.
    func digitString(_ b: UnsafeBufferPointer<UInt8>) -> String {
        let intCount = intEnd - intStart
        return String(unsafeUninitializedCapacity: last - first) { out in
            var o = 0
            for k in first..<last {
                out[o] = k < intCount ? b[intStart + k] : b[fracStart + k - intCount]
                o += 1
            }
            return o
        }
    }
}
