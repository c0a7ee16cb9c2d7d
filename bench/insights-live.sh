#!/usr/bin/env bash
# peng insights jira --url on 100,000 tickets read from a local Jira (Tests/PythonChecks/jira_server.py: Data Center
# paging by startAt, and Cloud paging by nextPageToken, pages of at most 100 as Jira answers with fields asked for),
# beside a peer in the same run: a Python script paging the same search with urllib and pivoting closed tickets per
# sprint, as a team's own script would. Release build; the median of 3 runs, wall time and peak memory (max RSS).
# Usage: bench/insights-live.sh [TICKETS]
set -euo pipefail
cd "$(dirname "$0")/.."
tickets="${1:-100000}"
swift build -c release --product peng >&2
swift build -c release --product peng-insights-sample >&2
bin="$(swift build -c release --show-bin-path)"
python="$(scripts/testenv paths | sed -n 's/^PENG_PYTHON=//p')"
work="$(mktemp -d)"
servers=()
trap 'for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
source bench/measure.sh

"$bin/peng-insights-sample" "$tickets" "$work/sample" >/dev/null
printf 'jira-bench-token' > "$work/token"

cat > "$work/peer.py" <<'PY'
import collections, json, sys, urllib.parse, urllib.request
base, token = sys.argv[1], open(sys.argv[2]).read().strip()
closed = collections.Counter(); start = 0
while True:
    query = urllib.parse.urlencode({"jql": "project = PLAT", "fields": "status,labels,customfield_10020", "startAt": start, "maxResults": 100})
    request = urllib.request.Request(f"{base}/rest/api/2/search?{query}", headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    page = json.load(urllib.request.urlopen(request))
    for issue in page["issues"]:
        fields = issue["fields"]
        if fields["status"]["statusCategory"]["key"] != "done": continue
        sprints = fields.get("customfield_10020") or []
        if sprints: closed[str(sprints[-1])[:40]] += 1
    start += len(page["issues"])
    if not page["issues"] or start >= page["total"]: break
print(len(closed), sum(closed.values()))
PY

start_server() {  # FLAVOR: starts jira_server.py, sets $port
    "$python" Tests/PythonChecks/jira_server.py "$work/requests-$1.jsonl" "$work/sample/rest" --flavor "$1" --bearer jira-bench-token \
        > "$work/port-$1" 2>"$work/server-$1.err" &
    servers+=($!)
    until [ -s "$work/port-$1" ]; do sleep 0.2; done
    port="$(cat "$work/port-$1")"
}

measure_width=56
printf '%-56s %8s %10s\n' "step ($tickets tickets)" "wall" "peak RSS"
start_server datacenter
measure "peng insights jira --url (Data Center, startAt)" "$bin/peng" insights jira --url "http://127.0.0.1:$port" --jql "project = PLAT" \
    --token-file "$work/token" --config "$work/sample/insights.yaml" -o json
measure "peer: python3 urllib paging + pivot (Data Center)" "$python" "$work/peer.py" "http://127.0.0.1:$port" "$work/token"
measure "peng insights jira on the same pages saved (offline)" "$bin/peng" insights jira "$work/sample/rest/"*.json --config "$work/sample/insights.yaml" -o json
start_server cloud
measure "peng insights jira --url (Cloud, nextPageToken)" "$bin/peng" insights jira --url "http://127.0.0.1:$port" --jql "project = PLAT" \
    --token-file "$work/token" --config "$work/sample/insights.yaml" -o json
