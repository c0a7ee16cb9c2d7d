#!/usr/bin/env bash
# `peng upgrade plan` cost. Offline: a generated fleet of 300 clusters (a third on 1.26, two steps to 1.28; the rest on
# 1.27), beside `peng validate` of the same fleet, the floor every command pays. Live: the example fleet on two local
# Supervisors (peng-simulator, no provisioning delay) — the whole fleet beside each cluster alone (it should cost
# about the slowest cluster, not the sum), and beside the peer a platform team scripts today with kubectl: per
# cluster, the Supervisor's reported version, the API server's deprecated-API metric, and the removed kinds listed.
# Release builds. Usage: bench/upgrade.sh [RUNS]   (median of RUNS, default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
to=v1.28.8+vmware.1-fips.1-tkg.2
source bench/supervisors.sh 5

seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >"$work/last.out" 2>"$work/last.err" || { [ $? = 2 ] || { cat "$work/last.out" "$work/last.err" >&2; exit 1; }; }
    end=$(date +%s.%N)
    python3 -c "print(round($end - $start, 3))"
}
median() { python3 -c "import statistics,sys; print(round(statistics.median(float(x) for x in sys.argv[1:]), 3))" "$@"; }
repeat() { local values=(); for _ in $(seq 1 "$runs"); do values+=("$(seconds "$@")"); done; median "${values[@]}"; }

python3 bench/generate_fleet.py "$work/fleet-300" 300 3000
validate_300=$(repeat "$peng" validate "$work/fleet-300")
offline_300=$(repeat "$peng" upgrade plan "$work/fleet-300" --offline --to "$to")
steps_300=$(grep -Eo 'in [0-9]+ steps' "$work/last.out" | grep -Eo '[0-9]+')

start_simulator 0
"$peng" apply examples/fleet >/dev/null 2>&1
live_all=$(repeat "$peng" upgrade plan examples/fleet --to "$to")
clusters=(int-shared-01 prd-checkout-01 prd-shared-01)
declare -A one
sum=0; slowest=0
for cluster in "${clusters[@]}"; do
    one[$cluster]=$(repeat "$peng" upgrade plan examples/fleet --to "$to" --cluster "$cluster")
    sum=$(python3 -c "print(round($sum + ${one[$cluster]}, 3))")
    slowest=$(python3 -c "print(max($slowest, ${one[$cluster]}))")
done

# The peer: what a team scripts with kubectl, cluster after cluster.
for cluster in "${clusters[@]}"; do
    case "$cluster" in int-shared-01) ns=platform-int; sv=supervisor-muenster ;; prd-checkout-01) ns=checkout-prd; sv=supervisor-muenster ;;
        *) ns=platform-prd; sv=supervisor-frankfurt ;; esac
    "$KUBECTL" --context "$sv" get secret -n "$ns" "$cluster-kubeconfig" -o jsonpath='{.data.value}' | base64 -d >"$work/kubeconfig-$cluster"
done
peer() {
    for cluster in "${clusters[@]}"; do
        case "$cluster" in int-shared-01) ns=platform-int; sv=supervisor-muenster ;; prd-checkout-01) ns=checkout-prd; sv=supervisor-muenster ;;
            *) ns=platform-prd; sv=supervisor-frankfurt ;; esac
        "$KUBECTL" --context "$sv" get tkc -n "$ns" "$cluster" -o jsonpath='{.status.version}' >/dev/null
        "$KUBECTL" --context "$sv" get tanzukubernetesreleases -o name >/dev/null
        KUBECONFIG="$work/kubeconfig-$cluster" "$KUBECTL" get --raw /metrics | grep '^apiserver_requested_deprecated_apis' >/dev/null || true
        KUBECONFIG="$work/kubeconfig-$cluster" "$KUBECTL" get horizontalpodautoscalers.v2beta2.autoscaling,csistoragecapacities.v1beta1.storage.k8s.io \
            -A -o json >/dev/null 2>&1 || true
    done
}
peer_all=$(repeat peer)

echo
echo "peng upgrade plan; release build; $(nproc) cores; median of $runs"
printf '  %-66s %8s\n' "step" "wall"
printf '  %-66s %7.2f s\n' "peng validate, 300 generated clusters (the floor)" "$validate_300"
printf '  %-66s %7.2f s\n' "peng upgrade plan --offline --to 1.28, 300 clusters ($steps_300 steps)" "$offline_300"
printf '  %-66s %7.2f s\n' "peng upgrade plan --to 1.28, example fleet live (3 clusters, 2 Supervisors)" "$live_all"
for cluster in "${clusters[@]}"; do printf '  %-66s %7.2f s\n' "peng upgrade plan --to 1.28 --cluster $cluster" "${one[$cluster]}"; done
printf '  %-66s %7.2f s   (sum of the three: %.2f s)\n' "slowest single cluster" "$slowest" "$sum"
printf '  %-66s %7.2f s\n' "peer: kubectl script, cluster after cluster (version, offer, metric, kinds)" "$peer_all"
