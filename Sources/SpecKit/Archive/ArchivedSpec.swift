import SpecModel
import SpecValidation

/// A ``SpecArchive`` read one type at a time. Opening it reads the string table, the API, the endpoints, the model
/// profiles and where each type's bytes are; a type is decoded when it is asked for. A linter opens the built-in spec
/// this way, so that a run decodes (and compiles) only the types its documents use.
public final class ArchivedSpec: Sendable {
    /// The archive's bytes.
    public let bytes: [UInt8]
    /// The spec file the archive was made from, as its locations name it.
    public let file: String
    /// The spec format version.
    public let version: Int
    /// The API.
    public let api: APIInfo
    /// The endpoints.
    public let endpoints: [Endpoint]
    /// The model profiles.
    public let models: ModelCatalog
    /// The declared types' names, in declaration order.
    public let typeNames: [String]
    /// A reader holding the string table (its position is set for each type).
    private let reader: ArchiveReader
    /// Where each type's value is in ``bytes``.
    let typeRanges: [Range<Int>]
    /// Every type, decoded on first use of ``spec``.
    private let whole = Locked<Spec?>(nil)

    /// Opens `bytes`; throws ``SpecArchive/Corrupt`` where the header, the string table, the API, the endpoints, the
    /// model profiles or the type index cannot be read (a type's own bytes are read by ``decl(_:)``).
    public init(_ bytes: [UInt8]) throws {
        var r = try SpecArchive.body(of: bytes)
        file = try r.string()
        version = try r.int()
        api = try r.read()
        endpoints = try r.list { try $0.read() }
        models = try r.read()
        let count = try r.count()
        var names: [String] = []
        var ranges: [Range<Int>] = []
        names.reserveCapacity(count)
        ranges.reserveCapacity(count)
        for _ in 0..<count {
            let length = try r.count()
            let start = r.offset
            // A type's value starts with its name.
            names.append(try r.string())
            ranges.append(start..<start + length)
            r.offset = start + length
        }
        guard r.offset == bytes.count else { throw SpecArchive.Corrupt(offset: r.offset, expected: "the end") }
        self.bytes = bytes
        typeNames = names
        typeRanges = ranges
        reader = r
    }

    /// Type `index` (in declaration order), or nil when its bytes cannot be read.
    public func decl(_ index: Int) -> TypeDecl? {
        guard typeRanges.indices.contains(index) else { return nil }
        var r = reader
        r.offset = typeRanges[index].lowerBound
        guard let decl = try? r.read(TypeDecl.self), r.offset == typeRanges[index].upperBound else { return nil }
        return decl
    }

    /// The whole spec, decoded once. A type whose bytes cannot be read stands as an alias of `any` (``decl(_:)``
    /// reports it as nil, and the validator as an error wherever it is used).
    public var spec: Spec {
        whole.withLock { whole in
            if let whole { return whole }
            let types = typeNames.indices.map { i in
                decl(i)
                    ?? TypeDecl(
                        name: typeNames[i], kind: .alias(.any, Checks()),
                        location: SourceLocation(file: file, line: 1, column: 1))
            }
            let spec = Spec(file: file, version: version, api: api, endpoints: endpoints, types: types, models: models)
            whole = spec
            return spec
        }
    }
}
