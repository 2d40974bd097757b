import PackagePlugin

/// Embeds `Spec/messages.yaml` as a string literal into the executable it is applied to (`spec-lint`, `spec-mock`).
@main
struct EmbedSpecPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let spec = context.package.directoryURL.appending(path: "Spec/messages.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSpecs.swift")
        return [
            .buildCommand(
                displayName: "Embedding Spec/messages.yaml",
                executable: try context.tool(named: "spec-embed").url,
                arguments: [output.path(), "messagesYAML=\(spec.path())"],
                inputFiles: [spec],
                outputFiles: [output]
            )
        ]
    }
}
