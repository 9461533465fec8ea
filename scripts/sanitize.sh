#!/usr/bin/env bash
# Runs the test suite under a sanitizer, each in its own scratch directory so the normal
# .build is not rebuilt.
#
#   scripts/sanitize.sh address [FILTER]    AddressSanitizer  (.build-asan)
#   scripts/sanitize.sh thread  [FILTER]    ThreadSanitizer   (.build-tsan)
#   scripts/sanitize.sh all     [FILTER]    both
#
# FILTER is passed to `swift test --filter` (e.g. LanguageServerTests) to run a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
# The Swift runtime's backtracer reads the crashed stack in a way AddressSanitizer reports as an
# overflow, burying the real report; the sanitizers print their own stack traces.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
# As in scripts/test: a bounded number of tests at a time, so real-time timeouts hold on 2 cores.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-6}"

kind="${1:-all}"
filter=()
[ $# -ge 2 ] && filter=(--filter "$2")

run() {
    local sanitizer="$1" scratch="$2"
    echo "== swift test --sanitize=$sanitizer ${filter[*]:-}" >&2
    # halt_on_error makes the first report fail the run instead of scrolling past. LeakSanitizer
    # is off by default: the Swift runtime keeps metadata caches that it reports as leaks
    # (override with ASAN_OPTIONS=detect_leaks=1).
    # TOOLWRIGHT_SANITIZER tells tests that measure memory (RSS) that the figures include the
    # sanitizer's shadow memory and quarantine.
    TOOLWRIGHT_SANITIZER="$sanitizer" \
        TSAN_OPTIONS="halt_on_error=1 ${TSAN_OPTIONS:-}" ASAN_OPTIONS="detect_leaks=0 ${ASAN_OPTIONS:-}" \
        swift test --sanitize="$sanitizer" --scratch-path "$scratch" "${filter[@]}"
}

case "$kind" in
address) run address .build-asan ;;
thread) run thread .build-tsan ;;
all)
    run address .build-asan
    run thread .build-tsan
    ;;
*)
    echo "usage: $0 address|thread|all [FILTER]" >&2
    exit 2
    ;;
esac
