import SpecModel

/// Which type of the old spec became which type of the new one when their names differ.
///
/// Types with the same name in both specs are the same type. The rest are paired by where they are used: walking
/// both specs from their endpoints (request, response, error and stream event types), the types found in the same
/// place — the same field of paired objects, the same tag of paired unions, the same alternative of paired oneofs,
/// the element of paired arrays and maps — are one type renamed, provided neither name exists on the other side.
/// The first place that pairs a type wins, in the order of the new spec. This is how a hand-named spec is compared
/// with one imported from OpenAPI (`MessageCreateParams` against `CreateMessageParams`), and how a rename shows as
/// a rename rather than a removal and an addition.
struct TypeAlignment {
    /// Old name → new name, for renamed types only. Several old types may have become one (an imported document
    /// often declares the same shape once per use).
    private(set) var newName: [String: String] = [:]
    /// New name → the first old name that became it, for renamed types only.
    private(set) var oldName: [String: String] = [:]
    /// Old endpoint name → new endpoint name, for endpoints paired by method and path.
    private(set) var endpoints: [String: String] = [:]

    init(old: Spec, new: Spec) {
        let oldNames = Set(old.types.map(\.name))
        let newNames = Set(new.types.map(\.name))
        var queue: [(String, String)] = []
        var seen: Set<[String]> = []
        var head = 0

        func pair(_ a: String, _ b: String) {
            if a != b {
                guard !newNames.contains(a), !oldNames.contains(b), newName[a] == nil,
                    let before = old.type(named: a), let after = new.type(named: b)
                else { return }
                newName[a] = b
                if oldName[b] == nil { oldName[b] = a }
                // A union of one variant is that variant on the wire: the variant is the same type too.
                if case .union(let union) = before.kind, union.variants.count == 1, union.defaultTag == nil,
                    let only = union.variants.first,
                    case .object = after.kind
                {
                    pair(only.type, b)
                }
            }
            if seen.insert([a, b]).inserted { queue.append((a, b)) }
        }
        func align(_ a: TypeRef?, _ b: TypeRef?) {
            switch (a.map { Self.canonical($0, in: old) }, b.map { Self.canonical($0, in: new) }) {
            case (.named(let x)?, .named(let y)?): pair(x, y)
            case (.array(let x)?, .array(let y)?), (.map(let x)?, .map(let y)?): align(x, y)
            default: break
            }
        }

        for endpoint in new.endpoints {
            let before =
                old.endpoint(named: endpoint.name)
                ?? old.endpoints.first {
                    $0.method == endpoint.method && $0.path == endpoint.path
                        && new.endpoint(named: $0.name) == nil
                }
            guard let before else { continue }
            if before.name != endpoint.name { endpoints[before.name] = endpoint.name }
            align(before.request, endpoint.request)
            align(before.response, endpoint.response)
            align(before.error, endpoint.error)
            if let was = before.stream, let now = endpoint.stream {
                pair(was.events, now.events)
                if let a = was.error, let b = now.error { pair(a, b) }
            }
        }
        while head < queue.count {
            let (a, b) = queue[head]
            head += 1
            guard let before = old.type(named: a), let after = new.type(named: b) else { continue }
            switch (before.kind, after.kind) {
            case (.object(let x), .object(let y)):
                for field in y.fields {
                    if let was = x.field(named: field.name) { align(was.type, field.type) }
                }
            case (.union(let x), .union(let y)):
                for variant in y.variants {
                    if let was = x.variant(tagged: variant.tag) { pair(was.type, variant.type) }
                }
            case (.oneOf(let x), .oneOf(let y)):
                for (i, j) in Self.matchAlternatives(x, y, old: old, new: new) {
                    align(x.variants[i].type, y.variants[j].type)
                }
            case (.alias(let x, _), .alias(let y, _)):
                align(x, y)
            default:
                break
            }
        }
    }

    /// Pairs the alternatives of two oneofs: by name, then the rest by JSON kind where each side has one of it.
    static func matchAlternatives(_ a: OneOfType, _ b: OneOfType, old: Spec, new: Spec) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        var leftA = Set(a.variants.indices)
        var leftB = Set(b.variants.indices)
        for (j, variant) in b.variants.enumerated() {
            if let i = a.variants.firstIndex(where: { $0.name == variant.name }) {
                pairs.append((i, j))
                leftA.remove(i)
                leftB.remove(j)
            }
        }
        func kind(_ type: TypeRef, in spec: Spec) -> String {
            switch type {
            case .string, .integer, .number, .boolean, .any: return type.description
            case .array: return "array"
            case .map: return "object"
            case .named(let name):
                switch spec.type(named: name)?.kind {
                case .enumeration?: return "string"
                case .alias(let target, _)?: return kind(target, in: spec)
                case .constant(let value)?: return "constant \(value)"
                default: return "object"
                }
            }
        }
        for j in leftB.sorted() {
            let k = kind(b.variants[j].type, in: new)
            let sameA = leftA.filter { kind(a.variants[$0].type, in: old) == k }
            let sameB = leftB.filter { kind(b.variants[$0].type, in: new) == k }
            if sameA.count == 1, sameB.count == 1, let i = sameA.first {
                pairs.append((i, j))
                leftA.remove(i)
            }
        }
        return pairs.sorted { $0.1 < $1.1 }
    }

    /// `type` as the wire sees it: a named scalar or collection is what it names (its constraints are compared
    /// with the field that uses it, see `SpecDiff.effectiveChecks`), and a union of one variant (without a
    /// default) is that variant.
    static func canonical(_ type: TypeRef, in spec: Spec, depth: Int = 0) -> TypeRef {
        var type = type
        guard depth < 32 else { return type }  // a recursive alias (`A: array<A>`) stops here
        for _ in 0..<8 {
            guard case .named(let name) = type, let decl = spec.type(named: name) else { break }
            switch decl.kind {
            case .alias(let target, _):
                type = target
            case .union(let union) where union.variants.count == 1 && union.defaultTag == nil:
                type = .named(union.variants[0].type)
            default:
                return type
            }
        }
        switch type {
        case .array(let element): return .array(canonical(element, in: spec, depth: depth + 1))
        case .map(let value): return .map(canonical(value, in: spec, depth: depth + 1))
        default: return type
        }
    }

    /// Whether `a` of the old spec and `b` of the new one are the same type, renames and wire-equal spellings aside.
    func same(_ a: TypeRef?, _ b: TypeRef?, old: Spec, new: Spec) -> Bool {
        renamed(a.map { Self.canonical($0, in: old) }) == b.map { Self.canonical($0, in: new) }
    }

    /// `type` with old type names replaced by their new names, to compare with a type of the new spec.
    func renamed(_ type: TypeRef?) -> TypeRef? {
        guard let type else { return nil }
        switch type {
        case .named(let name): return .named(newName[name] ?? name)
        case .array(let element): return renamed(element).map(TypeRef.array)
        case .map(let value): return renamed(value).map(TypeRef.map)
        default: return type
        }
    }

    /// The new name of old type `name`.
    func renamed(_ name: String) -> String { newName[name] ?? name }
}
