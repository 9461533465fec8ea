#!/usr/bin/env bash
# Runs the benchmarks: generates the fixture (deterministic), then package-benchmark's table,
# the MB/s summary, and the language server driven over real pipes (scripts/lsp_bench.py on the
# release `toolwright` binary). Release builds only.
# Usage: Benchmarks/run.sh [--summary-only | --lsp-only]
set -euo pipefail
cd "$(dirname "$0")"
../scripts/deps python3
python3 scripts/gen_tools.py Fixtures/generated/tools-5mb.tools.json
if [ "${1:-}" != "--lsp-only" ]; then
    if [ "${1:-}" != "--summary-only" ]; then
        swift package --disable-sandbox benchmark --no-progress
    fi
    swift run -c release bench-summary
fi
if [ "${1:-}" != "--summary-only" ]; then
    (cd .. && swift build -c release --product toolwright)
    python3 scripts/lsp_bench.py --binary ../.build/release/toolwright
fi
