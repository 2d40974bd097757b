/// How the spec's types hold one another by value: what decides whether a generated Swift type can be a
/// plain struct or enum, must be declared `indirect`, or cannot exist at all.
extension Spec {
    /// The declared types a value of `name` stores inline (arrays and maps store their elements out of line;
    /// constant fields store nothing).
    public func byValueEdges(_ name: String) -> [String] {
        func inline(_ type: TypeRef) -> [String] {
            if case .named(let other) = type { return [other] }
            return []
        }
        guard let decl = type(named: name) else { return [] }
        switch decl.kind {
        case .object(let object): return object.fields.filter { $0.constant == nil }.flatMap { inline($0.type) }
        case .union(let union): return union.variants.map(\.type)
        case .oneOf(let oneOf): return oneOf.variants.flatMap { inline($0.type) }
        case .alias(let base, _): return inline(base)
        case .enumeration, .constant: return []
        }
    }

    /// The types that `name` holds by value, directly or through the declared types that `through` accepts.
    public func byValueReach(from name: String, through: (TypeDecl) -> Bool) -> Set<String> {
        var seen: Set<String> = []
        var pending = byValueEdges(name)
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let decl = type(named: next), through(decl) else { continue }
            pending += byValueEdges(next)
        }
        return seen
    }

    /// Unions and oneofs that contain themselves by value: their Swift enums are declared `indirect`.
    public var indirectTypes: Set<String> {
        Set(
            types.filter { decl in
                switch decl.kind {
                case .union, .oneOf: return byValueReach(from: decl.name, through: { _ in true }).contains(decl.name)
                default: return false
                }
            }.map(\.name))
    }

    /// Object types that contain themselves by value through objects and aliases only, which a Swift struct
    /// cannot (it would have infinite size).
    public var selfContainingObjects: [TypeDecl] {
        types.filter { decl in
            guard case .object = decl.kind else { return false }
            return byValueReach(
                from: decl.name,
                through: { next in
                    switch next.kind {
                    case .object, .alias: true
                    default: false
                    }
                }
            ).contains(decl.name)
        }
    }
}

/// Which types travel in which direction: what a client sends (requests) and what it receives (responses,
/// errors, stream events). A type may do both.
extension Spec {
    /// The declared types that `roots` mention, and every type they mention in turn.
    public func reachableTypes(from roots: [TypeRef]) -> Set<String> {
        var seen: Set<String> = []
        var pending = roots.flatMap(\.namedTypes)
        while let name = pending.popLast() {
            guard seen.insert(name).inserted, let decl = type(named: name) else { continue }
            switch decl.kind {
            case .object(let object): pending += object.fields.flatMap(\.type.namedTypes)
            case .union(let union): pending += union.variants.map(\.type)
            case .oneOf(let oneOf): pending += oneOf.variants.flatMap(\.type.namedTypes)
            case .alias(let base, _): pending += base.namedTypes
            case .enumeration, .constant: break
            }
        }
        return seen
    }

    /// The types of request bodies and everything in them.
    public var sentTypes: Set<String> { reachableTypes(from: endpoints.compactMap(\.request)) }

    /// The types of responses, errors and stream events and everything in them: what generated clients decode
    /// leniently (unknown fields, enum values and union tags are kept, not rejected).
    public var receivedTypes: Set<String> {
        reachableTypes(
            from: endpoints.flatMap { endpoint in
                [endpoint.response] + (endpoint.error.map { [$0] } ?? [])
                    + (endpoint.stream.map { [.named($0.events)] } ?? [])
            })
    }
}
