/// Prints a syntax tree as Swift source text: four-space indentation, one declaration per line group,
/// a blank line between members except between consecutive undocumented cases or stored properties.
public enum SwiftRenderer {
    /// The text of a whole file.
    public static func render(_ file: SourceFile) -> String {
        var writer = CodeWriter()
        for line in file.header { writer.line(line.isEmpty ? "//" : "// " + line) }
        if !file.header.isEmpty { writer.blankLine() }
        for item in file.imports {
            writer.line(item.spi.map { "@_spi(\($0)) " }.joined() + "import \(item.module)")
        }
        if !file.imports.isEmpty { writer.blankLine() }
        render(file.declarations, into: &writer)
        return writer.text
    }

    /// The text of one declaration.
    public static func render(_ declaration: Declaration) -> String {
        var writer = CodeWriter()
        render(declaration, into: &writer)
        return writer.text
    }

    /// The text of statements.
    public static func render(_ statements: [Statement]) -> String {
        var writer = CodeWriter()
        render(statements, into: &writer)
        return writer.text
    }

    // MARK: - Declarations

    static func render(_ declarations: [Declaration], into writer: inout CodeWriter) {
        var previous: Declaration?
        for declaration in declarations {
            if let previous, needsBlankLine(between: previous, and: declaration) { writer.blankLine() }
            render(declaration, into: &writer)
            previous = declaration
        }
    }

    static func needsBlankLine(between first: Declaration, and second: Declaration) -> Bool {
        switch (first, second) {
        case (.enumCase(let a), .enumCase(let b)):
            return !a.doc.isEmpty || !b.doc.isEmpty
        case (.property(let a), .property(let b)):
            return !a.doc.isEmpty || !b.doc.isEmpty || a.getter != nil || b.getter != nil
        default:
            return true
        }
    }

    static func render(_ declaration: Declaration, into writer: inout CodeWriter) {
        switch declaration {
        case .structure(let decl):
            prologue(doc: decl.doc, attributes: decl.attributes, into: &writer)
            let head = modifiers(decl.access, []) + "struct " + decl.name + inheritance(decl.conformances)
            members(head, decl.members, into: &writer)
        case .enumeration(let decl):
            prologue(doc: decl.doc, attributes: decl.attributes, into: &writer)
            let head =
                modifiers(decl.access, decl.isIndirect ? ["indirect"] : []) + "enum " + decl.name
                + inheritance(decl.conformances)
            members(head, decl.members, into: &writer)
        case .extension(let decl):
            prologue(doc: decl.doc, attributes: [], into: &writer)
            let head = modifiers(decl.access, []) + "extension " + decl.type + inheritance(decl.conformances)
            members(head, decl.members, into: &writer)
        case .function(let decl):
            render(decl, into: &writer)
        case .property(let decl):
            prologue(doc: decl.doc, attributes: decl.attributes, into: &writer)
            var head = modifiers(decl.access, decl.modifiers) + (decl.isLet ? "let " : "var ") + decl.name
            if let type = decl.type { head += ": " + type }
            if let initializer = decl.initializer { head += " = " + initializer }
            if let getter = decl.getter {
                if getter.count == 1, case .code(let expression) = getter[0] {
                    writer.line(head + " { " + expression + " }")
                } else {
                    body(head, getter, into: &writer)
                }
            } else {
                writer.line(head)
            }
        case .typealias(let decl):
            prologue(doc: decl.doc, attributes: decl.attributes, into: &writer)
            writer.line(modifiers(decl.access, []) + "typealias " + decl.name + " = " + decl.type)
        case .enumCase(let decl):
            prologue(doc: decl.doc, attributes: decl.attributes, into: &writer)
            var text = "case " + decl.name
            if !decl.associatedValues.isEmpty {
                let values = decl.associatedValues.map { value in
                    value.label.map { "\($0): \(value.type)" } ?? value.type
                }
                text += "(" + values.joined(separator: ", ") + ")"
            }
            if let raw = decl.rawValue { text += " = " + raw }
            writer.line(text)
        case .mark(let text):
            writer.line("// MARK: - " + text)
        case .verbatim(let lines):
            for line in lines { writer.line(line) }
        }
    }

