#!/usr/bin/env bash
# peng serve following a fleet of N clusters (default 30), each a real local control plane (etcd + kube-apiserver),
# provisioned through two local Supervisors (peng-simulator, no delay). Once the fleet is applied, serve's passes
# (fetch, status and plan of every cluster: the drift check) are timed from its own metric and set beside
# `peng status` of the whole fleet and of each cluster alone: a pass should cost about the slowest cluster, not the sum. Then resident memory, and the
# dashboard's overview (GET /) and /api/v1/fleet under `wrk` at that size. Release builds.
# Usage: bench/serve-scale.sh [CLUSTERS]
set -euo pipefail
cd "$(dirname "$0")/.."
clusters="${1:-30}"
command -v wrk >/dev/null || { echo "bench: wrk is missing; run scripts/testenv install" >&2; exit 1; }
source bench/supervisors.sh $((clusters + 2))
trap 'rc=$?; kill "$(cat "$work/serve.pid" 2>/dev/null)" 2>/dev/null; scripts/example-world down "$work"; rm -rf "$work"; exit $rc' EXIT

fleet="$work/fleet"
FLEET_SUPERVISORS=2 python3 bench/generate_fleet.py "$fleet" "$clusters" $((clusters * 2))
git -C "$fleet" init -q -b main
git -C "$fleet" -c user.name=bench -c user.email=bench@example.internal add -A
git -C "$fleet" -c user.name=bench -c user.email=bench@example.internal commit -qm "$clusters clusters"
VSPHERE_NAMESPACES="$(cd "$fleet/clusters" && ls | sed 's/\.yaml$//; s/^/ns-/' | tr '\n' ' ')" start_simulator 0
"$KUBECTL" --context supervisor-muenster create namespace peng-system >/dev/null
token="$(cat "$work/planes/plane-1/pki/admin.token")"
api() { curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1"; }

"$peng" serve --repo "$fleet" --interval 10s --listen 127.0.0.1:0 --management-context supervisor-muenster \
    --workdir "$work/serve" --identity scale --log-format json >"$work/serve.out" 2>"$work/serve.log" </dev/null &
echo $! >"$work/serve.pid"
port=""
for _ in $(seq 1 3000); do  # a bound for a hang only
    port="$(grep -Eo '127\.0\.0\.1:[0-9]+' "$work/serve.out" 2>/dev/null | head -1 | cut -d: -f2 || true)"
    [ -n "$port" ] && break
    sleep 0.1
done
head="$(git -C "$fleet" rev-parse HEAD)"
applied_at=""
began=$(date +%s)
for _ in $(seq 1 18000); do  # a bound for a hang only
    outcome="$(api /api/v1/revisions 2>/dev/null | python3 -c "
import json, sys
print(next((r['outcome'] for r in json.load(sys.stdin) if r['commit']['sha'] == '$head'), ''))" || true)"
    [ "$outcome" = applied ] && { applied_at=$(date +%s); break; }
    [ "$outcome" = failed ] && { echo "bench: the first apply failed" >&2; tail -20 "$work/serve.log" >&2; exit 1; }
    sleep 1
done
[ -n "$applied_at" ] || { echo "bench: the fleet was not applied" >&2; exit 1; }
echo "bench: $clusters clusters applied by serve in $((applied_at - began)) s" >&2

# Passes with nothing to do: the histogram's sum and count for result "unchanged", over 2 minutes.
pass_figures() { api /metrics | awk '/^peng_reconcile_duration_seconds_sum/ {s += $2} /^peng_reconcile_duration_seconds_count/ {c += $2} /^peng_reconcile_total\{result="unchanged"\}/ {u = $2} END {print s, c, u}'; }
read -r sum0 count0 unchanged0 <<<"$(pass_figures)"
for _ in $(seq 1 120); do sleep 1; done
read -r sum1 count1 unchanged1 <<<"$(pass_figures)"
pass_mean=$(python3 -c "print(round(($sum1 - $sum0) / max(1, $count1 - $count0), 2))")
passes=$((${count1%.*} - ${count0%.*}))
rss=$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$work/serve.pid")/status")

# The same work from the CLI: `peng status` (what a pass does: every cluster's state and its plan) of the whole fleet,
# and of each cluster alone; `peng validate` is the cost of starting and loading the fleet that each run includes.
timed() {  # COMMAND...: wall seconds; exit 1 is a finding (an unhealthy cluster), not a failure of the run
    local start rc=0
    start=$(date +%s.%N)
    "$@" >"$work/cli.out" 2>"$work/cli.err" || rc=$?
    [ "$rc" -le 1 ] || { cat "$work/cli.out" "$work/cli.err" >&2; return 1; }
    python3 -c "print($(date +%s.%N) - $start)"
}
sum=0; slowest=0
for file in "$fleet"/clusters/*.yaml; do
    seconds=$(timed "$peng" status "$fleet" --cluster "$(basename "$file" .yaml)")
    sum=$(python3 -c "print($sum + $seconds)")
    slowest=$(python3 -c "print(max($slowest, $seconds))")
done
whole=$(timed "$peng" status "$fleet")
health="$(tail -1 "$work/cli.out")"
load=$(timed "$peng" validate "$fleet")
r2() { python3 -c "print(round($1, 2))"; }

summary() { python3 bench/wrk_summary.py "$1"; }  # FILE: requests/s, p50, p99, errors
PENG_TOKEN="$token" wrk -t2 -c10 -d15s --latency -s bench/wrk-bearer.lua "http://127.0.0.1:$port/" >"$work/wrk-overview.txt"
PENG_TOKEN="$token" wrk -t2 -c10 -d15s --latency -s bench/wrk-bearer.lua "http://127.0.0.1:$port/api/v1/fleet" >"$work/wrk-fleet.txt"
# The control: /healthz answers from nothing (no token review, no snapshot); its tail shows what the machine itself
# (2 cores shared with the 30 API servers answering each pass's dry runs) adds to every answer.
wrk -t2 -c10 -d15s --latency "http://127.0.0.1:$port/healthz" >"$work/wrk-healthz.txt"
bytes=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/" | wc -c)

echo "serve following $clusters clusters (each its own kube-apiserver), release build:"
echo "  first apply of the fleet by serve: $((applied_at - began)) s"
echo "  pass with nothing to change (fetch, plan of every cluster): mean $pass_mean s over $passes passes"
echo "  peng status of the whole fleet: $(r2 "$whole") s; of each cluster alone: slowest $(r2 "$slowest") s, sum $(r2 "$sum") s (each run includes $(r2 "$load") s of start and load)"
echo "  peng status says: $health"
echo "  resident memory of serve: $((rss / 1024)) MB"
echo "  GET / (overview, $bytes bytes)      $(summary "$work/wrk-overview.txt")"
echo "  GET /api/v1/fleet                   $(summary "$work/wrk-fleet.txt")"
echo "  GET /healthz (control)              $(summary "$work/wrk-healthz.txt")"
