#!/usr/bin/env bash
# spec-lint throughput and memory against JSON Schema validators and parse-only baselines.
#
#   Benchmarks/lint/run.sh
#
# 1. builds spec-lint in release (scratch path .build-bench) and a Swift JSONSerialization
#    parse baseline (swiftc -O);
# 2. generates the corpus under Benchmarks/.corpus (fixed seed; skipped when up to date);
# 3. installs check-jsonschema and jsonschema-rs into Benchmarks/.venv when missing;
# 4. exports `spec-lint schema` to Benchmarks/.corpus/schema.json;
# 5. runs every tool over the three corpora (bench.py) and prints the table, the targets and
#    the verdict counts;
# 6. measures start-up on one small file against the floor of a Swift tool (startup.sh).
#
# Environment: BENCH_RUNS (default 3), BENCH_ONLY (tool keys, comma-separated),
# BENCH_SMALL / BENCH_LARGE / BENCH_DENSE (corpus sizes, default 10000 / 4 / 4), BENCH_STARTUP_RUNS
# (default 40), BENCH_STRICT=1 (exit 1 when a
# target is missed), BENCH_BASELINE_LINT (a spec-lint binary built from another commit: adds
# before/after rows measured in the same run). Needs python3 (3.9+) with venv, and xargs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="$root/Benchmarks/.corpus"
venv="$root/Benchmarks/.venv"
scratch="$root/.build-bench"
cd "$root"

echo "== build (release)"
mkdir -p "$scratch"
if ! swift build -c release --product spec-lint --scratch-path "$scratch" > "$scratch/bench-build.log" 2>&1; then
    tail -n 30 "$scratch/bench-build.log"
    echo "run.sh: the release build failed (log: $scratch/bench-build.log)" >&2
    exit 2
fi
tail -n 1 "$scratch/bench-build.log"
spec_lint="$(swift build -c release --product spec-lint --scratch-path "$scratch" --show-bin-path)/spec-lint"
baseline="$scratch/lint-bench/json-serialization"
if [[ ! -x "$baseline" || "$here/parse-baseline/main.swift" -nt "$baseline" ]]; then
    mkdir -p "$(dirname "$baseline")"
    swiftc -O "$here/parse-baseline/main.swift" -o "$baseline"
fi

echo "== corpus"
python3 "$here/gen_corpus.py" "$corpus" --small "${BENCH_SMALL:-10000}" --large "${BENCH_LARGE:-4}" \
    --dense "${BENCH_DENSE:-4}"

echo "== tools"
if ! "$venv/bin/python" -c "import jsonschema_rs" 2>/dev/null || [[ ! -x "$venv/bin/check-jsonschema" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema jsonschema-rs
fi
echo "check-jsonschema $("$venv/bin/check-jsonschema" --version | awk '{print $NF}'), jsonschema-rs $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("jsonschema-rs"))'), $("$venv/bin/python" --version)"

echo "== schema"
"$spec_lint" schema > "$corpus/schema.json" 2> "$corpus/schema.notes"
echo "$corpus/schema.json ($(wc -c < "$corpus/schema.json") bytes); $(head -n 1 "$corpus/schema.notes" | sed 's/^spec-lint: //')"

echo "== run"
python3 "$here/bench.py" --corpus "$corpus" --spec-lint "$spec_lint" --python "$venv/bin/python" \
    --check-jsonschema "$venv/bin/check-jsonschema" --json-serialization "$baseline"

echo
echo "== start-up"
"$here/startup.sh" "${BENCH_STARTUP_RUNS:-40}"
