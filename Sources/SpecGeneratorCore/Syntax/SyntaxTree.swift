/// The Swift syntax tree the translator builds and the renderer prints.
///
/// It is deliberately small: declarations are structured (so translation code composes them and tests compare
/// them), while expressions stay plain text. Every node is a value: `Equatable` and `Sendable`.

/// A Swift access level.
public enum AccessModifier: String, Equatable, Sendable, CaseIterable {
    case `public`, `package`, `internal`, `fileprivate`, `private`
}

/// An `import` of a module, optionally with the SPI groups it opens: `@_spi(Generated) import SpecRuntime`.
public struct ImportDecl: Equatable, Sendable, ExpressibleByStringLiteral {
    /// The module name.
    public var module: String
    /// The SPI groups imported along with the public API.
    public var spi: [String]

    /// Imports `module`, with the SPI groups `spi`.
    public init(_ module: String, spi: [String] = []) {
        self.module = module
        self.spi = spi
    }

    /// Imports the module named by the literal.
    public init(stringLiteral module: String) {
        self.init(module)
    }
}

/// One generated Swift source file.
public struct SourceFile: Equatable, Sendable {
    /// The file name, e.g. `messages.Types.swift`.
    public var name: String
    /// Comment lines at the top, without the `//` prefix.
    public var header: [String]
    /// Imported modules, in order.
    public var imports: [ImportDecl]
    /// Top-level declarations, in order.
    public var declarations: [Declaration]

    /// Creates a file.
    public init(name: String, header: [String] = [], imports: [ImportDecl] = [], declarations: [Declaration] = []) {
        self.name = name
        self.header = header
        self.imports = imports
        self.declarations = declarations
    }
}

/// A declaration at file level or inside a type.
public indirect enum Declaration: Equatable, Sendable {
    /// `struct Name: Conformances { … }`.
    case structure(StructDecl)
    /// `enum Name: Conformances { … }`.
    case enumeration(EnumDecl)
    /// `extension Type: Conformances { … }`.
    case `extension`(ExtensionDecl)
    /// A function or initializer.
    case function(FunctionDecl)
    /// A stored or computed property.
    case property(PropertyDecl)
    /// `typealias Name = Type`.
    case `typealias`(TypealiasDecl)
    /// An enum case.
    case enumCase(EnumCaseDecl)
    /// `// MARK: - text`.
    case mark(String)
    /// Lines of code written as they are (indented to the current level), for fixed support code.
    case verbatim([String])
}

/// A `struct` declaration.
public struct StructDecl: Equatable, Sendable {
    /// Documentation lines (without `///`).
    public var doc: [String]
    /// Attributes such as `@available(*, deprecated)`, one per line.
    public var attributes: [String]
    /// The access level, if written.
    public var access: AccessModifier?
    /// The type name.
    public var name: String
    /// Inherited protocols.
    public var conformances: [String]
    /// Members in order.
    public var members: [Declaration]

    /// Creates a struct.
    public init(
        doc: [String] = [], attributes: [String] = [], access: AccessModifier? = nil, name: String,
        conformances: [String] = [], members: [Declaration] = []
    ) {
        self.doc = doc
        self.attributes = attributes
        self.access = access
        self.name = name
        self.conformances = conformances
        self.members = members
    }
}

/// An `enum` declaration.
public struct EnumDecl: Equatable, Sendable {
    /// Documentation lines (without `///`).
    public var doc: [String]
    /// Attributes, one per line.
    public var attributes: [String]
    /// The access level, if written.
    public var access: AccessModifier?
    /// Whether the enum is `indirect`.
    public var isIndirect: Bool
    /// The type name.
    public var name: String
    /// The raw type and inherited protocols.
    public var conformances: [String]
    /// Members in order.
    public var members: [Declaration]

    /// Creates an enum.
    public init(
        doc: [String] = [], attributes: [String] = [], access: AccessModifier? = nil, isIndirect: Bool = false,
        name: String, conformances: [String] = [], members: [Declaration] = []
    ) {
        self.doc = doc
        self.attributes = attributes
        self.access = access
        self.isIndirect = isIndirect
        self.name = name
        self.conformances = conformances
        self.members = members
    }
}

