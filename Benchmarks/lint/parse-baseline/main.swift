// Parse-only baseline for Benchmarks/lint: reads every *.json file under the arguments (files or
// directories, recursively, sorted) and parses it with Foundation's JSONSerialization, on one
// thread. Prints {"files": N, "invalid": K} where invalid counts files that do not parse.
// Built with `swiftc -O` by run.sh.
import Foundation

func expand(_ arguments: [String]) -> [String] {
    var paths: [String] = []
    let fm = FileManager.default
    for argument in arguments {
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
            var found: [String] = []
            let enumerator = fm.enumerator(atPath: argument)
            while let item = enumerator?.nextObject() as? String {
                if item.hasSuffix(".json") { found.append(argument + "/" + item) }
            }
            paths += found.sorted()
        } else {
            paths.append(argument)
        }
    }
    return paths
}

var files = 0
var invalid = 0
for path in expand(Array(CommandLine.arguments.dropFirst())) {
    files += 1
    var parsed = false
    if let data = FileManager.default.contents(atPath: path) {
        parsed = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil
    }
    if !parsed { invalid += 1 }
}
print("{\"files\": \(files), \"invalid\": \(invalid)}")
