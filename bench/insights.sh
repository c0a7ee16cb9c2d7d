#!/usr/bin/env bash
# peng insights jira on generated CSV (all fields) exports of 25,000, 100,000 and 200,000 tickets (release build),
# beside a peer in the same run: Python's csv module reading the same file into the same kind of pivot (closed
# tickets per sprint, run vs development), as a spreadsheet script would. Prints wall time and peak memory (max RSS),
# the median of 3 runs, and the file size: memory must follow the tickets, not the file (the last row: the same
# tickets in a file eight times larger).
# Usage: bench/insights.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product peng >&2
swift build -c release --product peng-insights-sample >&2
bin="$(swift build -c release --show-bin-path)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source bench/measure.sh

cat > "$work/pivot.py" <<'PY'
import csv, sys, collections
rows = csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig"))
header = next(rows)
key, category = header.index("Issue key"), header.index("Status Category")
labels = [i for i, name in enumerate(header) if name == "Labels"]
sprints = [i for i, name in enumerate(header) if name == "Sprint"]
closed = collections.Counter(); development = collections.Counter(); bad = 0
for row in rows:
    if len(row) != len(header): bad += 1; continue
    if row[category] != "Done": continue
    names = [row[i] for i in sprints if row[i]]
    if not names: continue
    last = max(names, key=lambda n: int(n.split()[-1]))
    closed[last] += 1
    if "dev" in (row[i] for i in labels): development[last] += 1
print(len(closed), sum(closed.values()), bad)
PY

measure_width=52
printf '%-52s %8s %10s\n' "step" "wall" "peak RSS"
for tickets in 25000 100000 200000; do
    "$bin/peng-insights-sample" "$tickets" "$work/$tickets"
    size=$(du -m "$work/$tickets/jira.csv" | cut -f1)
    echo "# $tickets tickets, CSV $size MB"
    measure "peng insights jira -o json ($tickets)" "$bin/peng" insights jira "$work/$tickets/jira.csv" --config "$work/$tickets/insights.yaml" -o json
    measure "peng insights jira -o html ($tickets)" "$bin/peng" insights jira "$work/$tickets/jira.csv" --config "$work/$tickets/insights.yaml" -o html
    measure "peer: python3 csv pivot ($tickets)" python3 "$work/pivot.py" "$work/$tickets/jira.csv"
    rm -rf "$work/$tickets/rest"
done
# The same 100,000 tickets with a 1,000-byte description in every summary: a file eight times larger, the same tickets.
"$bin/peng-insights-sample" 100000 "$work/long" 42 1000
size=$(du -m "$work/long/jira.csv" | cut -f1)
echo "# 100000 tickets with long summaries, CSV $size MB"
measure "peng insights jira -o json (100000, long summaries)" "$bin/peng" insights jira "$work/long/jira.csv" --config "$work/long/insights.yaml" -o json
measure "peer: python3 csv pivot (100000, long summaries)" python3 "$work/pivot.py" "$work/long/jira.csv"