/// An `extension` declaration.
public struct ExtensionDecl: Equatable, Sendable {
    /// Documentation lines (without `///`).
    public var doc: [String]
    /// The access level, if written.
    public var access: AccessModifier?
    /// The extended type.
    public var type: String
    /// Protocols the extension adds.
    public var conformances: [String]
    /// Members in order.
    public var members: [Declaration]

    /// Creates an extension.
    public init(
        doc: [String] = [], access: AccessModifier? = nil, type: String, conformances: [String] = [],
        members: [Declaration] = []
    ) {
        self.doc = doc
        self.access = access
        self.type = type
        self.conformances = conformances
        self.members = members
    }
}

/// A function parameter: `label name: Type = default`.
public struct Parameter: Equatable, Sendable {
    /// The argument label: `nil` when it equals the name, `_` for none.
    public var label: String?
    /// The parameter name used in the body.
    public var name: String
    /// The type as written.
    public var type: String
    /// The default value expression, if any.
    public var defaultValue: String?

    /// Creates a parameter.
    public init(label: String? = nil, name: String, type: String, defaultValue: String? = nil) {
        self.label = label
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }
}

/// A function or initializer declaration.
public struct FunctionDecl: Equatable, Sendable {
    /// What is declared.
    public enum Kind: Equatable, Sendable {
        /// `func name`.
        case function(String)
        /// `init` or `init?`.
        case initializer(failable: Bool)
    }

    /// Documentation lines (without `///`).
    public var doc: [String]
    /// Attributes, one per line.
    public var attributes: [String]
    /// The access level, if written.
    public var access: AccessModifier?
    /// Modifiers written after the access level, such as `static` or `mutating`.
    public var modifiers: [String]
    /// Function or initializer.
    public var kind: Kind
    /// Generic parameters, e.g. `T: Decodable`.
    public var genericParameters: [String]
    /// Parameters in order.
    public var parameters: [Parameter]
    /// Whether the function is `async`.
    public var isAsync: Bool
    /// Whether the function `throws`.
    public var isThrowing: Bool
    /// The thrown error type of a typed `throws(E)`, if any.
    public var thrownType: String?
    /// The return type, if any.
    public var returnType: String?
    /// The body; `nil` for a requirement without body.
    public var body: [Statement]?

    /// Creates a function.
    public init(
        doc: [String] = [], attributes: [String] = [], access: AccessModifier? = nil, modifiers: [String] = [],
        kind: Kind, genericParameters: [String] = [], parameters: [Parameter] = [], isAsync: Bool = false,
        isThrowing: Bool = false, thrownType: String? = nil, returnType: String? = nil, body: [Statement]? = []
    ) {
        self.doc = doc
        self.attributes = attributes
        self.access = access
        self.modifiers = modifiers
        self.kind = kind
        self.genericParameters = genericParameters
        self.parameters = parameters
        self.isAsync = isAsync
        self.isThrowing = isThrowing
        self.thrownType = thrownType
        self.returnType = returnType
        self.body = body
    }
}

/// A property declaration.
public struct PropertyDecl: Equatable, Sendable {
    /// Documentation lines (without `///`).
    public var doc: [String]
    /// Attributes, one per line.
    public var attributes: [String]
    /// The access level, if written.
    public var access: AccessModifier?
    /// Modifiers written after the access level, such as `static`.
    public var modifiers: [String]
    /// `let` (true) or `var` (false).
    public var isLet: Bool
    /// The property name as written (already escaped if needed).
    public var name: String
    /// The type annotation, if any.
    public var type: String?
    /// The initial value expression, if any.
    public var initializer: String?
    /// The getter body of a computed property.
    public var getter: [Statement]?

