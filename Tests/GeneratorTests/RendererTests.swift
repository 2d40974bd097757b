import Testing

@testable import SpecGeneratorCore

@Suite struct RendererTests {
    @Test func structWithPropertiesInitializerAndNestedEnum() {
        let decl = Declaration.structure(
            StructDecl(
                doc: ["A point."], access: .public, name: "Point", conformances: ["Hashable", "Sendable"],
                members: [
                    .property(PropertyDecl(access: .public, name: "x", type: "Int")),
                    .property(PropertyDecl(access: .public, name: "y", type: "Int")),
                    .property(
                        PropertyDecl(
                            doc: ["Always 2."], access: .public, name: "dimensions", type: "Int", getter: [.code("2")])),
                    .function(
                        FunctionDecl(
                            access: .public, kind: .initializer(failable: false),
                            parameters: [
                                Parameter(name: "x", type: "Int"), Parameter(name: "y", type: "Int", defaultValue: "0"),
                            ],
                            body: [.code("self.x = x"), .code("self.y = y")])),
                    .enumeration(
                        EnumDecl(
                            name: "CodingKeys", conformances: ["String", "CodingKey"],
                            members: [
                                .enumCase(EnumCaseDecl(name: "x")),
                                .enumCase(EnumCaseDecl(name: "y", rawValue: "\"y_value\"")),
                            ])),
                ]))
        #expect(
            SwiftRenderer.render(decl) == """
                /// A point.
                public struct Point: Hashable, Sendable {
                    public var x: Int
                    public var y: Int

                    /// Always 2.
                    public var dimensions: Int { 2 }

                    public init(x: Int, y: Int = 0) {
                        self.x = x
                        self.y = y
                    }

                    enum CodingKeys: String, CodingKey {
                        case x
                        case y = "y_value"
                    }
                }

                """)
    }

    @Test func enumWithAssociatedValuesAndAttributes() {
        let decl = Declaration.enumeration(
            EnumDecl(
                attributes: ["@frozen"], access: .public, isIndirect: true, name: "Tree", conformances: ["Sendable"],
                members: [
                    .enumCase(EnumCaseDecl(name: "leaf", associatedValues: [.init(type: "Int")])),
                    .enumCase(
                        EnumCaseDecl(
                            doc: ["Two subtrees."], name: "node",
                            associatedValues: [.init(label: "left", type: "Tree"), .init(label: "right", type: "Tree")])
                    ),
                ]))
        #expect(
            SwiftRenderer.render(decl) == """
                @frozen
                public indirect enum Tree: Sendable {
                    case leaf(Int)

                    /// Two subtrees.
                    case node(left: Tree, right: Tree)
                }

                """)
    }

    @Test func statements() {
        let statements: [Statement] = [
            .guard("let value", else: [.code("return")]),
            .guard("count > 0", else: [.code("print(\"empty\")"), .code("return")]),
            .if(
                [ConditionalBranch("a", [.code("one()")]), ConditionalBranch("b", [.code("two()")])],
                else: [.code("three()")]),
            .for("item", in: "items", body: [.comment("each"), .code("use(item)")]),
            .switch("kind", [SwitchCase([".a", ".b"], [.code("ab()")]), .default([])]),
            .closure("c.member(\"x\", 0)", parameters: "c", body: [.code("c.check()")]),
            .block("do", [.blank, .code("work()")]),
        ]
        #expect(
            SwiftRenderer.render(statements) == """
                guard let value else { return }
                guard count > 0 else {
                    print("empty")
                    return
                }
                if a {
                    one()
                } else if b {
                    two()
                } else {
                    three()
                }
                for item in items {
                    // each
                    use(item)
                }
                switch kind {
                case .a, .b:
                    ab()
                default:
                    break
                }
                c.member("x", 0) { c in
                    c.check()
                }
                do {

                    work()
                }

                """)
    }

    @Test func longSignatureGetsOneParameterPerLine() {
        let parameters = (1...6).map { Parameter(name: "parameterNumber\($0)", type: "String", defaultValue: "nil") }
        let decl = Declaration.function(
            FunctionDecl(
                access: .public, kind: .function("configure"), parameters: parameters, isAsync: true, isThrowing: true,
                thrownType: "APIError", returnType: "Bool", body: [.code("true")]))
        #expect(
            SwiftRenderer.render(decl) == """
                public func configure(
                    parameterNumber1: String = nil,
                    parameterNumber2: String = nil,
                    parameterNumber3: String = nil,
                    parameterNumber4: String = nil,
                    parameterNumber5: String = nil,
                    parameterNumber6: String = nil
                ) async throws(APIError) -> Bool {
                    true
                }

                """)
    }

    @Test func fileWithHeaderImportsExtensionTypealiasAndMark() {
        let file = SourceFile(
            name: "x.swift", header: ["Generated.", ""],
            imports: ["Foundation", ImportDecl("SpecRuntime", spi: ["Generated"])],
            declarations: [
                .typealias(TypealiasDecl(doc: ["A name."], access: .public, name: "Name", type: "String")),
                .extension(ExtensionDecl(type: "Name", members: [])),
                .mark("Support"),
                .verbatim(["let a = 1", "", "let b = 2"]),
            ])
        #expect(
            SwiftRenderer.render(file) == """
                // Generated.
                //

                import Foundation
                @_spi(Generated) import SpecRuntime

                /// A name.
                public typealias Name = String

                extension Name {}

                // MARK: - Support

                let a = 1

                let b = 2

                """)
    }

    @Test func writerDropsTrailingBlankLinesAndIndents() {
        var writer = CodeWriter()
        writer.blankLine()
        writer.line("a {")
        writer.indented { $0.line("b") }
        writer.line("}")
        writer.blankLine()
        writer.blankLine()
        #expect(writer.text == "a {\n    b\n}\n")
    }
}
