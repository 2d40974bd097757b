import Foundation
import SpecGeneratorCore
import SpecModel

/// `spec-gen generate --spec PATH --output DIR [--access public|internal]`.
///
/// Arguments are parsed by hand so that the build-tool plugin, which builds this tool, stays light.
let usage = """
    usage: spec-gen generate --spec PATH --output DIR [--access public|internal]

    Generates Swift types, validators and a client from a spec:
      DIR/<name>.Types.swift, DIR/<name>.Coding.swift, DIR/<name>.Validation.swift,
      DIR/<name>.Client.swift
    A file is written only when its contents change. Spec problems are printed as
    path:line:col: error: message; the exit status is 1 when there are errors.

    options:
      --spec PATH       the YAML spec to read
      --output DIR      the directory to write to (created if missing)
      --access LEVEL    access level of the generated API: public (default) or internal
      -h, --help        show this help
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("spec-gen: error: \(message)\n\n\(usage)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("-h") || arguments.contains("--help") {
    print(usage)
    exit(0)
}
guard arguments.first == "generate" else {
    fail(arguments.first.map { "unknown command '\($0)'; the only command is 'generate'" } ?? "missing command")
}
arguments.removeFirst()

var specPath: String?
var outputPath: String?
var access = AccessModifier.public
while !arguments.isEmpty {
    let option = arguments.removeFirst()
    guard ["--spec", "--output", "--access"].contains(option) else { fail("unknown option '\(option)'") }
    guard !arguments.isEmpty else { fail("\(option) needs a value") }
    let value = arguments.removeFirst()
    switch option {
    case "--spec": specPath = value
    case "--output": outputPath = value
    default:
        switch value {
        case "public": access = .public
        case "internal": access = .internal
        default: fail("--access must be 'public' or 'internal', not '\(value)'")
        }
    }
}
guard let specPath else { fail("missing --spec PATH") }
guard let outputPath else { fail("missing --output DIR") }

let result = GeneratorPipeline.run(specAt: specPath, options: GeneratorOptions(access: access))
for diagnostic in result.diagnostics {
    FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
}
if result.hasErrors { exit(1) }

let manager = FileManager.default
do {
    try manager.createDirectory(atPath: outputPath, withIntermediateDirectories: true)
    for file in result.files {
        let path = (outputPath as NSString).appendingPathComponent(file.name)
        let data = Data(file.contents.utf8)
        // Unchanged files keep their timestamp, so nothing that depends on them rebuilds.
        if manager.contents(atPath: path) == data { continue }
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
} catch {
    FileHandle.standardError.write(
        Data("spec-gen: error: cannot write to '\(outputPath)': \(error.localizedDescription)\n".utf8))
    exit(1)
}
