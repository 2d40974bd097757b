// swift-tools-version: 6.0
// libFuzzer entry points for the spec toolkit, in their own package so that a plain `swift build` or
// `swift test` of the main package compiles none of them. Build and run them with Scripts/fuzz.sh.
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "swift-api-spec-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "swift-api-spec", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzJSONLint",
            dependencies: [.product(name: "SpecKit", package: "swift-api-spec")],
            path: "FuzzJSONLint",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FuzzSpecLoader",
            dependencies: [.product(name: "SpecKit", package: "swift-api-spec")],
            path: "FuzzSpecLoader",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FuzzGenerator",
            dependencies: [
                .product(name: "SpecGeneratorCore", package: "swift-api-spec"),
                .product(name: "SpecModel", package: "swift-api-spec"),
            ],
            path: "FuzzGenerator",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FuzzSSE",
            dependencies: [
                .product(name: "AnthropicMessages", package: "swift-api-spec"),
                .product(name: "SpecRuntime", package: "swift-api-spec"),
            ],
            path: "FuzzSSE",
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
