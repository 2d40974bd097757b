// swift-tools-version: 6.0
// A package that uses swift-api-spec the way an app would: it applies SpecGeneratorPlugin to its own spec
// (Sources/Consumer/notes.yaml) and runs the generated client against a loopback server. Run it with ./run.sh.
import PackageDescription

let package = Package(
    name: "ConsumerPackage",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "swift-api-spec", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "Consumer",
            dependencies: [.product(name: "SpecRuntime", package: "swift-api-spec")],
            plugins: [.plugin(name: "SpecGeneratorPlugin", package: "swift-api-spec")]
        )
    ],
    swiftLanguageModes: [.v6]
)
