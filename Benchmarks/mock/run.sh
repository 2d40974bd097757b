#!/usr/bin/env bash
# Load check of spec-mock (release build): concurrent clients on loopback, throughput and latency printed.
# Usage: Benchmarks/mock/run.sh [clients] [requests-per-client]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product spec-mock
bin="$(swift build -c release --show-bin-path)"
out=$(mktemp)
"$bin/spec-mock" --port 0 --quiet > "$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do grep -q listening "$out" && break; sleep 0.1; done
url=$(sed -n 's/^spec-mock listening on //p' "$out")
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 Benchmarks/mock/load.py "$url" "${1:-8}" "${2:-100}"