    static func render(_ decl: FunctionDecl, into writer: inout CodeWriter) {
        prologue(doc: decl.doc, attributes: decl.attributes, into: &writer)
        var head = modifiers(decl.access, decl.modifiers)
        switch decl.kind {
        case .function(let name): head += "func " + name
        case .initializer(let failable): head += failable ? "init?" : "init"
        }
        if !decl.genericParameters.isEmpty { head += "<" + decl.genericParameters.joined(separator: ", ") + ">" }
        var effects = ""
        if decl.isAsync { effects += " async" }
        if decl.isThrowing { effects += decl.thrownType.map { " throws(\($0))" } ?? " throws" }
        if let returnType = decl.returnType { effects += " -> " + returnType }
        let parameters = decl.parameters.map(parameter)
        let oneLine = head + "(" + parameters.joined(separator: ", ") + ")" + effects
        if writer.fits(oneLine + " {") || parameters.count < 2 {
            if let statements = decl.body { body(oneLine, statements, into: &writer) } else { writer.line(oneLine) }
            return
        }
        // One parameter per line when the signature is too long.
        writer.line(head + "(")
        writer.indented { writer in
            for (index, text) in parameters.enumerated() {
                writer.line(text + (index == parameters.count - 1 ? "" : ","))
            }
        }
        if let statements = decl.body {
            body(")" + effects, statements, into: &writer)
        } else {
            writer.line(")" + effects)
        }
    }

    static func parameter(_ parameter: Parameter) -> String {
        var text = ""
        if let label = parameter.label, label != parameter.name { text += label + " " }
        text += parameter.name + ": " + parameter.type
        if let value = parameter.defaultValue { text += " = " + value }
        return text
    }

    static func prologue(doc: [String], attributes: [String], into writer: inout CodeWriter) {
        for line in doc { writer.line(line.isEmpty ? "///" : "/// " + line) }
        for attribute in attributes { writer.line(attribute) }
    }

    static func modifiers(_ access: AccessModifier?, _ others: [String]) -> String {
        var words: [String] = []
        if let access { words.append(access.rawValue) }
        words += others
        return words.map { $0 + " " }.joined()
    }

    static func inheritance(_ conformances: [String]) -> String {
        conformances.isEmpty ? "" : ": " + conformances.joined(separator: ", ")
    }

    static func members(_ head: String, _ declarations: [Declaration], into writer: inout CodeWriter) {
        if declarations.isEmpty {
            writer.line(head + " {}")
            return
        }
        writer.line(head + " {")
        writer.indented { render(declarations, into: &$0) }
        writer.line("}")
    }

    static func body(_ head: String, _ statements: [Statement], into writer: inout CodeWriter) {
        if statements.isEmpty {
            writer.line(head + " {}")
            return
        }
        writer.line(head + " {")
        writer.indented { render(statements, into: &$0) }
        writer.line("}")
    }

    // MARK: - Statements

    static func render(_ statements: [Statement], into writer: inout CodeWriter) {
        for statement in statements { render(statement, into: &writer) }
    }

    static func render(_ statement: Statement, into writer: inout CodeWriter) {
        switch statement {
        case .code(let text):
            writer.line(text)
        case .blank:
            writer.line("")
        case .comment(let text):
            writer.line(text.isEmpty ? "//" : "// " + text)
        case .if(let branches, let elseBody):
            for (index, branch) in branches.enumerated() {
                let keyword = index == 0 ? "if " : "} else if "
                writer.line(keyword + branch.condition + " {")
                writer.indented { render(branch.body, into: &$0) }
            }
            if let elseBody {
                writer.line("} else {")
                writer.indented { render(elseBody, into: &$0) }
            }
            writer.line("}")
        case .guard(let condition, let elseBody):
            if elseBody.count == 1, case .code(let text) = elseBody[0] {
                writer.line("guard " + condition + " else { " + text + " }")
            } else {
                writer.line("guard " + condition + " else {")
                writer.indented { render(elseBody, into: &$0) }
                writer.line("}")
            }
        case .for(let pattern, let sequence, let body):
            writer.line("for " + pattern + " in " + sequence + " {")
            writer.indented { render(body, into: &$0) }
            writer.line("}")
        case .switch(let subject, let cases):
            writer.line("switch " + subject + " {")
            for switchCase in cases {
                if switchCase.patterns.isEmpty {
                    writer.line("default:")
                } else {
                    writer.line("case " + switchCase.patterns.joined(separator: ", ") + ":")
                }
                writer.indented { writer in
                    if switchCase.body.isEmpty { writer.line("break") } else { render(switchCase.body, into: &writer) }
                }
            }
            writer.line("}")
        case .closure(let call, let parameters, let body):
            writer.line(call + " { " + parameters + " in")
            writer.indented { render(body, into: &$0) }
            writer.line("}")
        case .block(let header, let body, let closing):
            writer.line(header.isEmpty ? "{" : header + " {")
            writer.indented { render(body, into: &$0) }
            writer.line(closing)
        }
    }
}
