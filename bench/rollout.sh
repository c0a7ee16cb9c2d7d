#!/usr/bin/env bash
# The example fleet from nothing to running through two local Supervisors (peng-simulator plays vSphere with Tanzu
# with no provisioning delay: a cluster is reported ready at the simulator's next poll, within 0.25 s), then
# `peng status` for the whole fleet beside `peng status` of each cluster alone: status should cost about as much as
# the slowest cluster, not the sum. kubectl diff of the same objects, cluster after cluster, is the peer for the
# no-change check. Release builds; one fresh set of control planes.
# Usage: bench/rollout.sh [RUNS]   (RUNS: repetitions of the status and no-change figures, median printed; default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
source bench/supervisors.sh 5
start_simulator 0

seconds() {  # command... -> wall seconds (exit 1 from kubectl diff means "differences", which is fine)
    local start end rc=0
    start=$(date +%s.%N)
    "$@" >"$work/last.out" 2>"$work/last.err" || rc=$?
    end=$(date +%s.%N)
    if [ "$rc" != 0 ] && ! { [ "$rc" = 1 ] && [ "${1##*/}" = kubectl ]; }; then cat "$work/last.out" "$work/last.err" >&2; exit 1; fi
    python3 -c "print(round($end - $start, 3))"
}
median() { python3 -c "import statistics,sys; print(round(statistics.median(float(x) for x in sys.argv[1:]), 3))" "$@"; }
repeat() { local values=(); for _ in $(seq 1 "$runs"); do values+=("$(seconds "$@")"); done; median "${values[@]}"; }

apply_create=$(seconds "$peng" apply examples/fleet)
objects=$(grep -Eo '^Applied: [0-9]+ created' "$work/last.out" | grep -Eo '[0-9]+')
apply_again=$(repeat "$peng" apply examples/fleet)
plan_again=$(repeat "$peng" plan examples/fleet)
status_all=$(repeat "$peng" status examples/fleet)
clusters=(int-shared-01 prd-checkout-01 prd-shared-01)
declare -A status_one
sum=0; slowest=0
for cluster in "${clusters[@]}"; do
    status_one[$cluster]=$(repeat "$peng" status examples/fleet --cluster "$cluster")
    sum=$(python3 -c "print(round($sum + ${status_one[$cluster]}, 3))")
    slowest=$(python3 -c "print(max($slowest, ${status_one[$cluster]}))")
done

# The peer: kubectl diff of the same rendered objects, cluster after cluster, through the published kubeconfigs.
"$peng" render examples/fleet --target workload --out "$work/rendered" 2>/dev/null
kubectl_bin="$(command -v kubectl || echo "$KUBECTL")"
diff_all() {
    for cluster in "${clusters[@]}"; do
        KUBECONFIG="$work/kubeconfig-$cluster" "$kubectl_bin" diff --server-side -R -f "$work/rendered/workload/$cluster" >/dev/null 2>&1 || [ $? = 1 ]
    done
}
for cluster in "${clusters[@]}"; do
    case "$cluster" in int-shared-01) ns=platform-int; sv=supervisor-muenster ;; prd-checkout-01) ns=checkout-prd; sv=supervisor-muenster ;;
        *) ns=platform-prd; sv=supervisor-frankfurt ;; esac
    "$KUBECTL" --context "$sv" get secret -n "$ns" "$cluster-kubeconfig" -o jsonpath='{.data.value}' | base64 -d >"$work/kubeconfig-$cluster"
done
kubectl_diff=$(repeat diff_all)

echo
echo "example fleet: 2 Supervisors, 3 clusters, $objects objects; release build; $(nproc) cores; median of $runs where repeated"
printf '  %-58s %8s\n' "step" "wall"
printf '  %-58s %7.2f s\n' "peng apply, from nothing (simulated provisioning ~0.25 s)" "$apply_create"
printf '  %-58s %7.2f s\n' "peng apply, nothing changed" "$apply_again"
printf '  %-58s %7.2f s\n' "peng plan, nothing changed" "$plan_again"
printf '  %-58s %7.2f s\n' "kubectl diff --server-side of the same cluster objects ($(basename "$kubectl_bin") $("$kubectl_bin" version --client -o json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])'))" "$kubectl_diff"
printf '  %-58s %7.2f s\n' "peng status, whole fleet" "$status_all"
for cluster in "${clusters[@]}"; do printf '  %-58s %7.2f s\n' "peng status --cluster $cluster" "${status_one[$cluster]}"; done
printf '  %-58s %7.2f s   (sum of the three: %.2f s)\n' "slowest single cluster" "$slowest" "$sum"
