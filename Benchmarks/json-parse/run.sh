#!/usr/bin/env bash
# Builds main.swift against SpecKit (a path dependency on this repository) in a throwaway package, release
# mode, and prints MB/s for SpecKit's JSON parser and JSONSerialization. Usage: Benchmarks/json-parse/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${TMPDIR:-/tmp}/json-parse-bench"
mkdir -p "$work/Sources/bench"
ln -sfn "$here/main.swift" "$work/Sources/bench/main.swift"
cat > "$work/Package.swift" <<PKG
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "json-parse-bench",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "swift-api-spec", path: "$root")],
    targets: [
        .executableTarget(name: "bench", dependencies: [.product(name: "SpecKit", package: "swift-api-spec")]),
    ],
    swiftLanguageModes: [.v6]
)
PKG
if ! swift build -c release --package-path "$work" --product bench >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    exit 1
fi
"$work/.build/release/bench"
