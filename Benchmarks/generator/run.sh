#!/usr/bin/env bash
# Generator benchmark: how long spec-gen takes on Spec/messages.yaml, and proof that a second build
# with the spec unchanged runs no generation (the consumer package in Tests/ConsumerPackage).
#   Benchmarks/generator/run.sh            (RUNS=N to change the number of timed runs, default 15)
# Figures are printed next to baselines measured in the same run (the machine is shared and noisy):
# process start-up (`spec-gen --help`) and loading the spec alone (`spec-lint check-spec`).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
runs=${RUNS:-15}
scratch=.build-bench

echo "== build (release)" >&2
swift build -c release --scratch-path "$scratch" --product spec-gen >&2
swift build -c release --scratch-path "$scratch" --product spec-lint >&2
bin="$scratch/release"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Best and median wall time in milliseconds of a command, over $runs runs.
measure() {
    python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(f"{times[0]:.1f} {times[len(times)//2]:.1f}")
PY
}

read -r start_best start_median < <(measure "$bin/spec-gen" --help)
read -r load_best load_median < <(measure "$bin/spec-lint" check-spec Spec/messages.yaml)
"$bin/spec-gen" generate --spec Spec/messages.yaml --output "$out" >/dev/null
read -r gen_best gen_median < <(measure "$bin/spec-gen" generate --spec Spec/messages.yaml --output "$out")
lines=$(cat "$out"/*.swift | wc -l)

echo
echo "Generation of Spec/messages.yaml ($lines lines of Swift), $runs runs, wall time:"
printf '  %-46s %8s %8s %8s\n' "command" "best ms" "median" "vs load"
printf '  %-46s %8s %8s %8s\n' "spec-gen --help (process start-up)" "$start_best" "$start_median" "$(python3 -c "print(f'{$start_best/$load_best:.2f}x')")"
printf '  %-46s %8s %8s %8s\n' "spec-lint check-spec (start-up + load spec)" "$load_best" "$load_median" "1.00x"
printf '  %-46s %8s %8s %8s\n' "spec-gen generate (start-up + load + generate)" "$gen_best" "$gen_median" "$(python3 -c "print(f'{$gen_best/$load_best:.2f}x')")"
verdict=$(python3 -c "print('PASS' if $gen_best < 100 else 'FAIL')")
echo "  target: whole spec-gen run < 100 ms: $verdict ($gen_best ms best)"

echo
echo "== incremental builds of Tests/ConsumerPackage (its spec: Sources/Consumer/notes.yaml)"
consumer=Tests/ConsumerPackage
spec="$consumer/Sources/Consumer/notes.yaml"
cp "$spec" "$out/notes.yaml.orig"
restore() { cp "$out/notes.yaml.orig" "$spec"; }
trap 'restore; rm -rf "$out"' EXIT
count_generation() { grep -c "Generating Swift code from" || true; }
(cd "$consumer" && swift build --scratch-path .build >/dev/null 2>&1)
second=$(cd "$consumer" && swift build --scratch-path .build 2>&1 | count_generation)
echo "  second build, spec unchanged:        $second generator runs (expected 0)"
printf '\n# A comment: the spec bytes change, the generated code does not.\n' >> "$spec"
third=$(cd "$consumer" && swift build --scratch-path .build 2>&1 | count_generation)
fourth=$(cd "$consumer" && swift build --scratch-path .build 2>&1 | count_generation)
echo "  after editing the spec:              $third generator runs (expected 1), then $fourth (expected 0)"
restore
(cd "$consumer" && swift build --scratch-path .build >/dev/null 2>&1)
[ "$second" = 0 ] && [ "$third" = 1 ] && [ "$fourth" = 0 ] && echo "  incremental builds: PASS" || echo "  incremental builds: FAIL"
