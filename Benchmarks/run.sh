#!/usr/bin/env bash
# Runs the benchmarks: generates the fixture (deterministic), then package-benchmark's table
# and the MB/s summary. Release builds only. Usage: Benchmarks/run.sh [--summary-only]
set -euo pipefail
cd "$(dirname "$0")"
../scripts/deps python3
python3 scripts/gen_tools.py Fixtures/generated/tools-5mb.tools.json
if [ "${1:-}" != "--summary-only" ]; then
    swift package --disable-sandbox benchmark --no-progress
fi
swift run -c release bench-summary
