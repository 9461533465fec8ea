#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (with AddressSanitizer) and runs each for SECONDS.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default 60 s, all targets)
#   FUZZ_PARALLEL=1 scripts/fuzz.sh 300       run the targets at the same time
#   FUZZ_NO_BUILD=1 scripts/fuzz.sh           reuse the last build
#   FUZZ_TIMEOUT=600 scripts/fuzz.sh 3600     per-input timeout (default 25 s; raise it on a
#                                             loaded machine, where a niced fuzzer can starve)
#   FUZZ_MAX_LEN=2048 scripts/fuzz.sh 3600    cap input size (default: the largest seed); small
#                                             inputs run several times faster
#
# New coverage-increasing inputs go to Fuzz/work/<target>/ (not committed); the committed
# seeds in Fuzz/corpus/<target>/ are only read. Crashes land in Fuzz/crashes/<target>/; make a
# regression test from each one. Exit status is non-zero when any target crashed.
set -euo pipefail
# The Swift runtime backtracer reads the crashed stack in a way ASan reports as an overflow,
# burying the real failure; libFuzzer prints its own stack trace.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
# Recording a 30-frame stack for every allocation was ~10% of the JSON target's time; two
# frames still name the allocating function. Reproduce a crash with the default to see more.
export ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=2}"

seconds="${1:-60}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/Fuzz"
all=(fuzz-json fuzz-yaml fuzz-lsp fuzz-pointer fuzz-tokenizer)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

# Release only: a debug build (no whole-module compilation) emits the @_cdecl entry point in
# two object files and fails to link.
flags=(-c release -Xswiftc -sanitize=fuzzer,address)
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    (cd "$fuzz" && swift build "${flags[@]}") >&2
fi
bin="$(cd "$fuzz" && swift build "${flags[@]}" --show-bin-path)"

run_one() {
    local target="$1" name="${1#fuzz-}"
    mkdir -p "$fuzz/work/$name" "$fuzz/crashes/$name" "$fuzz/logs"
    local log="$fuzz/logs/$name.log"
    set +e
    "$bin/$target" "$fuzz/work/$name" "$fuzz/corpus/$name" \
        ${FUZZ_MAX_LEN:+-max_len="$FUZZ_MAX_LEN"} -max_total_time="$seconds" -rss_limit_mb=4096 -timeout="${FUZZ_TIMEOUT:-25}" -print_final_stats=1 \
        -artifact_prefix="$fuzz/crashes/$name/" >"$log" 2>&1
    echo $? >"$log.rc"
    set -e
}

if [ -n "${FUZZ_PARALLEL:-}" ]; then
    for t in "${targets[@]}"; do run_one "$t" & done
    wait
else
    for t in "${targets[@]}"; do run_one "$t"; done
fi

status=0
printf '%-16s %14s %10s %8s %8s  %s\n' target executions exec/s cov ft result
for t in "${targets[@]}"; do
    name="${t#fuzz-}"
    log="$fuzz/logs/$name.log"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    rc=$(cat "$log.rc")
    # slow-unit-* files are reports, not failures.
    crashes=$(find "$fuzz/crashes/$name" -type f ! -name 'slow-unit-*' | wc -l)
    if [ "$rc" = 0 ] && [ "$crashes" = 0 ]; then
        result=ok
    else
        result="FAILED (exit $rc, $crashes artifact(s), see $log)"
        status=1
    fi
    printf '%-16s %14s %10s %8s %8s  %s\n' "$name" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
exit $status
