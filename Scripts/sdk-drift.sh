#!/usr/bin/env bash
# Compare Spec/messages.yaml with the GA types of the Python SDK, in a throw-away venv.
#   Scripts/sdk-drift.sh [VERSION] [sdk-drift.py options...]     (VERSION defaults to 2.15.0)
# Exit status: that of Scripts/sdk-drift.py (0: only explained differences, 1: others).
set -euo pipefail

version="2.15.0"
if [[ $# -gt 0 && "$1" != -* ]]; then version="$1"; shift; fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/sdk-drift.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check "anthropic==$version" pyyaml
# Run from the temp dir so that nothing in the repository shadows a module.
cd "$tmp"
"$tmp/venv/bin/python" "$here/sdk-drift.py" --spec "$here/../Spec/messages.yaml" "$@"
