// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "swift-api-spec",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .library(name: "SpecRuntime", targets: ["SpecRuntime"]),
        .library(name: "SpecValidation", targets: ["SpecValidation"]),
        .library(name: "SpecDiagnostics", targets: ["SpecDiagnostics"]),
        .library(name: "SpecJSON", targets: ["SpecJSON"]),
        .library(name: "SpecModel", targets: ["SpecModel"]),
        .library(name: "SpecKit", targets: ["SpecKit"]),
        .library(name: "SpecGeneratorCore", targets: ["SpecGeneratorCore"]),
        .executable(name: "spec-lint", targets: ["spec-lint"]),
        .executable(name: "spec-gen", targets: ["spec-gen"]),
        .executable(name: "spec-mock", targets: ["spec-mock"]),
        .plugin(name: "SpecGeneratorPlugin", targets: ["SpecGeneratorPlugin"]),
        .library(name: "AnthropicMessages", targets: ["AnthropicMessages"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // Runtime support imported by generated code: transport, retries, SSE, violations.
        .target(name: "SpecRuntime", dependencies: ["SpecValidation"], swiftSettings: strict),
        // The rule ids, messages, patterns and formats shared by generated validators and spec-lint
        // (no Foundation, so the linter starts fast).
        .target(name: "SpecValidation", swiftSettings: strict),
        // Located problems: source locations, the one `Diagnostic` type, and source excerpts (line and caret).
        .target(name: "SpecDiagnostics", dependencies: ["SpecValidation"], swiftSettings: strict),
        // The positioned JSON parser: bytes -> a document of nodes that know their byte offsets, lines and columns.
        .target(name: "SpecJSON", dependencies: ["SpecDiagnostics"], swiftSettings: strict),
        // Spec loading: parse (YAML -> located nodes) -> resolve (the spec model, with every semantic check).
        .target(name: "SpecModel", dependencies: ["CYAML", "SpecDiagnostics"], swiftSettings: strict),
        // The lint core: the compiled spec and validator, the linter, the file walk and parallel runner, reporters
        // and schema export.
        .target(name: "SpecKit", dependencies: ["SpecJSON", "SpecModel"], swiftSettings: strict),
        // The generator core: translate (spec model -> Swift syntax tree) -> render (text). It does not link the
        // lint core, so the plugin's build stays small.
        .target(name: "SpecGeneratorCore", dependencies: ["SpecModel"], swiftSettings: strict),
        .executableTarget(name: "spec-gen", dependencies: ["SpecGeneratorCore"], swiftSettings: strict),
        // OpenAPI 3.0/3.1 (JSON) -> a spec in this project's format. Part of spec-lint, not spec-gen, so that the
        // plugin's tool stays small.
        .target(name: "SpecImport", dependencies: ["SpecJSON", "SpecModel", "SpecValidation"], swiftSettings: strict),
        .executableTarget(
            name: "spec-lint",
            dependencies: [
                "SpecKit", "SpecImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/SpecLintCLI",
            swiftSettings: strict,
            plugins: ["EmbedSpecPlugin"]
        ),
        // The validating mock server: the lint core and the runtime's JSON values behind a small POSIX HTTP/1.1 server
        // (no server framework, so nothing of it reaches the library products).
        .target(name: "SpecMock", dependencies: ["SpecKit", "SpecRuntime"], swiftSettings: strict),
        .executableTarget(
            name: "spec-mock",
            dependencies: ["SpecMock", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/SpecMockCLI",
            swiftSettings: strict,
            plugins: ["EmbedSpecPlugin"]
        ),
        .executableTarget(name: "spec-embed", swiftSettings: strict),
        .plugin(name: "EmbedSpecPlugin", capability: .buildTool(), dependencies: ["spec-embed"]),
        .plugin(
            name: "SpecGeneratorPlugin",
            capability: .buildTool(),
            dependencies: ["spec-gen"]
        ),
        // The Anthropic Messages client: the code spec-gen generates from Spec/messages.yaml, committed in Generated/
        // (ReferenceTests fails when it is stale), plus hand-written additions such as the stream accumulator. It
        // uses no build plugin, so an app that depends on it does not build the generator.
        .target(name: "AnthropicMessages", dependencies: ["SpecRuntime"], swiftSettings: strict),
        // What the test suites share: the one scripted loopback server and its Swift harness, and a seeded generator.
        .target(
            name: "TestSupport",
            dependencies: ["SpecRuntime", "SpecValidation"],
            path: "Tests/TestSupport",
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SpecKitTests", dependencies: ["SpecKit", "SpecJSON", "SpecModel", "SpecImport", "TestSupport"],
            swiftSettings: strict),
        // Unit and reference tests of the generator, and tests of the code it generates: the plugin compiles
        // Resources/constructs.yaml into this target.
        .testTarget(
            name: "GeneratorTests",
            dependencies: ["SpecGeneratorCore", "SpecKit", "SpecRuntime"],
            exclude: ["Reference"],
            swiftSettings: strict,
            plugins: ["SpecGeneratorPlugin"]
        ),
        .testTarget(name: "SpecLintTests", dependencies: ["spec-lint", "TestSupport"], swiftSettings: strict),
        // The mock server, run as a process and called by the generated client and raw sockets.
        .testTarget(
            name: "SpecMockTests", dependencies: ["spec-mock", "AnthropicMessages", "SpecRuntime"],
            swiftSettings: strict),
        .testTarget(name: "SpecRuntimeTests", dependencies: ["SpecRuntime", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "AnthropicMessagesTests",
            dependencies: ["AnthropicMessages", "SpecKit", "SpecRuntime", "TestSupport"],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
