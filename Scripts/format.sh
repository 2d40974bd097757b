#!/usr/bin/env bash
# Checks (or, with --fix, rewrites) the formatting of the hand-written Swift sources with swift-format,
# which ships with the toolchain, using .swift-format (Tests/ has its own, see there).
#   Scripts/format.sh          lint --strict: lists every finding, exits non-zero when there is one
#   Scripts/format.sh --fix    format in place, then lint what is left
# Generated code (Sources/AnthropicMessages/Generated, the generator's reference files) starts with
# `// swift-format-ignore-file`: it is spec-gen's output, byte for byte, checked by ReferenceTests.
set -euo pipefail
cd "$(dirname "$0")/.."
files=()
while IFS= read -r -d '' file; do files+=("$file"); done < <(
    git ls-files -z --cached --others --exclude-standard -- '*.swift')
[ "${#files[@]}" -gt 0 ] || { echo "format.sh: no Swift files found" >&2; exit 2; }
if [ "${1:-}" = "--fix" ]; then
    swift format format --in-place --parallel "${files[@]}"
elif [ -n "${1:-}" ]; then
    echo "format.sh: unknown option '$1'; use no option to lint or --fix to format" >&2
    exit 2
fi
swift format lint --strict --parallel "${files[@]}"
echo "format.sh: ${#files[@]} files formatted as .swift-format asks"
