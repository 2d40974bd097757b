#!/usr/bin/env bash
# Builds the consumer package (which applies SpecGeneratorPlugin to its own notes.yaml) and runs it against a
# loopback server. Exits non-zero when the build or any check fails. Usage: Tests/ConsumerPackage/run.sh
set -euo pipefail
cd "$(dirname "$0")"
# A build that fails is a failure; one where swift-build itself dies by a signal (a toolchain crash,
# seen once in libdispatch on a clean CI run) is retried once, and says so.
status=0
swift build --scratch-path .build "$@" || status=$?
if (( status >= 128 )); then
    echo "run.sh: swift build died with status $status (a signal); building once more" >&2
    swift build --scratch-path .build "$@"
elif (( status != 0 )); then
    exit "$status"
fi
.build/debug/Consumer
