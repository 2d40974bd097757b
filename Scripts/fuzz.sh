#!/usr/bin/env bash
# Build one libFuzzer target with AddressSanitizer and run it for N seconds.
#   Scripts/fuzz.sh TARGET SECONDS [extra libFuzzer flags]
# TARGET: json (spec-lint path), spec (spec loader), sse (SSE decoder), gen (generator).
# The targets live in their own package, Fuzz/Package.swift (a path dependency on this one), built in
# .build-fuzz, so a plain `swift build` of this package compiles none of them.
# Leak detection is off: LeakSanitizer cannot follow Swift's packed enum payload pointers and
# reports objects held by globals as leaked. -detect_leaks=0 only stops libFuzzer's per-input
# check; ASAN_OPTIONS=detect_leaks=0 also stops the check at exit, which otherwise turns every
# clean run into a "crash" on the empty input. Memory growth is bounded by -rss_limit_mb instead.
# Corpus grows in fuzz-corpus/TARGET (git-ignored); crashes land in fuzz-crashes/TARGET.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Scripts/fuzz.sh json|spec|sse|gen SECONDS}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : $# ))
case "$target" in
    json) product=FuzzJSONLint; seeds=(Tests/Fixtures/requests) ;;
    spec) product=FuzzSpecLoader; seeds=(Spec Tests/GeneratorTests/Resources Tests/Fixtures/specs) ;;
    sse) product=FuzzSSE; seeds=(Tests/AnthropicMessagesTests/Resources/streams Tests/AnthropicMessagesTests/Resources/unknown) ;;
    gen) product=FuzzGenerator; seeds=(Spec Tests/GeneratorTests/Resources Tests/Fixtures/specs) ;;
    *) echo "unknown target '$target'; use json, spec, sse or gen" >&2; exit 2 ;;
esac
for s in "${seeds[@]}"; do
    [ -d "$s" ] || { echo "fuzz.sh: seed folder '$s' is missing; fix the seeds list of '$target' in this script" >&2; exit 2; }
done

swift build --package-path Fuzz --scratch-path .build-fuzz -c release --product "$product" \
    --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address >&2
corpus="fuzz-corpus/$target"; crashes="fuzz-crashes/$target/"
mkdir -p "$corpus" "$crashes"
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" SWIFT_BACKTRACE=enable=no ".build-fuzz/release/$product" \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -detect_leaks=0 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes" -print_final_stats=1 "$@" "$corpus" "${seeds[@]}"
