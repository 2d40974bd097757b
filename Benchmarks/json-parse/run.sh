#!/usr/bin/env bash
# Builds main.swift against SpecKit's JSON sources in a throwaway package (release mode)
# and prints MB/s for SpecKit's parser and JSONSerialization. Usage: Benchmarks/json-parse/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${TMPDIR:-/tmp}/json-parse-bench"
mkdir -p "$work/Sources/SpecKit" "$work/Sources/bench"
ln -sfn "$root/Sources/SpecKit/JSON" "$work/Sources/SpecKit/JSON"
ln -sfn "$root/Sources/SpecKit/Diagnostics/Diagnostic.swift" "$work/Sources/SpecKit/Diagnostic.swift"
ln -sfn "$here/main.swift" "$work/Sources/bench/main.swift"
cat > "$work/Package.swift" <<'PKG'
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "json-parse-bench",
    targets: [
        .target(name: "SpecKit"),
        .executableTarget(name: "bench", dependencies: ["SpecKit"]),
    ],
    swiftLanguageModes: [.v6]
)
PKG
if ! swift build -c release --package-path "$work" --product bench >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    exit 1
fi
"$work/.build/release/bench"
