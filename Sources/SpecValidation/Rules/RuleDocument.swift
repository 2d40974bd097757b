/// The kind of a JSON value, as rules see it.
public enum RuleJSONKind: Sendable, Hashable {
    case null, bool, number, string, array, object
}

/// A step of the path from the request to a value, for JSON Pointers and the dotted paths of
/// messages.
public enum RulePathStep: Sendable, Hashable {
    /// A member of an object.
    case key(String)
    /// An element of an array.
    case index(Int)
}

/// A parsed request that rules can be evaluated on, its values named by integer handles.
///
/// Rules read a request through plain integers rather than through value types: the engine
/// walks without reference counting or allocation, and builds paths, pointers and messages only
/// for what it reports. `spec-lint` conforms its positioned document (handles are its node
/// indices, so findings have a line and column); the runtime conforms a flattened `AnyJSON`, so
/// generated `validate()` methods apply the same rules.
///
/// Handles are those the document gives out (``ruleRoot``, ``ruleMember(of:named:)``,
/// ``ruleElement(of:at:)``); any other value is a programming error.
public protocol RuleDocument: AnyObject {
    /// The handle of the top-level value.
    var ruleRoot: Int { get }
    /// The kind of a value.
    func ruleKind(of node: Int) -> RuleJSONKind
    /// The member whose key is the UTF-8 `key` of an object (the last one, if the key is repeated); `nil` when absent or
    /// not an object.
    func ruleMember(of node: Int, named key: UnsafeBufferPointer<UInt8>) -> Int?
    /// The number of elements of an array (0 for other kinds).
    func ruleElementCount(of node: Int) -> Int
    /// Element `index` (in `0..<ruleElementCount(of: node)`) of an array.
    func ruleElement(of node: Int, at index: Int) -> Int
    /// The number of members of an object (0 for other kinds).
    func ruleMemberCount(of node: Int) -> Int
    /// The string, for strings.
    func ruleString(of node: Int) -> String?
    /// Whether the value is a string whose UTF-8 is `text` (decided without making a `String`,
    /// where the document can).
    func ruleString(of node: Int, equals text: UnsafeBufferPointer<UInt8>) -> Bool
    /// Calls `body` with the decoded UTF-8 of a string value (without making a `String`, where
    /// the document can); nil for other kinds.
    func ruleWithString<R>(of node: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R?
    /// Whether a value is a string of ASCII only (false for other kinds).
    func ruleStringIsASCII(of node: Int) -> Bool
    /// Whether two values are strings of the same UTF-8 (false when either is not a string).
    func ruleStrings(_ a: Int, equal b: Int) -> Bool
    /// The length in UTF-8 bytes of a string (0 for other kinds).
    func ruleStringUTF8Count(of node: Int) -> Int
    /// The number, for numbers.
    func ruleNumber(of node: Int) -> Double?
    /// The boolean, for booleans.
    func ruleBool(of node: Int) -> Bool?
    /// The steps from the top-level value to `node` (empty for the top-level value).
    func rulePath(to node: Int) -> [RulePathStep]
}

extension RuleDocument {
    /// Decided on the string (a document that can should read its bytes instead).
    public func ruleStringIsASCII(of node: Int) -> Bool { ruleString(of: node)?.utf8.allSatisfy { $0 < 0x80 } ?? false }

    /// Decided on the strings (a document that can should compare its bytes instead).
    public func ruleStrings(_ a: Int, equal b: Int) -> Bool {
        guard let x = ruleString(of: a), let y = ruleString(of: b) else { return false }
        return x.utf8.elementsEqual(y.utf8)
    }
}
