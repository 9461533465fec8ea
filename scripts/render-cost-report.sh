#!/usr/bin/env bash
# Renders the cost-preview HTML report of every example workflow to a PNG with headless
# Chromium, so a person can look at the chart (axes, legend, both modes).
#   scripts/render-cost-report.sh [OUTPUT_DIR]     (default: .build/cost-reports)
# Needs Debian's `chromium` (apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build/cost-reports}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "render-cost-report: chromium is not installed (apt-get install -y chromium)" >&2
  exit 1
fi
TOOLWRIGHT_COST_REPORT_DIR="$out" swift test --filter 'ReportTests/writesExampleReportsWhenAsked' >/dev/null
shopt -s nullglob
reports=("$out"/*.html)
if [ ${#reports[@]} -eq 0 ]; then
  echo "render-cost-report: no HTML report was written to $out" >&2
  exit 1
fi
for html in "${reports[@]}"; do
  png="${html%.html}.png"
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$png" \
    --window-size=1200,800 "file://$html" >/dev/null 2>&1
  [ -s "$png" ] || { echo "render-cost-report: no screenshot for $html" >&2; exit 1; }
  echo "$png"
done
