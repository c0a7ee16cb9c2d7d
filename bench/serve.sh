#!/usr/bin/env bash
# peng serve under load: `wrk` at about 500 requests/s on GET /api/v1/fleet for SECONDS while a reconcile applies a
# commit to the example fleet (two local Supervisors, peng-simulator with a 1 s provisioning delay), beside the peer
# the management cluster itself is: kube-apiserver serving the history ConfigMap at the same rate and concurrency.
# Then the failover time: the leader is killed with SIGKILL and a commit pushed, measured until the other replica
# leads and until it applies the commit. Release builds. Usage: bench/serve.sh [SECONDS]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-30}"
source bench/serve-common.sh
command -v wrk >/dev/null || { echo "bench: wrk is missing; run scripts/testenv install" >&2; exit 1; }

port="$(start_serve a 2s)"  # a pass (fetch, plan of every cluster) every 2 s: reconciles run throughout the load
wait_applied "$port" "$(git -C "$fleet" rev-parse HEAD)"

# Load while a reconcile runs: a commit, a sync, and wrk at once.
sha="$(commit_quota 410)"
api "$port" /api/v1/fleet >/dev/null
curl -sf -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/sync" >/dev/null
load_start=$(date +%s)
PENG_TOKEN="$token" wrk -t2 -c10 -d"${duration}s" --latency -s bench/wrk-bearer.lua "http://127.0.0.1:$port/api/v1/fleet" >"$work/wrk-peng.txt"
load_end=$(date +%s)
wait_applied "$port" "$sha"
applied_start=$(record_field "$port" "$sha" started); applied_end=$(record_field "$port" "$sha" finished)
passes=$(api "$port" /metrics | awk '/^peng_reconcile_total/ {n += $2} END {print n}')

apiserver="$(grep -m1 'server:' "$work/planes/plane-1/kubeconfig" | awk '{print $2}')"
PENG_TOKEN="$token" wrk -t2 -c10 -d"${duration}s" --latency -s bench/wrk-bearer.lua \
    "$apiserver/api/v1/namespaces/peng-system/configmaps/peng-history" >"$work/wrk-apiserver.txt"

summary() { python3 bench/wrk_summary.py "$1"; }  # FILE: requests/s, p50, p99, errors
echo "GET under load for ${duration} s (10 connections, 18 ms pause each):"
echo "  peng serve  /api/v1/fleet              $(summary "$work/wrk-peng.txt")"
echo "  peer: kube-apiserver GET the ConfigMap  $(summary "$work/wrk-apiserver.txt")"
echo "  meanwhile: $passes reconcile passes so far (one every 2 s: fetch, plan of every cluster); commit $(echo "$sha" | cut -c1-12) applied $((applied_start - load_start))-$((applied_end - load_start)) s into the load"

# Failover: a second replica; the leader is killed, then a commit is pushed that only the other can apply.
port_b="$(start_serve b)"
api "$port_b" /api/v1/fleet >/dev/null
kill -9 "$(cat "$work/serve-a.pid")"
killed=$(date +%s.%N)
sha="$(commit_quota 420)"
curl -sf -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$port_b/api/v1/sync" >/dev/null
leading=""
for _ in $(seq 1 6000); do
    if [ -z "$leading" ] && api "$port_b" /api/v1/fleet | python3 -c "import json,sys; sys.exit(0 if json.load(sys.stdin)['leader'] else 1)"; then
        leading=$(date +%s.%N)
    fi
    [ -n "$(record_field "$port_b" "$sha" outcome 2>/dev/null)" ] && break
    sleep 0.05
done
applying=$(date +%s.%N)
[ -n "$leading" ] || leading=$applying  # it led and began applying within one poll
wait_applied "$port_b" "$sha"
echo "failover: leader killed -> other replica leading $(python3 -c "print(round($leading - $killed, 1))") s, applying $(python3 -c "print(round($applying - $killed, 1))") s (lease 15 s, retry 2 s)"
kill "$(cat "$work/serve-b.pid")" 2>/dev/null || true
