#!/usr/bin/env bash
# Builds the consumer package (which applies SpecGeneratorPlugin to its own notes.yaml) and runs it against a
# loopback server. Exits non-zero when the build or any check fails. Usage: Tests/ConsumerPackage/run.sh
set -euo pipefail
cd "$(dirname "$0")"
swift build --scratch-path .build "$@"
.build/debug/Consumer
