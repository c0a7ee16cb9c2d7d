#!/usr/bin/env bash
# peng serve for MINUTES (default 30) on the example fleet: a commit every minute, a reconcile (fetch, drift check)
# every 10 s. At the end: every commit applied? and resident memory (VmRSS) sampled every 10 s: growth from the
# five-minute mark to the end, which must stay under 10 %. Release builds. Usage: bench/soak.sh [MINUTES]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"
source bench/serve-common.sh

port="$(start_serve soak 10s)"
pid="$(cat "$work/serve-soak.pid")"
wait_applied "$port" "$(git -C "$fleet" rev-parse HEAD)"
start=$(date +%s)
commits=()
: >"$work/rss"
next_commit=$start
while [ $(( $(date +%s) - start )) -lt $(( minutes * 60 )) ]; do
    now=$(date +%s)
    if [ "$now" -ge "$next_commit" ]; then
        commits+=("$(commit_quota $(( 401 + ${#commits[@]} )))")
        next_commit=$(( next_commit + 60 ))
    fi
    echo "$(( now - start )) $(awk '/VmRSS/ {print $2}' "/proc/$pid/status")" >>"$work/rss"
    sleep 10
done
# The last commit gets its reconcile.
wait_applied "$port" "${commits[-1]}"
applied=0
history="$(api "$port" /api/v1/revisions)"
for sha in "${commits[@]}"; do
    echo "$history" | python3 -c "import json,sys; sys.exit(0 if any(r['commit']['sha']=='$sha' and r['outcome']=='applied' for r in json.load(sys.stdin)) else 1)" && applied=$((applied + 1))
done
python3 - "$work/rss" "$minutes" "${#commits[@]}" "$applied" <<'PY'
import sys
samples = [tuple(map(int, line.split())) for line in open(sys.argv[1]) if line.strip()]
minutes, commits, applied = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
after5 = [rss for t, rss in samples if t >= 300]
base = after5[0] if after5 else samples[0][1]
end = samples[-1][1]
peak = max(rss for _, rss in samples)
print(f"soak {minutes} min: {applied} of {commits} commits applied")
print(f"resident memory: {samples[0][1] / 1024:.1f} MB at start, {base / 1024:.1f} MB at 5 min, {end / 1024:.1f} MB at the end "
      f"(peak {peak / 1024:.1f} MB); growth after 5 min {100 * (end - base) / base:+.1f} %")
PY
api "$port" /metrics | grep -E '^peng_reconcile_total|^peng_git_fetch_errors_total'
kill "$pid" 2>/dev/null || true
