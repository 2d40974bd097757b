#!/usr/bin/env bash
# End-to-end test of spec-mock with real clients: the official Anthropic Python SDK (installed from PyPI into a
# venv under .build, never vendored) against the built server on the embedded Messages spec.
# Usage: Scripts/mock-e2e.sh   (after `swift build`; builds spec-mock if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."

bin="$(swift build --show-bin-path)"
[ -x "$bin/spec-mock" ] || swift build --product spec-mock
venv=.build/mock-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    # The SDK version the spec was last compared with (Scripts/sdk-drift.sh).
    "$venv/bin/pip" install --quiet --disable-pip-version-check "anthropic==2.15.0"
fi
"$venv/bin/python" -c 'import anthropic; print("anthropic", anthropic.__version__)'

log=$(mktemp)
"$bin/spec-mock" --port 0 --quiet > "$log.out" 2> "$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log" "$log.out"' EXIT
for _ in $(seq 1 100); do
    grep -q "listening on" "$log.out" 2>/dev/null && break
    sleep 0.1
done
url=$(sed -n 's/^spec-mock listening on //p' "$log.out")
[ -n "$url" ] || { echo "spec-mock did not start:"; cat "$log"; exit 1; }
echo "spec-mock at $url"

status=0
SPEC_MOCK_URL="$url" "$venv/bin/python" Tests/MockServer/sdk_e2e.py || status=$?
if grep -q "^  response" "$log"; then
    echo "spec-mock sent responses its own spec rejects:"
    grep -B1 "^  response" "$log" | head -40
    status=1
fi
kill -0 $pid 2>/dev/null || { echo "spec-mock exited during the run:"; cat "$log"; status=1; }
exit $status
