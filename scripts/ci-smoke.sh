#!/usr/bin/env bash
# CI smoke of the reliability tooling, so the fuzz targets and the sanitizer builds do not rot:
# builds the libFuzzer targets and runs each for a short while, then runs a small set of the
# concurrency-heavy tests under a sanitizer. Prints what it ran and how long each step took.
#
#   scripts/ci-smoke.sh                     defaults below
#   SMOKE_FUZZ_SECONDS=25                   seconds per fuzz target
#   SMOKE_SANITIZER=thread|address|none     the sanitizer for the test pass
#   SMOKE_FILTER='JSONRPCTests|…'           the tests it runs
#
# Fails when a fuzz target crashes or breaks an invariant, or a test fails or a sanitizer
# reports. Long runs are scripts/fuzz.sh and scripts/sanitize.sh (docs/RELIABILITY.md).
set -euo pipefail
cd "$(dirname "$0")/.."

fuzz_seconds="${SMOKE_FUZZ_SECONDS:-25}"
sanitizer="${SMOKE_SANITIZER:-thread}"
filter="${SMOKE_FILTER:-JSONRPCTests|CancellationTests|SyncTests|LifecycleTests}"

started=$(date +%s)
step_started=$started
step() {
    local now
    now=$(date +%s)
    echo "== ci-smoke: $1 took $((now - step_started)) s" >&2
    step_started=$now
}

echo "== ci-smoke: fuzz targets, ${fuzz_seconds} s each (scripts/fuzz.sh $fuzz_seconds)" >&2
# In CI, Fuzz/work is empty: the runs start from the committed seeds. Locally the corpus found
# so far is reused, and an unresolved crash in Fuzz/crashes fails the smoke as it should.
scripts/fuzz.sh "$fuzz_seconds"
step "fuzzing (build + runs)"

if [ "$sanitizer" != none ]; then
    echo "== ci-smoke: tests under $sanitizer sanitizer, filter: $filter" >&2
    scripts/sanitize.sh "$sanitizer" "$filter"
    step "$sanitizer sanitizer (build + tests)"
fi

echo "== ci-smoke: done in $(($(date +%s) - started)) s" >&2
