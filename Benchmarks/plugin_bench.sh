#!/usr/bin/env bash
# Plugin round trips on a 100-tool MCP file, through the real host path
# (`toolwright plugins check --warm-runs N`: encode the params, one JSON-RPC round trip over
# pipes, read the findings): spawn+initialize and warm `document/analyze` for the Python
# plugin (plugins/house-style) and the Swift plugin (plugins/swift-example), in three
# scenarios (the unchanged document; a new version with one tool edited; a new version with
# every tool changed), over the toolHashes extension and over the plain protocol. Release builds.
# Usage: Benchmarks/plugin_bench.sh [runs]   (default 300 warm runs per plugin)
# BUILD_FLAGS=--static-swift-stdlib Benchmarks/plugin_bench.sh 1000   builds like the README's
# release build (switching between static and dynamic rebuilds everything).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-300}
read -r -a flags <<<"${BUILD_FLAGS:-}"
nice -n 19 swift build -c release "${flags[@]}" --product toolwright >&2
nice -n 19 swift build -c release "${flags[@]}" --product toolwright-swift-example >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/hundred.tools.json" <<'PY'
import json, sys
tools = []
for i in range(100):
    tools.append({
        "name": "tool_%03d" % i,
        "description": "This tool looks up record %d in the inventory service and returns its fields. TODO" % i,
        "inputSchema": {"type": "object", "properties": {
            "id": {"type": "string", "description": "Record id"},
            "fields": {"type": "array", "items": {"type": "string"}, "description": "Fields to return"},
            "verbose": {"type": "boolean"}},
            "required": ["id"]}})
json.dump({"tools": tools}, open(sys.argv[1], "w"), indent=1)
PY
TOOLWRIGHT_SWIFT_EXAMPLE="$PWD/.build/release/toolwright-swift-example" \
    .build/release/toolwright plugins check --no-config --plugin plugins/house-style --plugin plugins/swift-example \
    --warm-runs "$runs" --format json "$work/hundred.tools.json" >"$work/report.json" || true
python3 - "$work/report.json" "$work/hundred.tools.json" <<'PY'
import json, os, sys
report = json.load(open(sys.argv[1]))
size = os.path.getsize(sys.argv[2])
print("plugin round trips, 100-tool file (%d bytes), load average %s, %d cores" % (
    size, " ".join("%.2f" % x for x in os.getloadavg()), os.cpu_count()))
print("%-14s %13s %9s %24s %9s" % ("plugin", "spawn+init ms", "first ms", "host encode cold/warm µs", "findings"))
rows = []
for plugin in report["plugins"]:
    if plugin["id"] not in ("house-style", "swift-example"):
        continue
    h = plugin.get("health") or {}
    warm = h.get("warmAnalyze") or {}
    if not h.get("healthy"):
        print("%-14s FAILED: %s %s" % (plugin["id"], h.get("error"), h.get("stderrTail", "")[-300:]))
        continue
    print("%-14s %13.1f %9.2f %24s %9d" % (
        plugin["id"], h["spawnInitializeMs"], h["analyzeMs"],
        "%.0f / %.0f" % (warm["buildParamsMedianMicros"], warm["encodeParamsMedianMicros"]), h["findings"]))
    rows += [(plugin["id"], s) for s in h.get("warmScenarios", [])]
print()
print("warm document/analyze round trips (encode params, round trip, read findings)")
print("%-14s %-10s %-14s %11s %9s %9s %9s %22s" % (
    "plugin", "protocol", "scenario", "request B", "median µs", "p90 µs", "min µs", "CPU µs/run host+plugin"))
for plugin_id, s in rows:
    print("%-14s %-10s %-14s %11d %9.0f %9.0f %9.0f %22s" % (
        plugin_id, "toolHashes" if s["toolHashes"] else "plain", s["name"], s["requestBytes"], s["medianMicros"],
        s["p90Micros"], s["minMicros"],
        "%.0f + %.0f" % (s["hostCPUMicrosPerRun"] or 0, s["pluginCPUMicrosPerRun"] or 0)))
PY
