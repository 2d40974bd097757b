import SpecModel

/// A generated file: its name and its text.
public struct GeneratedFile: Equatable, Sendable {
    /// The file name, e.g. `messages.Types.swift`.
    public var name: String
    /// The Swift source.
    public var contents: String

    /// Creates a file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// The generator's stages, one after another: load (parse and resolve, in SpecModel) → translate (spec to Swift
/// syntax tree) → render (tree to text).
public enum GeneratorPipeline {
    /// What a run produced.
    public struct Result: Sendable {
        /// The files, empty when an error stopped generation.
        public var files: [GeneratedFile]
        /// Every diagnostic of loading and translating, errors and warnings.
        public var diagnostics: [Diagnostic]
        /// Whether an error was reported.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Loads the spec at `path` and generates its files.
    public static func run(specAt path: String, options: GeneratorOptions = GeneratorOptions()) -> Result {
        let loaded = SpecLoader.load(path: path)
        guard loaded.isUsable, let spec = loaded.spec else {
            return Result(files: [], diagnostics: loaded.diagnostics)
        }
        var result = generate(spec, options: options)
        result.diagnostics = loaded.diagnostics + result.diagnostics
        return result
    }

    /// Generates the files of a resolved spec. Every check that can stop generation is a spec check, made by
    /// `SpecLoader` (so `spec-lint check-spec` gives the same verdict); this stage only translates and renders.
    public static func generate(_ spec: Spec, options: GeneratorOptions = GeneratorOptions()) -> Result {
        let translator = Translator(spec: spec, options: options)
        let files = translator.translate().map { GeneratedFile(name: $0.name, contents: SwiftRenderer.render($0)) }
        return Result(files: files, diagnostics: [])
    }
}
