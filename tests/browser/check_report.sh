#!/usr/bin/env bash
# Render report.html in headless Chromium as a reader would see it: take a PNG screenshot,
# fail on any console error, and fail if any chart's SVG has an empty bounding box.
# Usage: tests/browser/check_report.sh [OUT_DIR]   (default: a fresh run into a temp folder)
set -euo pipefail
cd "$(dirname "$0")/../.."
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    if [ -n "${REQUIRE_CHROMIUM:-}" ]; then
        echo "FAIL: chromium was installed but is not on PATH"; exit 1
    fi
    echo "SKIPPED: chromium is not installed (apt-get install chromium)"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${1:-}
if [ -z "$out" ]; then
    out=$work/out
    cargo run --release --quiet -- run -q --out "$out"
fi
report=$(cd "$out" && pwd)/report.html
[ -f "$report" ] || { echo "FAIL: $report missing"; exit 1; }

# The probe page loads the report in an iframe (same folder, file://) and writes what it
# measures into its own DOM, which --dump-dom prints.
cp "$report" "$work/report.html"
cat > "$work/probe.html" <<'HTML'
<!DOCTYPE html><html><body>
<iframe id="r" src="report.html" style="width:1200px;height:4000px"></iframe>
<pre id="result">pending</pre>
<script>
document.getElementById('r').addEventListener('load', () => {
  const doc = document.getElementById('r').contentDocument;
  const lines = [];
  const svgs = doc.querySelectorAll('svg.chart');
  lines.push('charts ' + svgs.length);
  svgs.forEach((svg, i) => {
    const box = svg.getBBox();
    const title = (svg.querySelector('title') || {}).textContent || '';
    const hasLegend = svg.querySelector('.legend') !== null;
    const hasAxis = svg.querySelector('.axis-label') !== null;
    lines.push(`svg ${i} ${box.width.toFixed(0)}x${box.height.toFixed(0)} legend=${hasLegend} axis=${hasAxis} title=${title}`);
  });
  const cjk = doc.fonts ? [...doc.fonts].length : -1;
  lines.push('done');
  document.getElementById('result').textContent = lines.join('\n');
});
</script></body></html>
HTML

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$work/profile" --allow-file-access-from-files)
"$chromium" "${flags[@]}" --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
    --dump-dom "file://$work/probe.html" > "$work/dom.html" 2> "$work/console.log" || true
"$chromium" "${flags[@]}" --hide-scrollbars --window-size=1200,3200 --virtual-time-budget=3000 \
    --screenshot="$out/report.png" "file://$report" 2>/dev/null || true

status=0
if grep -E "CONSOLE|Uncaught" "$work/console.log" | grep -v "probe.html" >/dev/null; then
    echo "FAIL: console messages from the report:"; grep -E "CONSOLE|Uncaught" "$work/console.log"; status=1
fi
result=$(sed -n '/<pre id="result">/,/<\/pre>/p' "$work/dom.html")
echo "$result" | sed 's/<[^>]*>//g'
echo "$result" | grep -q "done" || { echo "FAIL: the probe did not finish"; status=1; }
charts=$(echo "$result" | sed -n 's/.*charts \([0-9]*\).*/\1/p')
[ "${charts:-0}" -ge 3 ] || { echo "FAIL: expected at least 3 charts, found ${charts:-0}"; status=1; }
if echo "$result" | grep -E "^svg [0-9]+ (0x|[0-9]+x0 )" >/dev/null; then
    echo "FAIL: a chart has an empty bounding box"; status=1
fi
if echo "$result" | grep -E "legend=false|axis=false" >/dev/null; then
    echo "FAIL: a chart lacks a legend or an axis label"; status=1
fi
[ -s "$out/report.png" ] || { echo "FAIL: no screenshot"; status=1; }
[ $status -eq 0 ] && echo "PASS: report renders; screenshot at $out/report.png"
exit $status
