#!/usr/bin/env bash
# peng serve under the faults a platform team meets over months, compressed into MINUTES (default 30): two replicas
# follow a git remote with the example fleet on two local Supervisors (peng-simulator, 1 s provisioning delay),
# drift corrected (reconcile.drift: correct). Meanwhile:
#   - a commit every 20 s: quota changes; every 15 commits an order added, an invalid commit, its fix, the order removed;
#   - drift injected every 2 min (a team quota changed by hand on a workload cluster);
#   - the frankfurt Supervisor's API server stopped for 60 s and started again;
#   - the git remote unreachable for 2 min (serve's path to it removed; people keep pushing);
#   - the leader killed with SIGKILL every 5 min (and started again, as its Deployment would);
#   - serve's credential for frankfurt revoked for 2 min (a ServiceAccount token whose bound Secret is deleted), then
#     a new token written to its token file, as a mounted Secret is updated.
# bench/serve_faults_observer.py watches from outside (API answer times, history, memory, descriptors, threads).
# At the end: every pushed commit applied, marked invalid or superseded by a newer one (none lost), time from push
# to applied, the final plan (must be clean), memory, descriptors and threads per replica, history size, API p99,
# and what serve logged about each fault. Runs shorter than 30 minutes keep every fault, with shorter outages.
#
# Usage: bench/serve-faults.sh [MINUTES]
#   PENG_BIN=DIR           use the peng and peng-simulator already built in DIR (the test suite's run)
#   PENG_FAULTS_JSON=FILE  also write the figures as JSON
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"
total=$((minutes * 60))
source bench/supervisors.sh 5
faults_cleanup() {
    local rc=$?
    set +e  # every step runs, whatever failed before
    for file in "$work"/*.pid; do kill -9 "$(cat "$file")" 2>/dev/null; done
    scripts/example-world down "$work"
    rm -rf "$work"
    exit "$rc"
}
trap faults_cleanup EXIT
trap 'exit 143' TERM INT
if [ -n "${PENG_PLANE_OWNER:-}" ]; then  # started by a test: end with it
    ( while kill -0 "$PENG_PLANE_OWNER" 2>/dev/null; do sleep 2; done; kill -TERM $$ ) >/dev/null 2>&1 </dev/null &
    echo $! >"$work/owner-watch.pid"
fi

if [ "$minutes" -ge 30 ]; then
    api_stop_at=180; api_stop_for=60; git_out_at=480; git_out_for=120; revoke_at=780; revoke_for=120
    kill_every=300; drift_every=120
else
    api_stop_at=$((total * 15 / 100)); api_stop_for=30; git_out_at=$((total * 40 / 100)); git_out_for=30
    revoke_at=$((total * 65 / 100)); revoke_for=30; kill_every=$((total / 2)); drift_every=$((total / 3))
fi
commit_every=20

start_simulator 1
kc() { "$KUBECTL" "$@"; }
kc --context supervisor-muenster create namespace peng-system >/dev/null

# The remote and a team member's clone; serve follows the remote through a path that the outage removes.
clone="$work/clone"
cp -r examples/fleet "$clone"
printf '  reconcile:\n    drift: correct\n' >>"$clone/platform.yaml"
git_c() { git -C "$clone" -c user.name=bench -c user.email=bench@example.internal "$@"; }
git init -q --bare -b main "$work/remote.git"
git_c init -q -b main
git_c add -A
git_c commit -qm "The example fleet, drift corrected"
git_c push -q "$work/remote.git" main
ln -s "$work/remote.git" "$work/remote-link"

# serve reaches frankfurt with a ServiceAccount token read from a file (revocable); muenster with the admin token.
kc --context supervisor-frankfurt create namespace peng-system >/dev/null
kc --context supervisor-frankfurt -n peng-system create serviceaccount peng-serve >/dev/null
kc --context supervisor-frankfurt create clusterrolebinding peng-serve --clusterrole=cluster-admin --serviceaccount=peng-system:peng-serve >/dev/null
issue_token() {  # a token bound to the Secret peng-serve-binding: deleting the Secret revokes it
    kc --context supervisor-frankfurt -n peng-system create secret generic peng-serve-binding >/dev/null
    kc --context supervisor-frankfurt create --raw /api/v1/namespaces/peng-system/serviceaccounts/peng-serve/token -f - >"$work/token-request.json" <<'JSON'
{"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
 "spec": {"expirationSeconds": 86400, "boundObjectRef": {"kind": "Secret", "apiVersion": "v1", "name": "peng-serve-binding"}}}
JSON
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['status']['token'])" "$work/token-request.json" >"$work/frankfurt.token.new"
    mv "$work/frankfurt.token.new" "$work/frankfurt.token"
    rm -f "$work/token-request.json"
}
issue_token
cp "$KUBECONFIG" "$work/serve-kubeconfig"
kc --kubeconfig "$work/serve-kubeconfig" config set "users.frankfurt-sa.tokenFile" "$work/frankfurt.token" >/dev/null
kc --kubeconfig "$work/serve-kubeconfig" config set-context supervisor-frankfurt --user=frankfurt-sa >/dev/null

token="$(cat "$work/planes/plane-1/pki/admin.token")"
api() { curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$1$2"; }

generation=0
start_replica() {  # SLOT: a new replica (a new name, as a restarted pod gets) in slot a or b
    local slot="$1" name port=""
    generation=$((generation + 1))
    name="$slot$generation"
    "$peng" serve --repo "$work/remote-link" --interval 10s --listen 127.0.0.1:0 --kubeconfig "$work/serve-kubeconfig" \
        --management-context supervisor-muenster --workdir "$work/serve-$name" --identity "$name" --log-format json \
        >"$work/serve-$name.out" 2>"$work/serve-$name.log" </dev/null &
    echo $! >"$work/$slot.pid"
    echo "$name" >"$work/$slot.name"
    for _ in $(seq 1 3000); do  # a bound for a hang only
        port="$(grep -Eo '127\.0\.0\.1:[0-9]+' "$work/serve-$name.out" 2>/dev/null | head -1 | cut -d: -f2 || true)"
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "bench: replica $name did not start:" >&2; tail -5 "$work/serve-$name.log" >&2; exit 1; }
    echo "$port" >"$work/$slot.port"
    echo "$name $(cat "$work/$slot.pid") $port" >>"$work/replicas"
}

any_port() {  # a replica that answers
    for slot in a b; do
        if api "$(cat "$work/$slot.port")" /api/v1/fleet >/dev/null 2>&1; then cat "$work/$slot.port"; return 0; fi
    done
    return 1
}

wait_head_applied() {  # SHA: until the history shows it applied (a bound for a hang only)
    local port
    for _ in $(seq 1 9000); do
        if port="$(any_port)" && api "$port" /api/v1/revisions | python3 -c "
import json, sys
sys.exit(0 if any(r['commit']['sha'] == '$1' and r['outcome'] == 'applied' for r in json.load(sys.stdin)) else 1)"; then
            return 0
        fi
        sleep 0.2
    done
    echo "bench: revision $1 was not applied" >&2
    exit 1
}

# The run's events, each with its time: commits, drift, faults.
: >"$work/commits"
: >"$work/events"
commits=0
commit() {
    local kind=quota position=$((commits % 15))
    commits=$((commits + 1))
    sed -i -E "s/(quota: \{cpu: \"40\", memory: 320Gi, pods: )[0-9]+\}/\1$((400 + commits))}/" "$clone/teams/discovery/search.yaml"
    case "$position" in
        2) kind=order-added
           printf 'apiVersion: peng.dev/v1alpha1\nkind: Order\nmetadata:\n  name: search-queue\nspec:\n  team: search\n  product: redis\n  version: "7.2"\n  stage: integration\n  namespace: search\n' \
               >"$clone/orders/search/search-queue-integration.yaml" ;;
        3) kind=invalid
           printf 'apiVersion: peng.dev/v1alpha1\nkind: Order\nmetadata:\n  name: search-broken\nspec:\n  team: search\n  product: no-such-product\n  version: "1"\n  stage: integration\n  namespace: search\n' \
               >"$clone/orders/search/search-broken.yaml" ;;
        4) kind=fixed; rm -f "$clone/orders/search/search-broken.yaml" ;;
        6) kind=order-removed; rm -f "$clone/orders/search/search-queue-integration.yaml" ;;
    esac
    git_c add -A
    git_c commit -qm "search: $((400 + commits)) pods in production ($kind)"
    git_c push -q "$work/remote.git" main
    echo "$(git_c rev-parse HEAD) $(date +%s.%N) $kind" >>"$work/commits"
}

drift_target=""
inject_drift() {  # a team quota changed by hand on a workload cluster
    if [ -z "$drift_target" ]; then
        for context in plane-3 plane-4 plane-5; do
            found="$(kc --context "$context" get resourcequota -A -o jsonpath='{range .items[*]}{.metadata.namespace} {.metadata.name}{"\n"}{end}' 2>/dev/null | grep -v '^kube-' | head -1)"
            [ -n "$found" ] && { drift_target="$context $found"; break; }
        done
    fi
    read -r context namespace name <<<"$drift_target"
    kc --context "$context" -n "$namespace" patch resourcequota "$name" --type merge -p '{"spec":{"hard":{"pods":"3"}}}' >/dev/null
    echo "drift $(date +%s.%N)" >>"$work/events"
}

kill_leader() {
    local leader
    leader="$(kc --context supervisor-muenster -n peng-system get lease peng -o jsonpath='{.spec.holderIdentity}' 2>/dev/null || true)"
    for slot in a b; do
        if [ "$(cat "$work/$slot.name")" = "$leader" ]; then
            kill -9 "$(cat "$work/$slot.pid")"
            echo "leader-killed $(date +%s.%N) $leader" >>"$work/events"
            start_replica "$slot"
            return
        fi
    done
    echo "leader-not-found $(date +%s.%N) ${leader:-none}" >>"$work/events"
}

# How often the replicas have logged EVENT so far (a fault ends only once serve has noticed it: on a loaded machine a
# pass may take longer than the outage, and an outage nobody saw tests nothing).
logged() { cat "$work"/serve-*.log 2>/dev/null | grep -c "\"event\":\"$1\"" || true; }
noticed() {  # EVENT COUNT: logged more often than COUNT times
    [ "$(logged "$1")" -gt "$2" ]
}

fault() {  # NAME start|end
    echo "$1-$2 $(date +%s.%N)" >>"$work/events"
    case "$1-$2" in
        supervisor-api-start) scripts/testenv plane stop "$work/planes/plane-2" --apiserver-only >/dev/null ;;
        supervisor-api-end) scripts/testenv plane resume "$work/planes/plane-2" >/dev/null ;;
        git-start) rm "$work/remote-link" ;;
        git-end) ln -s "$work/remote.git" "$work/remote-link" ;;
        credential-start) kc --context supervisor-frankfurt -n peng-system delete secret peng-serve-binding >/dev/null ;;
        credential-end) issue_token ;;
    esac
}

start_replica a
start_replica b
wait_head_applied "$(git_c rev-parse HEAD)"
echo "bench: the example fleet is applied; $minutes minutes of commits and faults begin" >&2
python3 bench/serve_faults_observer.py "$work" "$token" &
echo $! >"$work/observer.pid"

start=$(date +%s)
next_commit=0; next_drift=$drift_every; next_kill=$kill_every
api_down=""; git_down=""; revoked=""
while :; do
    elapsed=$(( $(date +%s) - start ))
    # The run ends on time, but a fault still open lasts until serve has noticed it (the bound catches only a hang).
    if [ "$elapsed" -ge "$total" ]; then
        [ "$api_down" != 1 ] && [ "$git_down" != 1 ] && [ "$revoked" != 1 ] && break
        [ "$elapsed" -lt $((total + 900)) ] || { echo "bench: serve never noticed a fault; see $work/events" >&2; exit 1; }
    else
        if [ "$elapsed" -ge "$next_commit" ]; then commit; next_commit=$((next_commit + commit_every)); fi
        if [ "$elapsed" -ge "$next_drift" ] && [ "$elapsed" -lt $((total - 30)) ]; then inject_drift; next_drift=$((next_drift + drift_every)); fi
        if [ "$elapsed" -ge "$next_kill" ]; then kill_leader; next_kill=$((next_kill + kill_every)); fi
    fi
    if [ -z "$api_down" ] && [ "$elapsed" -ge "$api_stop_at" ]; then api_seen=$(logged supervisor_failed); fault supervisor-api start; api_down=1; fi
    if [ "$api_down" = 1 ] && [ "$elapsed" -ge $((api_stop_at + api_stop_for)) ] && noticed supervisor_failed "$api_seen"; then
        fault supervisor-api end; api_down=done
    fi
    if [ -z "$git_down" ] && [ "$elapsed" -ge "$git_out_at" ]; then git_seen=$(logged git_failed); fault git start; git_down=1; fi
    if [ "$git_down" = 1 ] && [ "$elapsed" -ge $((git_out_at + git_out_for)) ] && noticed git_failed "$git_seen"; then
        fault git end; git_down=done
    fi
    if [ -z "$revoked" ] && [ "$elapsed" -ge "$revoke_at" ]; then revoke_seen=$(logged supervisor_failed); fault credential start; revoked=1; fi
    if [ "$revoked" = 1 ] && [ "$elapsed" -ge $((revoke_at + revoke_for)) ] && noticed supervisor_failed "$revoke_seen"; then
        fault credential end; revoked=done
    fi
    sleep 1
done

head="$(git_c rev-parse HEAD)"
wait_head_applied "$head"
# Settled: the leader shows no drift pending and no problem (drift injected late corrected, every fault over).
settled() {
    for slot in a b; do
        api "$(cat "$work/$slot.port")" /api/v1/fleet 2>/dev/null | python3 -c "
import json, sys
fleet = json.load(sys.stdin)
sys.exit(0 if fleet['leader'] and not fleet.get('problems') and not sum(fleet.get('pending', {}).values()) else 1)" && return 0
    done
    return 1
}
for _ in $(seq 1 3000); do settled && break; sleep 0.2; done  # a bound for a hang only
touch "$work/observer.stop"
while kill -0 "$(cat "$work/observer.pid")" 2>/dev/null; do sleep 0.2; done

plan_status=0
"$peng" plan "$clone" --kubeconfig "$KUBECONFIG" --detailed-exitcode >"$work/final-plan.txt" 2>&1 || plan_status=$?
history_bytes="$(kc --context supervisor-muenster -n peng-system get configmap peng-history -o json | wc -c)"
metrics="$(api "$(any_port)" /metrics || true)"

python3 bench/serve_faults_report.py "$work" "$minutes" "$plan_status" "$history_bytes" "${PENG_FAULTS_JSON:-}" <<<"$metrics"
[ "$plan_status" = 0 ] || { echo "bench: the final plan is not clean:" >&2; tail -30 "$work/final-plan.txt" >&2; exit 1; }
