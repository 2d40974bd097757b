/// The entry point of the spec pipeline: read YAML, resolve it into a ``Spec``, check it.
public enum SpecLoader {
    /// The outcome of loading a spec: the spec when it could be built, and every diagnostic.
    public struct Result: Sendable {
        /// The resolved spec; nil when the file could not be read or parsed at all.
        public var spec: Spec?
        /// Every problem found, sorted by position.
        public var diagnostics: [Diagnostic]
        /// Whether the spec can be used: it exists and no error was reported.
        public var isUsable: Bool { spec != nil && !diagnostics.contains { $0.severity == .error } }
    }

    /// Loads the spec at `path`.
    public static func load(path: String, limits: YAMLLimits = .default) -> Result {
        let (root, yamlDiagnostics) = YAMLReader.read(contentsOf: path, limits: limits)
        return resolve(root: root, diagnostics: yamlDiagnostics, file: path)
    }

    /// Loads a spec from bytes; `file` names it in diagnostics.
    ///
    /// With `checked: false` the whole-spec semantic checks (constraint fit, unions, rules, Swift names, unused
    /// types) are skipped: for a spec already checked when it was built into a tool, such as the one `spec-lint`
    /// embeds, whose tests run `check-spec` on it. The resolver's own errors are still reported.
    public static func load(
        bytes: [UInt8], file: String, limits: YAMLLimits = .default, checked: Bool = true
    ) -> Result {
        let (root, yamlDiagnostics) = YAMLReader.read(bytes, file: file, limits: limits)
        return resolve(root: root, diagnostics: yamlDiagnostics, file: file, checked: checked)
    }

    static func resolve(
        root: YAMLNode?, diagnostics yamlDiagnostics: [Diagnostic], file: String, checked: Bool = true
    ) -> Result {
        var bag = DiagnosticBag()
        yamlDiagnostics.forEach { bag.report($0) }
        guard let root else {
            if root == nil && yamlDiagnostics.isEmpty {
                bag.error(
                    "the file holds no YAML document; a spec starts with 'spec: 1'",
                    at: SourceLocation(file: file, line: 1, column: 1))
            }
            return Result(spec: nil, diagnostics: bag.sorted)
        }
        var resolver = SpecResolver(file: file)
        resolver.runsSemanticChecks = checked
        let spec = resolver.resolve(root)
        bag.merge(resolver.diagnostics)
        return Result(spec: spec, diagnostics: bag.sorted)
    }

    /// Loads a model-profile file (the shape of a spec's `models:` section) whose profiles take
    /// precedence over `base`'s; its profiles may use `base`'s properties and declare more.
    public static func loadModels(path: String, base: ModelCatalog, limits: YAMLLimits = .default) -> (
        ModelCatalog?, [Diagnostic]
    ) {
        let (root, yamlDiagnostics) = YAMLReader.read(contentsOf: path, limits: limits)
        var bag = DiagnosticBag()
        yamlDiagnostics.forEach { bag.report($0) }
        guard let root else {
            if yamlDiagnostics.isEmpty {
                bag.error(
                    "the file holds no YAML document; a model file has 'profiles:'",
                    at: SourceLocation(file: path, line: 1, column: 1))
            }
            return (nil, bag.sorted)
        }
        var resolver = SpecResolver(file: path)
        let catalog = resolver.readModels(root, inherited: base.properties)
        bag.merge(resolver.diagnostics)
        return (bag.hasErrors ? nil : catalog, bag.sorted)
    }
}
