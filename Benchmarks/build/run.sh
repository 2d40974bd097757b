#!/usr/bin/env bash
# What an app pays to compile the Messages client, and a spec of the same size through the plugin.
#
#   Benchmarks/build/run.sh
#
# Writes three throw-away apps under .build-buildbench/ (gitignored with every .build*), each a package
# with a path dependency on this repository:
#   runtime-app   uses the SpecRuntime product only (the baseline);
#   messages-app  uses the AnthropicMessages product (the Messages client, committed generated code);
#   plugin-app    applies SpecGeneratorPlugin to a copy of Spec/messages.yaml in its own target, as a user
#                 with their own spec of the same size would (the generator is built and run in the build).
# Resolves them once (not timed), then builds each from clean, debug and release, interleaved, and prints
# wall and CPU time (user + sys) with the difference to the baseline of the same configuration. Then the
# incremental debug rebuild of plugin-app after editing one doc string in its spec, the milestones of each
# release build (when SwiftPM printed them), and where the type checker spends its time in a debug build
# of plugin-app with `-debug-time-function-bodies` and `-warn-long-expression-type-checking`.
#
# Environment: BENCH_BUILD_RUNS (default 1: a clean release build of the client takes minutes),
# BENCH_BUILD_TOP (default 15 rows of function bodies).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$root/.build-buildbench"
runs="${BENCH_BUILD_RUNS:-1}"
top="${BENCH_BUILD_TOP:-15}"
apps=(runtime-app messages-app plugin-app)
mkdir -p "$work"

app() {  # name dependencies-of-App main-source [extra-targets]
    local dir="$work/$1"
    rm -rf "$dir/Sources"
    mkdir -p "$dir/Sources/App"
    cat > "$dir/Package.swift" <<SWIFT
// swift-tools-version: 6.0
// Written by Benchmarks/build/run.sh.
import PackageDescription

let package = Package(
    name: "$1",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "swift-api-spec", path: "$root")],
    targets: [
        .executableTarget(name: "App", dependencies: [$2]),${4:-}
    ],
    swiftLanguageModes: [.v6]
)
SWIFT
    printf '%s\n' "$3" > "$dir/Sources/App/main.swift"
}

app runtime-app '.product(name: "SpecRuntime", package: "swift-api-spec")' 'import Foundation
import SpecRuntime

