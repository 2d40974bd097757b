#!/usr/bin/env bash
# Start-up of spec-lint on one small valid file, whole process, against the floor a Swift tool can reach (read the
# file, decode it with FoundationEssentials' JSONDecoder into a typed request model: startup-floor/main.swift)
# and /bin/true. Interleaved runs; prints the median wall time of each, ratios to the floor, and peak RSS
# (GNU time, /usr/bin/time).
#
#   Benchmarks/lint/startup.sh [runs]        (default 40)
#
# Environment: BENCH_BASELINE_LINT (a spec-lint binary built from another commit: adds a row).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
scratch="$root/.build-bench"
runs="${1:-40}"
file="$root/Examples/request.json"
cd "$root"

mkdir -p "$scratch"
swift build -c release --product spec-lint --scratch-path "$scratch" > "$scratch/startup-build.log" 2>&1 \
    || { tail -n 30 "$scratch/startup-build.log"; exit 1; }
lint="$scratch/release/spec-lint"
floor="$scratch/startup-floor"
swiftc -O "$here/startup-floor/main.swift" -o "$floor" 2>> "$scratch/startup-build.log"
"$floor" "$file" || { echo "startup.sh: the floor program does not decode $file" >&2; exit 1; }
"$lint" "$file" > /dev/null || { echo "startup.sh: spec-lint does not accept $file" >&2; exit 1; }

names=("/bin/true" "floor (JSONDecoder)" "spec-lint")
commands=("/bin/true" "$floor $file" "$lint $file")
if [ -n "${BENCH_BASELINE_LINT:-}" ]; then
    names+=("spec-lint (baseline)")
    commands+=("$BENCH_BASELINE_LINT $file")
fi

python3 - "$runs" "${#names[@]}" "${names[@]}" "${commands[@]}" <<'PY'
import statistics, subprocess, sys, time
runs, n = int(sys.argv[1]), int(sys.argv[2])
names, commands = sys.argv[3:3 + n], sys.argv[3 + n:3 + 2 * n]
times = {name: [] for name in names}
rss = {}
for _ in range(runs):
    for name, command in zip(names, commands):
        start = time.perf_counter()
        subprocess.run(command.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[name].append(time.perf_counter() - start)
for name, command in zip(names, commands):
    # Peak RSS from GNU time (a Python child's own figure would include the interpreter it forked from).
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command.split(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    rss[name] = int(result.stderr.strip().splitlines()[-1]) / 1024
with open("/proc/loadavg") as f:
    load = " ".join(f.read().split()[:3])
print(f"start-up, one small valid file, median of {runs} interleaved whole-process runs (load average {load})")
floor = statistics.median(times["floor (JSONDecoder)"])
print(f"{'tool':24} {'median ms':>10} {'x floor':>8} {'peak RSS MB':>12}")
for name in names:
    m = statistics.median(times[name])
    print(f"{name:24} {m * 1000:10.1f} {m / floor:8.2f} {rss[name]:12.1f}")
PY
