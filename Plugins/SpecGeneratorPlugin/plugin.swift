import Foundation
import PackagePlugin

/// Generates Swift types, validators and a client from each `.yaml` spec in the target it is applied to.
///
/// Each spec `name.yaml` becomes `name.Types.swift`, `name.Coding.swift`, `name.Validation.swift` and
/// `name.Client.swift` in the plugin's work directory. The names depend only on the spec's file name, so the build system knows them up
/// front and runs the generator again only when the spec (or the generator) changes.
@main
struct SpecGeneratorPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        guard let module = target as? SourceModuleTarget else {
            throw PluginError(
                "target '\(target.name)' has no source files; apply SpecGeneratorPlugin to a Swift target")
        }
        let specs = module.sourceFiles.map(\.url).filter(Self.isSpec)
        return try Self.commands(
            specs: specs, targetName: target.name, tool: try context.tool(named: "spec-gen").url,
            outputDirectory: context.pluginWorkDirectoryURL.appending(path: "GeneratedSources"))
    }

    static func isSpec(_ url: URL) -> Bool { ["yaml", "yml"].contains(url.pathExtension) }

    static func commands(specs: [URL], targetName: String, tool: URL, outputDirectory: URL) throws -> [Command] {
        guard !specs.isEmpty else {
            throw PluginError(
                "no spec found: add a .yaml spec file to target '\(targetName)' (its source directory), "
                    + "or remove SpecGeneratorPlugin from its plugins")
        }
        var stems: [String: URL] = [:]
        return try specs.sorted { $0.path < $1.path }.map { spec in
            let stem = spec.deletingPathExtension().lastPathComponent
            if let other = stems.updateValue(spec, forKey: stem) {
                throw PluginError(
                    "specs '\(other.path)' and '\(spec.path)' in target '\(targetName)' would generate files of the same "
                        + "names; rename one of them")
            }
            // Keep in sync with Translator.outputFileNames(forSpecFile:).
            let outputs = ["Types", "Coding", "Validation", "Client"].map {
                outputDirectory.appending(path: "\(stem).\($0).swift")
            }
            return .buildCommand(
                displayName: "Generating Swift code from \(spec.lastPathComponent)",
                executable: tool,
                arguments: ["generate", "--spec", spec.path, "--output", outputDirectory.path],
                inputFiles: [spec],
                outputFiles: outputs)
        }
    }
}

/// A failure with a message that says how to fix it.
struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

#if canImport(XcodeProjectPlugin)
    import XcodeProjectPlugin

    extension SpecGeneratorPlugin: XcodeBuildToolPlugin {
        func createBuildCommands(context: XcodePluginContext, target: XcodeTarget) throws -> [Command] {
            try Self.commands(
                specs: target.inputFiles.map(\.url).filter(Self.isSpec), targetName: target.displayName,
                tool: try context.tool(named: "spec-gen").url,
                outputDirectory: context.pluginWorkDirectoryURL.appending(path: "GeneratedSources"))
        }
    }
#endif