let value = try AnyJSON(parsing: #"{"model": "claude-sonnet-4-5", "max_tokens": 16}"#)
print(value)'

messages_main='import Foundation
import MODULE

let json = #"{"model": "claude-sonnet-4-5", "max_tokens": 16, "messages": [{"role": "user", "content": "Hi"}]}"#
let params = try JSONDecoder().decode(MessageCreateParams.self, from: Data(json.utf8))
let client = AnthropicMessagesClient(apiKey: "sk-ant-none")
print(String(decoding: try JSONEncoder().encode(params), as: UTF8.self), type(of: client))'

app messages-app '.product(name: "AnthropicMessages", package: "swift-api-spec")' "${messages_main/MODULE/AnthropicMessages}"

app plugin-app '"Messages"' "${messages_main/MODULE/Messages}" '
        .target(
            name: "Messages",
            dependencies: [.product(name: "SpecRuntime", package: "swift-api-spec")],
            plugins: [.plugin(name: "SpecGeneratorPlugin", package: "swift-api-spec")]
        ),'
mkdir -p "$work/plugin-app/Sources/Messages"
cp "$root/Spec/messages.yaml" "$work/plugin-app/Sources/Messages/messages.yaml"
# SwiftPM ignores a target without a Swift file of its own, plugin or not.
printf '%s\n' '@_exported import SpecRuntime' > "$work/plugin-app/Sources/Messages/Exports.swift"

echo "== resolve (not timed)"
for a in "${apps[@]}"; do
    swift package --package-path "$work/$a" --scratch-path "$work/$a/.build" resolve > "$work/$a-resolve.log" 2>&1 \
        || { tail -n 20 "$work/$a-resolve.log"; echo "run.sh: resolving $a failed" >&2; exit 2; }
done

# Prefixes each line read from standard input with the seconds since this filter (and the build) started.
stamp='import sys, time
start = time.monotonic()
for line in sys.stdin:
    sys.stdout.write(f"{time.monotonic() - start:7.1f} {line}")'

results="$work/results.tsv"
: > "$results"
echo "== clean builds ($runs run(s) each; the best wall time counts)"
for config in debug release; do
    for ((r = 1; r <= runs; r++)); do
        for a in "${apps[@]}"; do
            rm -rf "$work/$a/.build/$config" "$work/$a/.build/x86_64-unknown-linux-gnu" "$work/$a/.build/aarch64-unknown-linux-gnu" \
                "$work/$a/.build/plugins"
            log="$work/$a-$config.log"
            # Every output line is stamped with the seconds since the build started (for the phases below).
            if ! /usr/bin/time -f "%e %U %S" -o "$work/time.txt" \
                swift build -c "$config" --package-path "$work/$a" --scratch-path "$work/$a/.build" 2>&1 \
                | python3 -u -c "$stamp" > "$log"; then
                tail -n 30 "$log"
                echo "run.sh: building $a ($config) failed (log: $log)" >&2
                exit 2
            fi
            read -r wall user sys < "$work/time.txt"
            printf '%s\t%s\t%s\t%s\n' "$a" "$config" "$wall" "$(awk "BEGIN { print $user + $sys }")" >> "$results"
            echo "  $a $config: ${wall}s wall"
        done
    done
done

python3 - "$results" <<'PY'
import collections, sys
best = {}
for line in open(sys.argv[1]):
    app, config, wall, cpu = line.split("\t")
    key = (app, config)
    if key not in best or float(wall) < best[key][0]:
        best[key] = (float(wall), float(cpu))
print()
print("| app | build | wall s | cpu s | wall over SpecRuntime only | cpu over SpecRuntime only |")
print("|---|---|---|---|---|---|")
for config in ("debug", "release"):
    base = best[("runtime-app", config)]
    labels = {"runtime-app": "SpecRuntime only", "messages-app": "AnthropicMessages",
              "plugin-app": "the same spec through the plugin"}
    for app in ("runtime-app", "messages-app", "plugin-app"):
        wall, cpu = best[(app, config)]
        label = labels[app]
        extra = "-" if app == "runtime-app" else f"+{wall - base[0]:.1f} s ({wall / base[0]:.2f}x)"
        extra_cpu = "-" if app == "runtime-app" else f"+{cpu - base[1]:.1f} s ({cpu / base[1]:.2f}x)"
        print(f"| {label} | {config} clean | {wall:.1f} | {cpu:.1f} | {extra} | {extra_cpu} |")
PY

echo
echo "== incremental debug rebuild of plugin-app after editing one doc string in its spec"
spec_copy="$work/plugin-app/Sources/Messages/messages.yaml"
swift build -c debug --package-path "$work/plugin-app" --scratch-path "$work/plugin-app/.build" > "$work/plugin-app-warm.log" 2>&1 \
    || { tail -n 30 "$work/plugin-app-warm.log"; echo "run.sh: the warm-up build failed" >&2; exit 2; }
python3 - "$spec_copy" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
# The first field doc: one word more, so only documentation comments in the generated code change.
new, count = re.subn(r"(\n\s+doc: )(\S)", r"\1Edited. \2", text, count=1)
if count != 1:
    sys.exit("run.sh: no doc string found to edit in " + path)
open(path, "w").write(new)
PY
/usr/bin/time -f "%e %U %S" -o "$work/time.txt" \
    swift build -c debug --package-path "$work/plugin-app" --scratch-path "$work/plugin-app/.build" > "$work/plugin-app-incremental.log" 2>&1 \
    || { tail -n 30 "$work/plugin-app-incremental.log"; echo "run.sh: the incremental build failed" >&2; exit 2; }
read -r wall user sys < "$work/time.txt"
echo "| change | wall s | cpu s |"
echo "|---|---|---|"
echo "| one doc string in the spec, debug | $wall | $(awk "BEGIN { print $user + $sys }") |"
cp "$root/Spec/messages.yaml" "$spec_copy"

echo
echo "== milestones of the clean release builds (seconds at which SwiftPM printed them)"
python3 - "$work" <<'PY'
import re, sys
work = sys.argv[1]
# SwiftPM builds the tools of the build-tool plugins used in the package graph first (spec-embed for
# spec-lint, whichever products the app uses; spec-gen only where a target applies SpecGeneratorPlugin).
# In a release build it prints a module's "Compiling" line when its whole-module job ends.
milestones = (
    ("plugin tool spec-embed linked", "Linking spec-embed"),
    ("plugin tool spec-gen linked", "Linking spec-gen"),
    ("SpecValidation + SpecRuntime compiled", "Compiling SpecRuntime"),
    ("code generated", "Generating Swift code"),
    ("client module compiled", ("Compiling AnthropicMessages", "Compiling Messages")),
    ("app compiled", "Compiling App"),
    ("build complete", "Build complete"),
)
apps = ("runtime-app", "messages-app", "plugin-app")
seen = {}
for app in apps:
    marks = {}
    for line in open(f"{work}/{app}-release.log", errors="replace"):
        m = re.match(r"^\s*([0-9.]+) (.*)$", line)
        if not m:
            continue
        t, text = float(m.group(1)), m.group(2)
        for label, needles in milestones:
            needles = (needles,) if isinstance(needles, str) else needles
            if label not in marks and any(n in text for n in needles):
                marks[label] = t
    seen[app] = marks
print("| milestone | " + " | ".join(apps) + " |")
print("|---|" + "---|" * len(apps))
for label, _ in milestones:
    cells = [f"{seen[a][label]:.1f}" if label in seen[a] else "-" for a in apps]
    print(f"| {label} | " + " | ".join(cells) + " |")
PY

echo
echo "== where the type checker spends its time (plugin-app, debug, from clean)"
a=plugin-app
rm -rf "$work/$a/.build/debug" "$work/$a/.build/x86_64-unknown-linux-gnu" "$work/$a/.build/aarch64-unknown-linux-gnu" "$work/$a/.build/plugins"
log="$work/$a-timing.log"
swift build -c debug --package-path "$work/$a" --scratch-path "$work/$a/.build" \
    -Xswiftc -Xfrontend -Xswiftc -debug-time-function-bodies \
    -Xswiftc -Xfrontend -Xswiftc -warn-long-expression-type-checking=100 > "$log" 2>&1 \
    || { tail -n 30 "$log"; echo "run.sh: the timing build failed (log: $log)" >&2; exit 2; }
python3 - "$log" "$top" <<'PY'
import collections, re, sys
# The build prints a body once per frontend job that type-checks it (and repeats diagnostics):
# keep one entry per body and per warning.
seen, bodies, per_file, per_module, long_exprs = {}, [], collections.Counter(), collections.Counter(), []
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"^\s*([0-9.]+)ms\s+(\S+?):(\d+):(\d+)\s+(.*)$", line)
    if m:
        ms, path = float(m.group(1)), m.group(2)
        key = (path, m.group(3), m.group(4), m.group(5))
        seen[key] = max(ms, seen.get(key, 0.0))
    elif "expression took" in line and "to type-check" in line and line.lstrip().startswith("/"):
        if line.strip() not in long_exprs:
            long_exprs.append(line.strip())
for (path, row, col, what), ms in seen.items():
    bodies.append((ms, path.split("/")[-1] + ":" + row, what.strip()[:70]))
    per_file[path.split("/")[-1]] += ms
    parts = path.split("/")
    module = parts[parts.index("Sources") + 1] if "Sources" in parts else (parts[-2] if len(parts) > 1 else "?")
    per_module[module] += ms
top = int(sys.argv[2])
print(f"function bodies type-checked: {len(bodies)}, {sum(b[0] for b in bodies) / 1000:.1f} s in total")
print("| ms | where | body |")
print("|---|---|---|")
for ms, where, what in sorted(bodies, reverse=True)[:top]:
    print(f"| {ms:.1f} | {where} | `{what}` |")
print()
print("| module (or generated-code folder) | body type-checking s |")
print("|---|---|")
for name, ms in per_module.most_common(12):
    print(f"| {name} | {ms / 1000:.2f} |")
print()
print("| file | body type-checking s |")
print("|---|---|")
for name, ms in per_file.most_common(10):
    print(f"| {name} | {ms / 1000:.2f} |")
print()
print(f"expressions over 100 ms to type-check: {len(long_exprs)}")
for e in long_exprs[:10]:
    print("  " + e)
PY