    /// Creates a property.
    public init(
        doc: [String] = [], attributes: [String] = [], access: AccessModifier? = nil, modifiers: [String] = [],
        isLet: Bool = false, name: String, type: String? = nil, initializer: String? = nil,
        getter: [Statement]? = nil
    ) {
        self.doc = doc
        self.attributes = attributes
        self.access = access
        self.modifiers = modifiers
        self.isLet = isLet
        self.name = name
        self.type = type
        self.initializer = initializer
        self.getter = getter
    }
}

/// A `typealias` declaration.
public struct TypealiasDecl: Equatable, Sendable {
    /// Documentation lines (without `///`).
    public var doc: [String]
    /// Attributes, one per line.
    public var attributes: [String]
    /// The access level, if written.
    public var access: AccessModifier?
    /// The alias name.
    public var name: String
    /// The aliased type.
    public var type: String

    /// Creates a typealias.
    public init(
        doc: [String] = [], attributes: [String] = [], access: AccessModifier? = nil, name: String, type: String
    ) {
        self.doc = doc
        self.attributes = attributes
        self.access = access
        self.name = name
        self.type = type
    }
}

/// An enum case: `case name`, `case name = raw` or `case name(Payload)`.
public struct EnumCaseDecl: Equatable, Sendable {
    /// An associated value: `label: Type` or just `Type`.
    public struct AssociatedValue: Equatable, Sendable {
        /// The label, if any.
        public var label: String?
        /// The type.
        public var type: String

        /// Creates an associated value.
        public init(label: String? = nil, type: String) {
            self.label = label
            self.type = type
        }
    }

    /// Documentation lines (without `///`).
    public var doc: [String]
    /// Attributes, one per line.
    public var attributes: [String]
    /// The case name (already escaped if needed).
    public var name: String
    /// Associated values, if any.
    public var associatedValues: [AssociatedValue]
    /// The raw value literal, if any.
    public var rawValue: String?

    /// Creates a case.
    public init(
        doc: [String] = [], attributes: [String] = [], name: String, associatedValues: [AssociatedValue] = [],
        rawValue: String? = nil
    ) {
        self.doc = doc
        self.attributes = attributes
        self.name = name
        self.associatedValues = associatedValues
        self.rawValue = rawValue
    }
}

/// A statement in a function or accessor body.
public indirect enum Statement: Equatable, Sendable {
    /// One line of code, as written.
    case code(String)
    /// An empty line.
    case blank
    /// `// text`.
    case comment(String)
    /// `if a { … } else if b { … } else { … }`.
    case `if`([ConditionalBranch], else: [Statement]?)
    /// `guard condition else { … }`.
    case `guard`(String, else: [Statement])
    /// `for pattern in sequence { … }`.
    case `for`(String, in: String, body: [Statement])
    /// `switch subject { case …: … }`.
    case `switch`(String, [SwitchCase])
    /// `header {` body `}`: closures, `do` blocks and anything else with a braced body.
    case block(String, [Statement], closing: String)
    /// `call { parameters in` body `}`: a call with a trailing closure.
    case closure(String, parameters: String, body: [Statement])

    /// A braced block closed by a plain `}`.
    public static func block(_ header: String, _ body: [Statement]) -> Statement {
        .block(header, body, closing: "}")
    }
}

/// One `if`/`else if` branch.
public struct ConditionalBranch: Equatable, Sendable {
    /// The condition, as written.
    public var condition: String
    /// The body.
    public var body: [Statement]

    /// Creates a branch.
    public init(_ condition: String, _ body: [Statement]) {
        self.condition = condition
        self.body = body
    }
}

/// One case of a `switch`.
public struct SwitchCase: Equatable, Sendable {
    /// The patterns; empty for `default`.
    public var patterns: [String]
    /// The body; rendered as `break` when empty.
    public var body: [Statement]

    /// Creates a case.
    public init(_ patterns: [String], _ body: [Statement]) {
        self.patterns = patterns
        self.body = body
    }

    /// `default:`.
    public static func `default`(_ body: [Statement]) -> SwitchCase { SwitchCase([], body) }
}
