/// A parsed type expression before names are checked: `string`, `Name`, `array<T>`, `map<T>`,
/// and `A | B` alternatives. Each name keeps its column within the scalar for diagnostics.
indirect enum TypeExpression: Equatable {
    case name(String, offset: Int)
    case array(TypeExpression)
    case map(TypeExpression)
    case alternatives([TypeExpression])

    struct SyntaxError: Error, Equatable {
        var message: String
        var offset: Int
    }

    /// Parses `text`; offsets count Unicode scalars from its start.
    static func parse(_ text: String) throws(SyntaxError) -> TypeExpression {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        let expression = try parser.alternatives()
        parser.skipSpaces()
        if parser.position < parser.scalars.count {
            throw SyntaxError(
                message: "unexpected '\(parser.scalars[parser.position])' in type expression '\(text)'",
                offset: parser.position)
        }
        return expression
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0

        mutating func skipSpaces() {
            while position < scalars.count, scalars[position] == " " { position += 1 }
        }

        mutating func alternatives() throws(SyntaxError) -> TypeExpression {
            var items = [try single()]
            skipSpaces()
            while position < scalars.count, scalars[position] == "|" {
                position += 1
                items.append(try single())
                skipSpaces()
            }
            return items.count == 1 ? items[0] : .alternatives(items)
        }

        mutating func single() throws(SyntaxError) -> TypeExpression {
            skipSpaces()
            let start = position
            while position < scalars.count, Self.isNameScalar(scalars[position]) { position += 1 }
            guard position > start else {
                let found = position < scalars.count ? "'\(scalars[position])'" : "the end"
                throw SyntaxError(message: "expected a type name, found \(found)", offset: position)
            }
            let name = String(String.UnicodeScalarView(scalars[start..<position]))
            skipSpaces()
            guard position < scalars.count, scalars[position] == "<" else { return .name(name, offset: start) }
            guard name == "array" || name == "map" else {
                throw SyntaxError(
                    message: "only array<T> and map<T> take a type argument, not '\(name)'", offset: start)
            }
            position += 1
            let inner = try alternatives()
            skipSpaces()
            guard position < scalars.count, scalars[position] == ">" else {
                throw SyntaxError(message: "expected '>' to close '\(name)<'", offset: position)
            }
            position += 1
            return name == "array" ? .array(inner) : .map(inner)
        }

        static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-" || s == "."
        }
    }
}
